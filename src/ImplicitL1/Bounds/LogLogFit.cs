namespace ImplicitL1.Bounds;

/// <summary>Least-squares line log₁₀ e = c + k·log₁₀ α: slope k, its standard error and the constant 10^c.</summary>
/// <param name="Slope">k (the same in any logarithm base).</param>
/// <param name="SlopeStdError">√(SSR/(n−2) / Σ(log₁₀ αᵢ − mean)²); NaN for fewer than 3 points.</param>
/// <param name="Log10Constant">c = log₁₀ of the constant (finite where the constant itself underflows).</param>
/// <param name="Points">n.</param>
public sealed record LogLogFit(double Slope, double SlopeStdError, double Log10Constant, int Points)
{
    /// <summary>10^c: error ≈ Constant·α^k (0 or +∞ when it leaves the double range; see <see cref="Log10Constant"/>).</summary>
    public double Constant => Math.Pow(10.0, Log10Constant);

    /// <summary>Fits the line to α and values given as doubles (each &gt; 0); needs at least two distinct α.</summary>
    public static LogLogFit Fit(IReadOnlyList<double> alphas, IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(alphas);
        ArgumentNullException.ThrowIfNull(values);
        return FitLog10([.. alphas.Select(Math.Log10)], [.. values.Select(Math.Log10)], nameof(alphas), nameof(values));
    }

    /// <summary>Fits the line to log₁₀ α and log₁₀ values (so α = 1e-3000 and errors below 1e-308 fit); needs two distinct α.</summary>
    public static LogLogFit FitLog10(IReadOnlyList<double> log10Alphas, IReadOnlyList<double> log10Values) =>
        FitLog10(log10Alphas, log10Values, nameof(log10Alphas), nameof(log10Values));

    // Ordinary least squares on (xᵢ, yᵢ): k = Σ(x − x̄)(y − ȳ)/Σ(x − x̄)², c = ȳ − k·x̄.
    private static LogLogFit FitLog10(IReadOnlyList<double> x, IReadOnlyList<double> y, string xName, string yName)
    {
        ArgumentNullException.ThrowIfNull(x, xName);
        ArgumentNullException.ThrowIfNull(y, yName);
        if (x.Count != y.Count)
        {
            throw new ArgumentException($"{yName} has {y.Count} entries but {xName} has {x.Count}.", yName);
        }

        int n = x.Count;
        double mx = n == 0 ? double.NaN : x.Average(), my = n == 0 ? double.NaN : y.Average();
        double sxx = 0, sxy = 0;
        for (int i = 0; i < n; i++)
        {
            sxx += (x[i] - mx) * (x[i] - mx);
            sxy += (x[i] - mx) * (y[i] - my);
        }

        if (!(sxx > 0))
        {
            throw new ArgumentException("At least two distinct α are needed to fit an exponent.", xName);
        }

        double slope = sxy / sxx;
        double intercept = my - (slope * mx);
        double ssr = 0;
        for (int i = 0; i < n; i++)
        {
            double r = y[i] - intercept - (slope * x[i]);
            ssr += r * r;
        }

        double se = n > 2 ? Math.Sqrt(ssr / (n - 2) / sxx) : double.NaN;
        return new LogLogFit(slope, se, intercept, n);
    }
}
