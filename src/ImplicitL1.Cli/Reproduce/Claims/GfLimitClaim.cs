using ImplicitL1.Cli.Plots;
using ImplicitL1.Dynamics;
using ImplicitL1.Limit;

namespace ImplicitL1.Cli.Reproduce.Claims;

/// <summary>
/// Claim 1 [reconstructed]: the limit of integrated gradient flow equals the potential minimizer x∞(α) computed by
/// <see cref="DualNewton"/>, for D = 2, 3, 4 and a real D.
/// </summary>
public sealed class GfLimitClaim : IClaimExperiment
{
    /// <summary>Agreement required by docs/theory.md §7.</summary>
    public const double Tolerance = 1e-10;

    /// <summary>Stop when a Newton step would move x by at most this times max(1, ‖x‖∞).</summary>
    public static double StationaryTolerance { get; set; } = 1e-13;

    /// <summary>Step budget of one integration.</summary>
    public static int MaxSteps { get; set; } = 5000;

    /// <summary>One grid point.</summary>
    public sealed record Point(int M, int N, int S, long Seed, double Depth, double Alpha);

    public string Name => "gf-limit";

    public string Title => "Gradient-flow limit = potential minimizer (integrated GF vs dual Newton)";

    /// <summary>(a) The grid.</summary>
    public static IReadOnlyList<Point> Grid(bool quick)
    {
        double[] depths = [2.0, 3.0, 4.0, 2.5];
        double[] alphas = [1e-2, 1e-4];
        long[] seeds = quick ? [1] : [1, 2];
        var (m, n, s) = quick ? (10, 25, 2) : (15, 40, 3);
        return [.. from d in depths from a in alphas from seed in seeds select new Point(m, n, s, seed, d, a)];
    }

    /// <summary>(b) Row: depth, alpha, seed, distance, gf_steps, gf_time, gf_loss, gf_ok, limit_ok.</summary>
    public static double[] Evaluate(Point p)
    {
        var problem = Stats.Gaussian(p.M, p.N, p.S, p.Seed).Problem;
        var limit = DualNewton.Solve(problem, p.Depth, [p.Alpha]).Points[0];
        var flow = GradientFlow.Solve(problem, new BalancedParametrization(problem.Cols, p.Depth, p.Alpha),
            new GradientFlowOptions { StationaryTolerance = StationaryTolerance, MaxSteps = MaxSteps });
        double distance = Stats.Distance(flow.X, limit.X);
        return [p.Depth, p.Alpha, p.Seed, distance, flow.Stats.Iterations, flow.Time, flow.Loss,
            Stats.Flag(flow.Status.IsSuccess()), Stats.Flag(limit.Status.IsSuccess())];
    }

    public ClaimSummary Run(ClaimOutput output)
    {
        var grid = Grid(output.Quick);
        var rows = PointLoop.Evaluate(grid, Evaluate);
        var table = new DataTable("gf_vs_dual_newton", "depth", "alpha", "seed", "distance", "gf_steps", "gf_time", "gf_loss", "gf_ok", "limit_ok");
        foreach (var r in rows)
        {
            table.Add(r[0], r[1], (long)r[2], r[3], (long)r[4], r[5], r[6], r[7] == 1, r[8] == 1);
        }

        output.Write(table);
        var figure = new Figure("Integrated GF vs dual Newton limit", "α (u(0)^D = v(0)^D = α)", "‖x_GF − x∞(α)‖₂");
        foreach (var depth in grid.Select(p => p.Depth).Distinct())
        {
            var sel = rows.Where(r => r[0] == depth).ToArray();
            figure.AddSeries($"D = {depth:0.##}", [.. sel.Select(r => r[1])], [.. sel.Select(r => Math.Max(r[3], 1e-17))], lines: false);
        }

        output.Save(figure, "gf_vs_dual_newton");
        double worst = Stats.Max(rows.Select(r => r[3]));
        bool allOk = rows.All(r => r[7] == 1 && r[8] == 1);
        var first = grid[0];
        return new ClaimSummary
        {
            Claim = Name,
            TheoryNumber = 1,
            Title = Title,
            Statement = "[reconstructed] Gradient flow on x = u^D − v^D from u(0)^D = v(0)^D = α converges to argmin { Q_α(z) : Az = y } (docs/theory.md §2), for D = 2, 3, 4 and real D = 2.5.",
            Label = ClaimLabel.Reconstructed,
            MeasuredName = "max ‖x_GF − x∞‖₂ over all points",
            Measured = worst,
            Expected = $"≤ {Tolerance:0e0} at every point, every run successful",
            Holds = allOk && worst <= Tolerance,
            Details =
            [
                new("points", grid.Count),
                new("all_runs_successful", allOk),
                new("max_distance_by_depth", grid.Select(p => p.Depth).Distinct().Select(d => Stats.Max(rows.Where(r => r[0] == d).Select(r => r[3]))).ToArray()),
                new("depths", grid.Select(p => p.Depth).Distinct().ToArray()),
                new("max_gf_steps", rows.Max(r => r[4])),
                new("integration", "Rosenbrock 2(3) in mirror coordinates s' = A·L(Aᵀs) − y (L the closed-form link, [reconstructed]) until a Newton step moves x by ≤ 1e-13·max(1, ‖x‖∞)"),
            ],
            Parameters = [new("instance", $"Gaussian m={first.M} N={first.N} s={first.S}, noiseless"), new("alphas", string.Join(", ", grid.Select(p => p.Alpha).Distinct().Select(a => a.ToString("0e0", System.Globalization.CultureInfo.InvariantCulture))))],
            Seeds = [.. grid.Select(p => p.Seed).Distinct()],
            Table = table,
            Figures = output.Figures,
            DataFiles = output.DataFiles,
        };
    }
}
