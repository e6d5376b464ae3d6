namespace ImplicitL1.Bounds;

/// <summary>Least-squares line log e = c + k·log α: slope k, its standard error and the constant e^c.</summary>
/// <param name="Slope">k.</param>
/// <param name="SlopeStdError">√(SSR/(n−2) / Σ(log αᵢ − mean)²); NaN for fewer than 3 points.</param>
/// <param name="Constant">e^c.</param>
/// <param name="Points">n.</param>
public sealed record LogLogFit(double Slope, double SlopeStdError, double Constant, int Points)
{
    /// <summary>Fits the line; needs at least two distinct α.</summary>
    public static LogLogFit Fit(IReadOnlyList<double> alphas, IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(alphas);
        ArgumentNullException.ThrowIfNull(values);
        if (alphas.Count != values.Count)
        {
            throw new ArgumentException($"values has {values.Count} entries but alphas has {alphas.Count}.", nameof(values));
        }

        int n = alphas.Count;
        var lx = alphas.Select(a => Math.Log(a)).ToArray();
        var ly = values.Select(v => Math.Log(v)).ToArray();
        double mx = lx.Average(), my = ly.Average();
        double sxx = 0, sxy = 0;
        for (int i = 0; i < n; i++)
        {
            sxx += (lx[i] - mx) * (lx[i] - mx);
            sxy += (lx[i] - mx) * (ly[i] - my);
        }

        if (!(sxx > 0))
        {
            throw new ArgumentException("At least two distinct α are needed to fit an exponent.", nameof(alphas));
        }

        double slope = sxy / sxx;
        double intercept = my - (slope * mx);
        double ssr = 0;
        for (int i = 0; i < n; i++)
        {
            double r = ly[i] - intercept - (slope * lx[i]);
            ssr += r * r;
        }

        double se = n > 2 ? Math.Sqrt(ssr / (n - 2) / sxx) : double.NaN;
        return new LogLogFit(slope, se, Math.Exp(intercept), n);
    }
}
