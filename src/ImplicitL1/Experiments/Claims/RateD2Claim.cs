using ImplicitL1.Bounds;
using ImplicitL1.Sweeps;

namespace ImplicitL1.Experiments.Claims;

/// <summary>Claim 2 [paper rate; ϱ reconstructed]: for D = 2 the fitted exponent of ‖x∞(α) − x_ℓ¹‖ vs α is 1 − ϱ.</summary>
public static class RateD2Claim
{
    /// <summary>Largest accepted |fitted − (1 − ϱ)|.</summary>
    public const double Tolerance = 0.01;

    /// <summary>α of the fit.</summary>
    public static readonly double[] Alphas = [1e-8, 1e-9, 1e-10, 1e-11, 1e-12];

    /// <summary>Name, number, title and statement.</summary>
    public static ClaimInfo Info { get; } = new("rate-d2", 2,
        "D = 2: fitted exponent of the error vs α equals 1 − ϱ",
        "[paper] For D = 2, ‖x∞(α) − x_ℓ¹‖ ≍ α^{1−ϱ}; [reconstructed] ϱ = min ‖A_{Sᶜ}ᵀλ‖∞ s.t. A_Sᵀλ = σ.");

    /// <summary>One instance: its seed, whether BP is unique, ϱ, and ‖x∞(α) − x_ℓ¹‖ per α of <see cref="Alphas"/> (NaN where the point failed).</summary>
    public sealed record Row(long Seed, bool Unique, double Varrho, double[] Errors);

    /// <summary>The grid as a sweep spec: Gaussian 20×50, s = 3, seeds (quick 4, else 16) × α, D = 2, exact limit.</summary>
    public static object Spec(bool quick) => new
    {
        name = "reproduce rate-d2",
        problem = new { m = 20, n = 50, s = 3, seed = SweepClaimRows.SeedRange(quick ? 4 : 16) },
        method = new { solver = "limit", depth = 2, alpha = Alphas },
    };

    /// <summary>One row per seed from the sweep's rows.</summary>
    public static Row[] Rows(IReadOnlyList<(SweepPoint Point, SweepRow Row)> results) =>
        [.. results.GroupBy(r => r.Point.Seed).Select(g =>
        {
            var byAlpha = SweepClaimRows.ByAlpha(g, Alphas);
            return new Row(g.Key, byAlpha[0].Varrho is not null, byAlpha[0].Varrho ?? double.NaN, [.. byAlpha.Select(SweepClaimRows.ErrorToL1)]);
        })];

    /// <summary>Least-squares slope of log error vs log α; NaN when an error is missing or not positive.</summary>
    public static double Slope(IReadOnlyList<double> alphas, IReadOnlyList<double> errors) =>
        errors.Count == alphas.Count && errors.All(e => double.IsFinite(e) && e > 0) ? LogLogFit.Fit(alphas, errors).Slope : double.NaN;

    /// <summary>
    /// Holds when every instance with a unique x_ℓ¹ has all its errors and |fitted exponent − (1 − ϱ)| ≤
    /// <see cref="Tolerance"/>. Instances where BP is not unique have no x_ℓ¹ to measure (counted, not compared).
    /// </summary>
    public static ClaimVerdict Analyze(IReadOnlyList<Row> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var unique = rows.Where(r => r.Unique).ToArray();
        var slopes = unique.Select(r => Slope(Alphas, r.Errors)).ToArray();
        var deviations = unique.Select((r, i) => Math.Abs(slopes[i] - (1 - r.Varrho))).ToArray();
        int failed = deviations.Count(d => !double.IsFinite(d));
        double worst = ClaimStats.Max(deviations);
        return new ClaimVerdict
        {
            Label = ClaimLabel.Paper,
            MeasuredName = "max |fitted exponent − (1 − ϱ)| over unique instances",
            Measured = worst,
            Expected = $"≤ {Tolerance} on every instance",
            Holds = unique.Length > 0 && failed == 0 && worst <= Tolerance,
            FailedRows = failed,
            Details =
            [
                .. ClaimRows.Counts(rows.Count, failed),
                new("instances", rows.Count),
                new("unique_instances", unique.Length),
                new("varrho", unique.Select(r => r.Varrho).ToArray()),
                new("fitted_exponent", slopes),
                new("mean_abs_difference", ClaimStats.Mean(deviations)),
            ],
        };
    }
}
