using ImplicitL1.Bounds;

namespace ImplicitL1.Experiments.Claims;

/// <summary>Claim 3: for D ≥ 3 the exponent is 1 [paper] and error/α → ‖Δ‖ [reconstructed].</summary>
public static class RateDeepClaim
{
    /// <summary>Largest accepted |fitted − 1| and |error/(α‖Δ‖) − 1| at the smallest α.</summary>
    public const double Tolerance = 0.01;

    /// <summary>α of the fit.</summary>
    public static readonly double[] Alphas = [1e-8, 1e-9, 1e-10, 1e-11, 1e-12];

    /// <summary>Name, number, title and statement.</summary>
    public static ClaimInfo Info { get; } = new("rate-deep", 3, "D ≥ 3: exponent 1, constant ‖Δ‖",
        "[paper] For D ≥ 3, ‖x∞(α) − x_ℓ¹‖ ≍ α; [reconstructed] x∞ = x_ℓ¹ + αΔ + o(α), so error/α → ‖Δ‖.");

    /// <summary>One grid point.</summary>
    public sealed record Point(int M, int N, int S, long Seed, double Depth);

    /// <summary>One instance: status of the bounds computation, ϱ, ‖Δ‖ and ‖x∞(α) − x_ℓ¹‖ per α of <see cref="Alphas"/>.</summary>
    public sealed record Row(Point Point, SolverStatus Status, double Varrho, double DeltaNorm, double[] Errors);

    /// <summary>The grid: D ∈ {3, 4, 5} × seeds (quick 2, else 6), Gaussian 20×50, s = 3.</summary>
    public static IReadOnlyList<Point> Grid(bool quick) =>
        [.. from d in new[] { 3.0, 4.0, 5.0 } from seed in ClaimStats.Seeds(quick ? 2 : 6) select new Point(20, 50, 3, seed, d)];

    /// <summary>Errors and Δ by <see cref="RateBounds"/>.</summary>
    public static Row Evaluate(Point p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var report = RateBounds.Solve(ClaimStats.Gaussian(p.M, p.N, p.S, p.Seed).Problem, new RateBoundsOptions { Depth = p.Depth, Alphas = Alphas });
        return new Row(p, report.Status, report.Varrho ?? double.NaN, report.DeltaNorm ?? double.NaN,
            [.. report.Rows.Select(r => r.Measured ?? double.NaN)]);
    }

    /// <summary>error/(α‖Δ‖) at the smallest α.</summary>
    public static double Ratio(Row row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row.Errors.Length == Alphas.Length ? row.Errors[^1] / (Alphas[^1] * row.DeltaNorm) : double.NaN;
    }

    /// <summary>Holds when every instance succeeded, max |fitted − 1| ≤ <see cref="Tolerance"/> and max |ratio − 1| ≤ <see cref="Tolerance"/>.</summary>
    public static ClaimVerdict Analyze(IReadOnlyList<Row> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var slopes = rows.Select(r => RateD2Claim.Slope(Alphas, r.Errors)).ToArray();
        var ratios = rows.Select(Ratio).ToArray();
        int failed = rows.Where((r, i) => !r.Status.IsSuccess() || !double.IsFinite(slopes[i]) || !double.IsFinite(ratios[i])).Count();
        double worstExponent = ClaimStats.Max(slopes.Select(s => Math.Abs(s - 1)));
        double worstRatio = ClaimStats.Max(ratios.Select(r => Math.Abs(r - 1)));
        return new ClaimVerdict
        {
            Label = ClaimLabel.Paper,
            MeasuredName = "max |fitted exponent − 1|",
            Measured = worstExponent,
            Expected = $"≤ {Tolerance}, and max |error/(α‖Δ‖) − 1| at α = 1e-12 ≤ {Tolerance} [reconstructed constant]",
            Holds = rows.Count > 0 && failed == 0 && worstExponent <= Tolerance && worstRatio <= Tolerance,
            FailedRows = failed,
            Details =
            [
                .. ClaimRows.Counts(rows.Count, failed),
                new("max_abs_ratio_minus_one_at_1e-12", worstRatio),
                new("constant_label", "reconstructed"),
                new("fitted_exponent", slopes),
                new("ratio_at_1e-12", ratios),
            ],
        };
    }
}
