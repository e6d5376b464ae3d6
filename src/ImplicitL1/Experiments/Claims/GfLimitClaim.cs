using ImplicitL1.Methods;

namespace ImplicitL1.Experiments.Claims;

/// <summary>
/// Claim 1 [reconstructed]: the limit of integrated gradient flow equals the potential minimizer x∞(α) computed by
/// the dual Newton solver, for D = 2, 3, 4 and a real D.
/// </summary>
public static class GfLimitClaim
{
    /// <summary>Agreement required by docs/theory.md §7: ‖x_GF − x∞‖₂ ≤ 1e-10 at every point.</summary>
    public const double Tolerance = 1e-10;

    /// <summary>GF stops when a Newton step would move x by at most this times max(1, ‖x‖∞). Default 1e-13.</summary>
    public const double StationaryTolerance = 1e-13;

    /// <summary>Step budget of one integration. Default 5000.</summary>
    public const int MaxSteps = 5000;

    /// <summary>Name, number, title and statement.</summary>
    public static ClaimInfo Info { get; } = new("gf-limit", 1,
        "Gradient-flow limit = potential minimizer (integrated GF vs dual Newton)",
        "[reconstructed] Gradient flow on x = u^D − v^D from u(0)^D = v(0)^D = α converges to argmin { Q_α(z) : Az = y } (docs/theory.md §2), for D = 2, 3, 4 and real D = 2.5.");

    /// <summary>One grid point: a seeded Gaussian m×N instance with s-sparse x*, depth and α.</summary>
    public sealed record Point(int M, int N, int S, long Seed, double Depth, double Alpha);

    /// <summary>One measured point: ‖x_GF − x∞‖₂, the integration's steps, time and loss, and both statuses.</summary>
    public sealed record Row(Point Point, double Distance, long GfSteps, double GfTime, double GfLoss, SolverStatus FlowStatus, SolverStatus LimitStatus);

    /// <summary>The grid: D ∈ {2, 3, 4, 2.5} × α ∈ {1e-2, 1e-4} × seeds (quick: 10×25, s = 2, one seed; else 15×40, s = 3, two).</summary>
    public static IReadOnlyList<Point> Grid(bool quick)
    {
        double[] depths = [2.0, 3.0, 4.0, 2.5];
        double[] alphas = [1e-2, 1e-4];
        long[] seeds = quick ? [1] : [1, 2];
        var (m, n, s) = quick ? (10, 25, 2) : (15, 40, 3);
        return [.. from d in depths from a in alphas from seed in seeds select new Point(m, n, s, seed, d, a)];
    }

    /// <summary>The exact limit, then gradient flow measured against it (both through <see cref="MethodRunner"/>).</summary>
    public static Row Evaluate(Point p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var problem = ClaimStats.Gaussian(p.M, p.N, p.S, p.Seed).Problem;
        var limit = MethodRunner.Run(problem, new MethodSpec { Kind = MethodKind.Limit, Depth = p.Depth, Alpha = p.Alpha });
        var flowSpec = new MethodSpec { Kind = MethodKind.Gf, Depth = p.Depth, Alpha = p.Alpha };
        var flow = MethodRunner.Run(problem, flowSpec with { Flow = flowSpec.Flow with { StationaryTolerance = StationaryTolerance, MaxSteps = MaxSteps } },
            new MethodReferences { Limit = limit.X });
        return new Row(p, flow.DistanceToLimit ?? double.NaN, flow.Iterations, flow.Time, flow.Loss, flow.Status, limit.Status);
    }

    /// <summary>Holds when every point succeeded (both solvers) and max ‖x_GF − x∞‖₂ ≤ <see cref="Tolerance"/>.</summary>
    public static ClaimVerdict Analyze(IReadOnlyList<Row> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        int failed = rows.Count(r => !r.FlowStatus.IsSuccess() || !r.LimitStatus.IsSuccess() || !double.IsFinite(r.Distance));
        double worst = ClaimStats.Max(rows.Select(r => r.Distance));
        var depths = rows.Select(r => r.Point.Depth).Distinct().ToArray();
        return new ClaimVerdict
        {
            Label = ClaimLabel.Reconstructed,
            MeasuredName = "max ‖x_GF − x∞‖₂ over all points",
            Measured = worst,
            Expected = $"≤ {Tolerance:0e0} at every point, every run successful",
            Holds = rows.Count > 0 && failed == 0 && worst <= Tolerance,
            FailedRows = failed,
            Details =
            [
                .. ClaimRows.Counts(rows.Count, failed),
                new("all_runs_successful", failed == 0),
                new("max_distance_by_depth", depths.Select(d => ClaimStats.Max(rows.Where(r => r.Point.Depth == d).Select(r => r.Distance))).ToArray()),
                new("depths", depths),
                new("max_gf_steps", rows.Count == 0 ? 0L : rows.Max(r => r.GfSteps)),
                new("integration", "Rosenbrock 2(3) in mirror coordinates s' = A·L(Aᵀs) − y (L the closed-form link, [reconstructed]) until a Newton step moves x by ≤ 1e-13·max(1, ‖x‖∞)"),
            ],
        };
    }
}
