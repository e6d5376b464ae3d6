namespace ImplicitL1.Potentials;

/// <summary>
/// Elementary functions without cancellation. .NET's double.ExpM1/LogP1 compute exp(x) − 1 and log(1 + x) naively,
/// so the accurate forms (Kahan's tricks, a few ulps) live here.
/// </summary>
internal static class SpecialFunctions
{
    /// <summary>eˣ − 1, accurate for small |x| (Kahan: (u − 1)·x / log u with u = eˣ).</summary>
    public static double Expm1(double x)
    {
        if (Math.Abs(x) > 0.5)
        {
            return Math.Exp(x) - 1.0;
        }

        double u = Math.Exp(x);
        if (u == 1.0)
        {
            return x;
        }

        return (u - 1.0) * x / Math.Log(u);
    }

    /// <summary>log(1 + x), accurate for small |x| (Kahan: log(u)·x / (u − 1) with u = 1 + x).</summary>
    public static double Log1p(double x)
    {
        if (Math.Abs(x) > 0.5)
        {
            return Math.Log(1.0 + x);
        }

        double u = 1.0 + x;
        if (u == 1.0)
        {
            return x;
        }

        return Math.Log(u) * x / (u - 1.0);
    }

    /// <summary>log(eᶻ − 1) for z &gt; 0 without overflow: z + log(1 − e⁻ᶻ) for large z.</summary>
    public static double LogExpm1(double z) => z > 1.0 ? z + Log1p(-Math.Exp(-z)) : Math.Log(Expm1(z));

    /// <summary>log(2 sinh z) for z &gt; 0: z + log(1 − e^{−2z}), finite for every finite z.</summary>
    public static double Log2Sinh(double z) => z + Math.Log(-Expm1(-2.0 * z));

    /// <summary>log(1 + eᶻ) without overflow.</summary>
    public static double Softplus(double z) => z > 0 ? z + Log1p(Math.Exp(-z)) : Log1p(Math.Exp(z));

    /// <summary>log(eᵃ + eᵇ).</summary>
    public static double LogAddExp(double a, double b)
    {
        double hi = Math.Max(a, b);
        return double.IsNegativeInfinity(hi) ? hi : hi + Log1p(Math.Exp(Math.Min(a, b) - hi));
    }
}
