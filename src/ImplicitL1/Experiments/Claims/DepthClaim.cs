using ImplicitL1.Sweeps;

namespace ImplicitL1.Experiments.Claims;

/// <summary>
/// Claim 6: at realistic α (1e-2 … 1e-4) deeper networks (D ≥ 3) end closer to x_ℓ¹ and, for sparse x*, to x*.
/// </summary>
public static class DepthClaim
{
    /// <summary>Depths compared.</summary>
    public static readonly double[] Depths = [2.0, 3.0, 4.0, 5.0];

    /// <summary>α grid 1e-1 … 1e-8 in half decades.</summary>
    public static readonly double[] Alphas = ClaimStats.Decades(-1, -8, 0.5);

    /// <summary>The realistic α where the claim is checked.</summary>
    public static readonly double[] Realistic = [1e-2, 1e-3, 1e-4];

    /// <summary>Name, number, title and statement.</summary>
    public static ClaimInfo Info { get; } = new("depth", 6,
        "Depth at realistic α (1e-2 … 1e-4): D ≥ 3 closer to x_ℓ¹ and to x*",
        "[reconstructed, from the rates of §4] At realistic α (1e-2 … 1e-4), D ≥ 3 limits are closer to x_ℓ¹ than D = 2, and for sparse x* also closer to x*.");

    /// <summary>One (depth, seed): errors to x_ℓ¹ and to x* per α of <see cref="Alphas"/> (NaN where a point failed).</summary>
    public sealed record Row(double Depth, long Seed, double[] ErrorToL1, double[] ErrorToXStar);

    /// <summary>The grid as a sweep spec: Gaussian 20×50, s = 3, seeds (quick 3, else 10) × depths × α, exact limit.</summary>
    public static object Spec(bool quick) => new
    {
        name = "reproduce depth",
        problem = new { m = 20, n = 50, s = 3, seed = SweepClaimRows.SeedRange(quick ? 3 : 10) },
        method = new { solver = "limit", depth = Depths, alpha = Alphas },
    };

    /// <summary>One row per (depth, seed).</summary>
    public static Row[] Rows(IReadOnlyList<(SweepPoint Point, SweepRow Row)> results) =>
        [.. results.GroupBy(r => (r.Point.Depth, r.Point.Seed)).Select(g =>
        {
            var byAlpha = SweepClaimRows.ByAlpha(g, Alphas);
            return new Row(g.Key.Depth, g.Key.Seed, [.. byAlpha.Select(SweepClaimRows.ErrorToL1)], [.. byAlpha.Select(SweepClaimRows.ErrorToXStar)]);
        })];

    /// <summary>Geometric mean over seeds of column <paramref name="j"/> of the chosen errors at depth <paramref name="depth"/>.</summary>
    public static double GeometricMean(IReadOnlyList<Row> rows, double depth, int j, bool toXStar) =>
        ClaimStats.GeometricMean(rows.Where(r => r.Depth == depth).Select(r => (toXStar ? r.ErrorToXStar : r.ErrorToL1)[j]));

    /// <summary>min over realistic α of (D = 2 error) / (largest D ≥ 3 error), geometric means over seeds.</summary>
    public static double WorstRatio(IReadOnlyList<Row> rows, bool toXStar)
    {
        ArgumentNullException.ThrowIfNull(rows);
        double worst = double.PositiveInfinity;
        var deeper = rows.Select(r => r.Depth).Where(d => d > 2).Distinct().ToArray();
        if (deeper.Length == 0)
        {
            return double.NaN;
        }

        foreach (double a in Realistic)
        {
            int j = Array.FindIndex(Alphas, x => Math.Abs(Math.Log10(x / a)) < 1e-9);
            // Ratio of the D = 2 error to the worst D ≥ 3 error: > 1 means every deeper network is closer.
            worst = Math.Min(worst, GeometricMean(rows, 2, j, toXStar) / deeper.Max(d => GeometricMean(rows, d, j, toXStar)));
        }

        return worst;
    }

    /// <summary>Holds when every point succeeded and both worst ratios (to x_ℓ¹ and to x*) exceed 1.</summary>
    public static ClaimVerdict Analyze(IReadOnlyList<Row> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        int failed = rows.Count(r => r.ErrorToL1.Concat(r.ErrorToXStar).Any(e => !double.IsFinite(e)));
        double worstL1 = WorstRatio(rows, toXStar: false), worstStar = WorstRatio(rows, toXStar: true);
        return new ClaimVerdict
        {
            Label = ClaimLabel.Reconstructed,
            MeasuredName = "min over α ∈ {1e-2, 1e-3, 1e-4} of (D = 2 error to x_ℓ¹) / (largest D ≥ 3 error to x_ℓ¹), geometric means over seeds",
            Measured = worstL1,
            Expected = "> 1 (every D ≥ 3 closer at every realistic α), and the same ratio for the error to x* > 1",
            Holds = rows.Count > 0 && failed == 0 && worstL1 > 1 && worstStar > 1,
            FailedRows = failed,
            Details =
            [
                .. ClaimRows.Counts(rows.Count, failed),
                new("min_ratio_error_to_x_star", worstStar),
                new("depths", rows.Select(r => r.Depth).Distinct().ToArray()),
            ],
        };
    }
}
