using System.Globalization;
using ImplicitL1.Problems;

namespace ImplicitL1.Experiments.Claims;

/// <summary>Small statistics and grid helpers shared by the claims.</summary>
public static class ClaimStats
{
    /// <summary>Mean of the finite values (NaN when none).</summary>
    public static double Mean(IEnumerable<double> values)
    {
        var v = values.Where(double.IsFinite).ToArray();
        return v.Length == 0 ? double.NaN : v.Average();
    }

    /// <summary>Sample standard deviation √(Σ(x − x̄)²/(n − 1)) of the finite values (NaN with fewer than two).</summary>
    public static double StdDev(IEnumerable<double> values)
    {
        var v = values.Where(double.IsFinite).ToArray();
        if (v.Length < 2)
        {
            return double.NaN;
        }

        double m = v.Average();
        return Math.Sqrt(v.Sum(x => (x - m) * (x - m)) / (v.Length - 1));
    }

    /// <summary>Geometric mean exp(mean log x) of the finite positive values (NaN when none).</summary>
    public static double GeometricMean(IEnumerable<double> values)
    {
        var v = values.Where(x => double.IsFinite(x) && x > 0).ToArray();
        return v.Length == 0 ? double.NaN : Math.Exp(v.Average(Math.Log));
    }

    /// <summary>Largest value; NaN when empty or when any value is NaN (a missing number is never skipped).</summary>
    public static double Max(IEnumerable<double> values)
    {
        var v = values.ToArray();
        return v.Length == 0 || v.Any(double.IsNaN) ? double.NaN : v.Max();
    }

    /// <summary>10^from, 10^(from − step), …, down to 10^to (exact decades where step is 1).</summary>
    public static double[] Decades(double fromExponent, double toExponent, double step = 1.0)
    {
        int n = (int)Math.Round((fromExponent - toExponent) / step) + 1;
        return [.. Enumerable.Range(0, n).Select(k => PowerOfTen(fromExponent - (k * step)))];
    }

    /// <summary>10^e, exact (parsed) for integer e.</summary>
    public static double PowerOfTen(double e)
    {
        double r = Math.Round(e);
        return Math.Abs(e - r) < 1e-9
            ? double.Parse("1e" + ((int)r).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)
            : Math.Pow(10.0, e);
    }

    /// <summary>A seeded Gaussian instance y = A x* + η·g/√m (see <see cref="ProblemGenerator"/>).</summary>
    public static GeneratedInstance Gaussian(int m, int n, int s, long seed, double noise = 0.0) =>
        ProblemGenerator.Generate(new GeneratorOptions { M = m, N = n, S = s, Seed = seed, Noise = noise });

    /// <summary>‖a − b‖₂.</summary>
    public static double Distance(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => System.Numerics.Tensors.TensorPrimitives.Distance(a, b);

    /// <summary>Long seed list 1..count.</summary>
    public static long[] Seeds(int count) => [.. Enumerable.Range(1, count).Select(i => (long)i)];

    /// <summary>Exact equality of grid values that went through round-trip formatting.</summary>
    public static bool Same(double a, double b) =>
        a.ToString("R", CultureInfo.InvariantCulture) == b.ToString("R", CultureInfo.InvariantCulture);
}
