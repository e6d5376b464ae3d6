using static ImplicitL1.Potentials.SpecialFunctions;

namespace ImplicitL1.Potentials;

/// <summary>
/// Potential of the non-negative parametrization x = u^D with u(0)^D = α (docs/theory.md §2) [reconstructed].
/// D = 2: h(w) = eʷ, q(t) = t log t − t + 1 (relative entropy), φ(w) = eʷ − 1.
/// D &gt; 2: h(w) = (1−w)^{−p}, p = D/(D−2), w &lt; 1; q(t) = t − (D/2)·t^{2/D} + (D−2)/2;
/// φ(w) = ((D−2)/2)·[(1−w)^{−2/(D−2)} − 1]. q is defined for t ≥ 0 (+∞ for t &lt; 0).
/// </summary>
public sealed class NonNegativePotential : IPotential
{
    private readonly double _p;
    private readonly double _k;
    private readonly double _r;

    /// <summary>Creates the potential for depth <paramref name="depth"/> (2 or a finite real &gt; 2).</summary>
    public NonNegativePotential(double depth)
    {
        (_p, _k, _r) = LinkExponents.For(depth);
        Depth = depth;
        IsShallow = depth == 2.0;
    }

    /// <inheritdoc/>
    public double Depth { get; }

    /// <summary>True for D = 2.</summary>
    public bool IsShallow { get; }

    /// <inheritdoc/>
    public double DualLower => double.NegativeInfinity;

    /// <inheritdoc/>
    public double DualUpper => IsShallow ? double.PositiveInfinity : 1.0;

    /// <inheritdoc/>
    public double H(double w) => IsShallow ? Math.Exp(w) : w < 1.0 ? Math.Exp(-_p * Log1p(-w)) : double.PositiveInfinity;

    /// <inheritdoc/>
    public double PhiPrime(double w) => H(w);

    /// <inheritdoc/>
    public double HInverse(double t)
    {
        if (t < 0)
        {
            return double.NaN;
        }

        // D > 2: w = 1 − t^{−1/p} = −expm1(−log(t)/p).
        return IsShallow ? Math.Log(t) : -Expm1(-Math.Log(t) / _p);
    }

    /// <inheritdoc/>
    public double Q(double t)
    {
        if (t < 0)
        {
            return double.PositiveInfinity;
        }

        if (t == 0)
        {
            return IsShallow ? 1.0 : (Depth - 2.0) / 2.0;
        }

        double u = Math.Log(t);
        if (IsShallow ? Math.Abs(t - 1.0) < 0.1 : Math.Abs(u) < 0.5)
        {
            return SeriesNearOne(t, u);
        }

        return IsShallow ? (t * u) - t + 1.0 : t - (Depth / 2.0 * Math.Pow(t, 2.0 / Depth)) + ((Depth - 2.0) / 2.0);
    }

    /// <inheritdoc/>
    public double Phi(double w)
    {
        if (IsShallow)
        {
            return Expm1(w);
        }

        return w < 1.0 ? (Depth - 2.0) / 2.0 * Expm1(-_k * Log1p(-w)) : double.PositiveInfinity;
    }

    /// <inheritdoc/>
    public double PhiSecond(double w) =>
        IsShallow ? Math.Exp(w) : w < 1.0 ? _p * Math.Exp(-_r * Log1p(-w)) : double.PositiveInfinity;

    /// <inheritdoc/>
    public double ScaledH(double logAlpha, double w) =>
        IsShallow ? Math.Exp(logAlpha + w) : w < 1.0 ? Math.Exp(logAlpha - (_p * Log1p(-w))) : double.PositiveInfinity;

    /// <inheritdoc/>
    public double ScaledPhiSecond(double logAlpha, double w) =>
        IsShallow ? Math.Exp(logAlpha + w) : w < 1.0 ? _p * Math.Exp(logAlpha - (_r * Log1p(-w))) : double.PositiveInfinity;

    /// <inheritdoc/>
    public double ScaledPhi(double logAlpha, double w) => Math.Exp(logAlpha) * Phi(w);

    // q near t = 1 without cancellation, u = log t. D = 2: Σ_{n≥2} (−1)ⁿ(t−1)ⁿ/(n(n−1)).
    // D > 2 (e = 2/D): q = expm1(u) − expm1(e·u)/e = Σ_{n≥2} uⁿ(1 − e^{n−1})/n!.
    private double SeriesNearOne(double t, double u)
    {
        double sum = 0.0;
        if (IsShallow)
        {
            double v = t - 1.0;
            double power = -v;
            for (int n = 2; n < 80; n++)
            {
                power *= -v;
                double term = power / (n * (n - 1.0));
                sum += term;
                if (Math.Abs(term) <= 1e-17 * Math.Abs(sum))
                {
                    break;
                }
            }

            return sum;
        }

        double e = 2.0 / Depth;
        double un = u;
        double eu = 1.0;
        for (int n = 2; n < 60; n++)
        {
            un *= u / n;
            eu *= e;
            double term = un * (1.0 - eu);
            sum += term;
            if (Math.Abs(term) <= 1e-17 * Math.Abs(sum))
            {
                break;
            }
        }

        return sum;
    }
}
