using ImplicitL1.Dynamics;
using ImplicitL1.Methods;

namespace ImplicitL1.Experiments.Claims;

/// <summary>
/// Claim 8 [reconstructed]: gradient descent with step η ends at a different point than gradient flow; the
/// difference ‖x_GD − x∞‖ is first order in η.
/// </summary>
public static class GdVsGfClaim
{
    /// <summary>Accepted range of the fitted exponent of ‖x_GD − x∞‖ in η.</summary>
    public const double SlopeLow = 0.8, SlopeHigh = 1.2;

    /// <summary>α of the runs.</summary>
    public const double Alpha = 1e-2;

    /// <summary>GD runs until ½‖Ax − y‖² ≤ this.</summary>
    public const double LossTolerance = 1e-24;

    /// <summary>Name, number, title and statement.</summary>
    public static ClaimInfo Info { get; } = new("gd-vs-gf", 8, "GD with finite steps vs the GF limit: difference vs step size η",
        "[reconstructed] GD ≠ GF: finite steps shrink the effective initialization (Even et al. 2023), so GD run to zero loss ends at distance O(η) from the GF limit x∞(α).");

    /// <summary>One grid point: η = fraction × the safe step of docs/theory.md §6.</summary>
    public sealed record Point(int M, int N, int S, long Seed, double Depth, double Fraction);

    /// <summary>One run: η, ‖x_GD − x∞‖₂, steps, whether GD reached the loss tolerance, and the limit's status.</summary>
    public sealed record Row(Point Point, double Eta, double Distance, long Steps, bool ReachedLoss, SolverStatus LimitStatus);

    /// <summary>The grid: D = 2, fractions 1, 1/2, 1/4 of the safe step (quick: 10×25, s = 2, one seed; else 20×50, s = 3, two).</summary>
    public static IReadOnlyList<Point> Grid(bool quick)
    {
        double[] fractions = [1.0, 0.5, 0.25];
        var (m, n, s) = quick ? (10, 25, 2) : (20, 50, 3);
        return [.. from d in new[] { 2.0 } from seed in ClaimStats.Seeds(quick ? 1 : 2) from f in fractions select new Point(m, n, s, seed, d, f)];
    }

    /// <summary>The exact limit, then GD measured against it (both through <see cref="MethodRunner"/>).</summary>
    public static Row Evaluate(Point p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var problem = ClaimStats.Gaussian(p.M, p.N, p.S, p.Seed).Problem;
        var limit = MethodRunner.Run(problem, new MethodSpec { Kind = MethodKind.Limit, Depth = p.Depth, Alpha = Alpha });
        var spec = new MethodSpec { Kind = MethodKind.Gd, Depth = p.Depth, Alpha = Alpha };
        double eta = p.Fraction * GradientDescent.SafeStepSize(problem, spec.Build(problem.Cols));
        var gd = MethodRunner.Run(problem, spec with
        {
            // The claim's own absolute loss floor, not GD's relative defaults (which stop at 1e-24·½‖y‖²).
            Descent = new GradientDescentOptions
            {
                StepSize = eta,
                LossTolerance = LossTolerance,
                RelativeLossTolerance = 0,
                RelativeGradientTolerance = 0,
                MaxIterations = 2_000_000,
                TrackGain = false,
            },
        }, new MethodReferences { Limit = limit.X });
        return new Row(p, eta, gd.DistanceToLimit ?? double.NaN, gd.Iterations, gd.Status.IsSuccess() && gd.Loss <= LossTolerance, limit.Status);
    }

    /// <summary>Fitted exponent of ‖x_GD − x∞‖ in η per (depth, seed), in order of first appearance.</summary>
    public static double[] Slopes(IReadOnlyList<Row> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return [.. rows.GroupBy(r => (r.Point.Depth, r.Point.Seed)).Select(g =>
            RateD2Claim.Slope([.. g.Select(r => r.Eta)], [.. g.Select(r => r.Distance)]))];
    }

    /// <summary>Holds when every run reached the loss tolerance, every limit succeeded and every fitted exponent is in [<see cref="SlopeLow"/>, <see cref="SlopeHigh"/>].</summary>
    public static ClaimVerdict Analyze(IReadOnlyList<Row> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var slopes = Slopes(rows);
        int failed = rows.Count(r => !r.ReachedLoss || !r.LimitStatus.IsSuccess() || !double.IsFinite(r.Distance));
        return new ClaimVerdict
        {
            Label = ClaimLabel.Reconstructed,
            MeasuredName = "mean fitted exponent of ‖x_GD − x∞‖ in η",
            Measured = ClaimStats.Mean(slopes),
            Expected = $"every fitted exponent in [{SlopeLow}, {SlopeHigh}] (difference ∝ η), every run at loss ≤ 1e-24",
            Holds = slopes.Length > 0 && failed == 0 && slopes.All(s => s >= SlopeLow && s <= SlopeHigh),
            FailedRows = failed,
            Details =
            [
                .. ClaimRows.Counts(rows.Count, failed),
                new("fitted_exponents", slopes),
                new("max_distance", ClaimStats.Max(rows.Select(r => r.Distance))),
                new("min_distance", rows.Count == 0 ? double.NaN : rows.Min(r => r.Distance)),
                new("all_runs_reached_loss", rows.All(r => r.ReachedLoss)),
            ],
        };
    }
}
