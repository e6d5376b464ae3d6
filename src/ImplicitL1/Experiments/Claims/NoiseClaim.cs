using ImplicitL1.BasisPursuit;
using ImplicitL1.Limit;

namespace ImplicitL1.Experiments.Claims;

/// <summary>
/// Claim 5 (the paper's Experiment 1 setting; the explanation is [reconstructed]): with noise, ϱ → ~1 and the D = 2
/// rate α^{1−ϱ} collapses at realistic α; on each instance's asymptotic α window the exponent is still 1 − ϱ.
/// </summary>
public static class NoiseClaim
{
    /// <summary>Noise levels η of Experiment 1.</summary>
    public static readonly double[] NoiseLevels = [0.0, 0.03, 0.1, 0.4];

    /// <summary>α grid 1e-1 … 1e-12 (the realistic range of Experiment 1).</summary>
    public static readonly double[] Alphas = ClaimStats.Decades(-1, -12);

    /// <summary>α of the realistic slope fit (≤ 1e-8).</summary>
    public static readonly double[] FitAlphas = [.. Alphas.Where(a => a <= 1e-8)];

    /// <summary>ϱ at the largest noise must reach this (mean over seeds).</summary>
    public const double VarrhoThreshold = 0.95;

    /// <summary>Mean fitted slope at the largest noise must be at most this.</summary>
    public const double CollapsedSlope = 0.1;

    /// <summary>The noiseless mean slope must exceed this multiple of the slope at the largest noise.</summary>
    public const double SlopeFactor = 5;

    /// <summary>Name, number, title and statement.</summary>
    public static ClaimInfo Info { get; } = new("noise", 5,
        "Experiment 1: D = 2, noise η ∈ {0, 0.03, 0.1, 0.4}: ϱ → ~1 and the rate collapses",
        "[paper] Experiment 1 setting: D = 2, noise levels η ∈ {0, 0.03, 0.1, 0.4}, error vs α → 0. [reconstructed] With noisy y, BP has |S| = m and ϱ ≈ 0.99, so the D = 2 rate α^{1−ϱ} nearly stalls; its exponent 1 − ϱ shows only far below α = 1e-12.");

    /// <summary>One grid point.</summary>
    public sealed record Point(int M, int N, int S, double Noise, long Seed);

    /// <summary>
    /// One instance: noise, seed, BP status, ϱ, |S|, ‖x∞(α) − x_ℓ¹‖ per α of <see cref="Alphas"/> (NaN where a point
    /// failed), and the asymptotic window with log10 errors on it (both empty unless BP is unique).
    /// </summary>
    public sealed record Row(double Noise, long Seed, string BpStatus, double Varrho, int SupportSize, double[] Errors,
        double[] FitLog10Alphas, double[] FitLog10Errors);

    /// <summary>The grid: Gaussian 100×400, s = 10 (quick: 40×100, s = 5) × noise × seeds (quick 3, else 6), D = 2.</summary>
    public static IReadOnlyList<Point> Grid(bool quick) =>
        // |S| = m and ϱ ≈ 0.99 with noise show at m = 100 (ϱ ≈ 0.94 on average at 20×50): docs/theory.md §6.
        [.. from noise in NoiseLevels from seed in ClaimStats.Seeds(quick ? 3 : 6)
            select quick ? new Point(40, 100, 5, noise, seed) : new Point(100, 400, 10, noise, seed)];

    /// <summary>BP, ϱ and the exact limits at <see cref="Alphas"/> and on the instance's window (one continuation).</summary>
    public static Row Evaluate(Point p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var problem = ClaimStats.Gaussian(p.M, p.N, p.S, p.Seed, p.Noise).Problem;
        var bp = BasisPursuitSolver.Solve(problem);
        var window = RateD2Claim.Window(problem, bp);
        double varrho = bp.Varrho?.Value ?? double.NaN;
        if (window is null)
        {
            return new Row(p.Noise, p.Seed, bp.Status.ToSnakeCase(), varrho, bp.Support.Length, [.. Alphas.Select(_ => double.NaN)], [], []);
        }

        var log10Errors = RateD2Claim.Log10Errors(problem, bp, [.. Alphas.Select(a => LogAlpha.FromValue(a)), .. window.Alphas]);
        return new Row(p.Noise, p.Seed, bp.Status.ToSnakeCase(), varrho, bp.Support.Length,
            [.. log10Errors.Take(Alphas.Length).Select(l => double.IsFinite(l) ? Math.Pow(10.0, l) : double.NaN)],
            [.. window.Alphas.Select(a => a.Log10)], log10Errors[Alphas.Length..]);
    }

