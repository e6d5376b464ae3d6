using ImplicitL1.Methods;
using ImplicitL1.Potentials;

namespace ImplicitL1.Experiments.Claims;

/// <summary>
/// Claim 4 [reconstructed]: on A = [1, r] (ϱ = r) the D ≥ 3 constant is √(1+r²)·h_D(r), blowing up as r → 1, and the
/// D = 2 slope is 1 − r.
/// </summary>
public static class TightnessClaim
{
    /// <summary>Largest accepted |error/(α√(1+r²)h_D(r)) − 1| at the smallest α (D ≥ 3).</summary>
    public const double ConstantTolerance = 0.05;

    /// <summary>Largest accepted |slope − (1 − r)| (D = 2, slopes fitted over α = 1e-7 … 1e-12).</summary>
    public const double SlopeTolerance = 0.01;

    /// <summary>α grid 1e-2 … 1e-12.</summary>
    public static readonly double[] Alphas = ClaimStats.Decades(-2, -12);

    /// <summary>α of the D = 2 slope fit.</summary>
    public static readonly double[] FitAlphas = [.. Alphas.Where(a => a <= 1e-7)];

    /// <summary>Name, number, title and statement.</summary>
    public static ClaimInfo Info { get; } = new("tightness", 4,
        "Tightness family A = [1, r]: constant ∝ h_D(ϱ), blow-up as ϱ → 1; D = 2 slope 1 − ϱ",
        "[reconstructed] On A = [1, r], y = 1 (x_ℓ¹ = e₁, ϱ = r): for D ≥ 3 error ≈ √(1+r²)·h_D(r)·α, which blows up like (1−r)^{−D/(D−2)}; for D = 2 error ≈ √(1+r²)·α^{1−r}.");

    /// <summary>One grid point.</summary>
    public sealed record Point(double R, double Depth);

    /// <summary>One (r, D): ‖x∞(α) − e₁‖₂ per α of <see cref="Alphas"/> and whether every limit succeeded.</summary>
    public sealed record Row(Point Point, bool Ok, double[] Errors);

    /// <summary>r values of the constants (D ≥ 3) and of the slopes (D = 2).</summary>
    public static (double[] Deep, double[] Shallow) Ratios(bool quick) => quick
        ? ([0.25, 0.5, 0.9], [0.25, 0.5])
        : ([0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99], [0.1, 0.25, 0.5, 0.75, 0.9]);

    /// <summary>The grid: D = 2 at the shallow r, D ∈ {3, 4} at the deep r.</summary>
    public static IReadOnlyList<Point> Grid(bool quick)
    {
        var (deep, shallow) = Ratios(quick);
        return [.. shallow.Select(r => new Point(r, 2.0)), .. from d in new[] { 3.0, 4.0 } from r in deep select new Point(r, d)];
    }

    /// <summary>Exact limits on the 1×2 family at every α (through <see cref="MethodRunner"/>).</summary>
    public static Row Evaluate(Point p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var family = TightnessFamilies.OneByTwo(p.R);
        var bp = BasisPursuit.BasisPursuitSolver.Solve(family.Problem);
        var outcomes = Alphas.Select(a => MethodRunner.Run(family.Problem, new MethodSpec { Kind = MethodKind.Limit, Depth = p.Depth, Alpha = a },
            new MethodReferences { BasisPursuit = bp })).ToArray();
        return new Row(p, outcomes.All(o => o.Status.IsSuccess()), [.. outcomes.Select(o => o.DistanceToL1 ?? double.NaN)]);
    }

    /// <summary>Predicted D ≥ 3 constant √(1+r²)·h_D(r).</summary>
    public static double PredictedConstant(double r, double depth) => Math.Sqrt(1 + (r * r)) * new DepthPotential(depth).H(r);

    /// <summary>error/α at the smallest α over the predicted constant, minus 1 (D ≥ 3).</summary>
    public static double ConstantDeviation(Row row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return (row.Errors[^1] / Alphas[^1] / PredictedConstant(row.Point.R, row.Point.Depth)) - 1;
    }

    /// <summary>Fitted D = 2 slope over <see cref="FitAlphas"/> minus 1 − r.</summary>
    public static double SlopeDeviation(Row row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return RateD2Claim.Slope(FitAlphas, [.. row.Errors.Where((_, k) => Alphas[k] <= 1e-7)]) - (1 - row.Point.R);
    }

    /// <summary>Holds when every limit succeeded, every D ≥ 3 constant is within <see cref="ConstantTolerance"/> and every D = 2 slope within <see cref="SlopeTolerance"/>.</summary>
    public static ClaimVerdict Analyze(IReadOnlyList<Row> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var deep = rows.Where(r => r.Point.Depth > 2).ToArray();
        var shallow = rows.Where(r => r.Point.Depth == 2).ToArray();
        var constants = deep.Select(r => Math.Abs(ConstantDeviation(r))).ToArray();
        var slopes = shallow.Select(r => Math.Abs(SlopeDeviation(r))).ToArray();
        int failed = rows.Count(r => !r.Ok || r.Errors.Any(e => !double.IsFinite(e)));
        double worstConstant = ClaimStats.Max(constants);
        double worstSlope = ClaimStats.Max(slopes);
        var d3 = deep.Where(r => r.Point.Depth == 3).Select(r => r.Errors[^1]).ToArray();
        return new ClaimVerdict
        {
            Label = ClaimLabel.Reconstructed,
            MeasuredName = "max |error/(α√(1+r²)h_D(r)) − 1| at α = 1e-12, D = 3, 4",
            Measured = worstConstant,
            Expected = $"≤ {ConstantTolerance}, and D = 2 slopes (α = 1e-7 … 1e-12) within {SlopeTolerance} of 1 − r",
            Holds = deep.Length > 0 && shallow.Length > 0 && failed == 0 && worstConstant <= ConstantTolerance && worstSlope <= SlopeTolerance,
            FailedRows = failed,
            Details =
            [
                .. ClaimRows.Counts(rows.Count, failed),
                new("max_abs_slope_deviation_d2", worstSlope),
                new("d3_error_ratio_largest_over_smallest_r", d3.Length == 0 ? double.NaN : d3.Max() / d3.Min()),
                new("all_limits_successful", failed == 0),
                new("r_constants", deep.Select(r => r.Point.R).Distinct().ToArray()),
                new("r_slopes", shallow.Select(r => r.Point.R).ToArray()),
            ],
        };
    }
}
