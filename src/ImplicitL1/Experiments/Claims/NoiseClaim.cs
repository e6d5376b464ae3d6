using ImplicitL1.BasisPursuit;
using ImplicitL1.Problems;
using ImplicitL1.Sweeps;

namespace ImplicitL1.Experiments.Claims;

/// <summary>
/// Claim 5 (the paper's Experiment 1 setting; the explanation is [reconstructed]): with noise, ϱ → ~1 and the D = 2
/// rate α^{1−ϱ} collapses.
/// </summary>
public static class NoiseClaim
{
    /// <summary>Noise levels η of Experiment 1.</summary>
    public static readonly double[] NoiseLevels = [0.0, 0.03, 0.1, 0.4];

    /// <summary>α grid 1e-1 … 1e-12.</summary>
    public static readonly double[] Alphas = ClaimStats.Decades(-1, -12);

    /// <summary>α of the slope fit (≤ 1e-8).</summary>
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
        "[paper] Experiment 1 setting: D = 2, noise levels η ∈ {0, 0.03, 0.1, 0.4}, error vs α → 0. [reconstructed] With noisy y, BP has |S| = m and ϱ ≈ 0.99, so the D = 2 rate α^{1−ϱ} nearly stalls.");

    /// <summary>One instance: noise, seed, BP status, ϱ, |S| and ‖x∞(α) − x_ℓ¹‖ per α (NaN where a point failed).</summary>
    public sealed record Row(double Noise, long Seed, string BpStatus, double Varrho, int SupportSize, double[] Errors);

    /// <summary>The grid as a sweep spec: Gaussian 100×400, s = 10 (quick: 40×100, s = 5), noise × seeds × α, D = 2, exact limit.</summary>
    public static object Spec(bool quick) => new
    {
        name = "reproduce noise",
        // |S| = m and ϱ ≈ 0.99 with noise show at m = 100 (ϱ ≈ 0.94 on average at 20×50): docs/theory.md §6.
        problem = quick
            ? (object)new { m = 40, n = 100, s = 5, noise = NoiseLevels, seed = SweepClaimRows.SeedRange(3) }
            : new { m = 100, n = 400, s = 10, noise = NoiseLevels, seed = SweepClaimRows.SeedRange(6) },
        method = new { solver = "limit", depth = 2, alpha = Alphas },
    };

    /// <summary>One row per (noise, seed); |S| from basis pursuit on the same seeded instance (the sweep row keeps ϱ, not the support).</summary>
    public static Row[] Rows(IReadOnlyList<(SweepPoint Point, SweepRow Row)> results) =>
        [.. results.GroupBy(r => (r.Point.Noise, r.Point.Seed)).Select(g =>
        {
            var byAlpha = SweepClaimRows.ByAlpha(g, Alphas);
            int support = BasisPursuitSolver.Solve(ProblemGenerator.Generate(g.First().Point.ProblemOptions).Problem).Support.Length;
            return new Row(g.Key.Noise, g.Key.Seed, byAlpha[0].BpStatus, byAlpha[0].Varrho ?? double.NaN, support, [.. byAlpha.Select(SweepClaimRows.ErrorToL1)]);
        })];

    /// <summary>Fitted slope of one instance over <see cref="FitAlphas"/>.</summary>
    public static double Slope(Row row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return RateD2Claim.Slope(FitAlphas, [.. row.Errors.Where((_, k) => Alphas[k] <= 1e-8)]);
    }

    /// <summary>
    /// Holds when every instance succeeded (BP success, every error present), mean ϱ at the largest noise ≥
    /// <see cref="VarrhoThreshold"/>, its mean slope ≤ <see cref="CollapsedSlope"/> and the noiseless mean slope is
    /// more than <see cref="SlopeFactor"/> times larger.
    /// </summary>
    public static ClaimVerdict Analyze(IReadOnlyList<Row> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var levels = rows.Select(r => r.Noise).Distinct().Order().ToArray();
        int failed = rows.Count(r => r.BpStatus != "success" || !double.IsFinite(r.Varrho) || r.Errors.Any(e => !double.IsFinite(e)));
        var varrho = levels.Select(e => ClaimStats.Mean(rows.Where(r => r.Noise == e).Select(r => r.Varrho))).ToArray();
        var slope = levels.Select(e => ClaimStats.Mean(rows.Where(r => r.Noise == e).Select(Slope))).ToArray();
        bool measured = levels.Length >= 2 && levels[0] == 0;
        return new ClaimVerdict
        {
            Label = ClaimLabel.Reconstructed,
            MeasuredName = levels.Length == 0 ? "mean ϱ at the largest noise" : $"mean ϱ at η = {levels[^1]}",
            Measured = levels.Length == 0 ? double.NaN : varrho[^1],
            Expected = $"≥ {VarrhoThreshold}, mean fitted slope at the largest η ≤ {CollapsedSlope}, and the noiseless mean slope more than {SlopeFactor}× larger",
            Holds = measured && failed == 0 && varrho[^1] >= VarrhoThreshold && slope[^1] <= CollapsedSlope && slope[0] > SlopeFactor * slope[^1],
            FailedRows = failed,
            Details =
            [
                .. ClaimRows.Counts(rows.Count, failed),
                new("noise_levels", levels),
                new("varrho_mean", varrho),
                new("slope_mean", slope),
            ],
        };
    }
}