    /// <summary>Fitted slope of one instance over <see cref="FitAlphas"/> (realistic α).</summary>
    public static double Slope(Row row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return RateD2Claim.Slope(FitAlphas, [.. row.Errors.Where((_, k) => Alphas[k] <= 1e-8)]);
    }

    /// <summary>Fitted exponent of one instance on its asymptotic window.</summary>
    public static double AsymptoticExponent(Row row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return RateD2Claim.Exponent(row.FitLog10Alphas, row.FitLog10Errors);
    }

    /// <summary>
    /// Holds when every instance succeeded (BP success, every error present), mean ϱ at the largest noise ≥
    /// <see cref="VarrhoThreshold"/>, its mean realistic slope ≤ <see cref="CollapsedSlope"/>, the noiseless mean slope
    /// is more than <see cref="SlopeFactor"/> times larger, and on every instance the asymptotic exponent agrees with
    /// 1 − ϱ (<see cref="RateD2Claim.Agrees"/>).
    /// </summary>
    public static ClaimVerdict Analyze(IReadOnlyList<Row> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var levels = rows.Select(r => r.Noise).Distinct().Order().ToArray();
        var exponents = rows.Select(AsymptoticExponent).ToArray();
        int failed = rows.Where((r, i) => r.BpStatus != "success" || !double.IsFinite(r.Varrho) || r.Errors.Any(e => !double.IsFinite(e))
            || !double.IsFinite(exponents[i])).Count();
        var varrho = levels.Select(e => ClaimStats.Mean(rows.Where(r => r.Noise == e).Select(r => r.Varrho))).ToArray();
        var slope = levels.Select(e => ClaimStats.Mean(rows.Where(r => r.Noise == e).Select(Slope))).ToArray();
        var deviations = rows.Select((r, i) => Math.Abs(exponents[i] - (1 - r.Varrho))).ToArray();
        bool agree = rows.Select((r, i) => RateD2Claim.Agrees(r.Varrho, exponents[i])).All(ok => ok);
        bool measured = levels.Length >= 2 && levels[0] == 0;
        return new ClaimVerdict
        {
            Label = ClaimLabel.Reconstructed,
            MeasuredName = levels.Length == 0 ? "mean ϱ at the largest noise" : $"mean ϱ at η = {levels[^1]}",
            Measured = levels.Length == 0 ? double.NaN : varrho[^1],
            Expected = $"≥ {VarrhoThreshold}, mean fitted slope over α = 1e-8 … 1e-12 at the largest η ≤ {CollapsedSlope}, the noiseless mean slope more than {SlopeFactor}× larger, and on every instance |asymptotic exponent − (1 − ϱ)| ≤ {RateD2Claim.Tolerance} and ≤ {RateD2Claim.RelativeTolerance}·(1 − ϱ)",
            Holds = measured && failed == 0 && agree && varrho[^1] >= VarrhoThreshold && slope[^1] <= CollapsedSlope && slope[0] > SlopeFactor * slope[^1],
            FailedRows = failed,
            Details =
            [
                .. ClaimRows.Counts(rows.Count, failed),
                new("noise_levels", levels),
                new("varrho_mean", varrho),
                new("slope_mean", slope),
                new("max_abs_exponent_difference", ClaimStats.Max(deviations)),
                new("max_relative_exponent_difference", ClaimStats.Max(rows.Select((r, i) => deviations[i] / (1 - r.Varrho)))),
                new("asymptotic_exponent", exponents),
                new("log10_alpha_from", rows.Select(r => r.FitLog10Alphas.Length > 0 ? r.FitLog10Alphas[0] : double.NaN).ToArray()),
                new("log10_alpha_to", rows.Select(r => r.FitLog10Alphas.Length > 0 ? r.FitLog10Alphas[^1] : double.NaN).ToArray()),
            ],
        };
    }
}
