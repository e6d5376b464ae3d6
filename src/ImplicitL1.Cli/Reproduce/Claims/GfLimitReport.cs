using ImplicitL1.Cli.Plots;
using ImplicitL1.Experiments.Claims;

namespace ImplicitL1.Cli.Reproduce.Claims;

/// <summary>gf-limit: runs <see cref="GfLimitClaim"/> and writes its CSV and figure.</summary>
public sealed class GfLimitReport : IClaimExperiment
{
    public string Name => GfLimitClaim.Info.Name;

    public string Title => GfLimitClaim.Info.Title;

    public ClaimSummary Run(ClaimOutput output)
    {
        var grid = GfLimitClaim.Grid(output.Quick);
        var rows = ClaimOutput.Map(grid, GfLimitClaim.Evaluate);
        var table = new DataTable("gf_vs_dual_newton", "depth", "alpha", "seed", "distance", "gf_steps", "gf_time", "gf_loss", "gf_ok", "limit_ok");
        foreach (var r in rows)
        {
            table.Add(r.Point.Depth, r.Point.Alpha, r.Point.Seed, r.Distance, r.GfSteps, r.GfTime, r.GfLoss, r.FlowStatus.IsSuccess(), r.LimitStatus.IsSuccess());
        }

        output.Write(table);
        var figure = new Figure("Integrated GF vs dual Newton limit", "α (u(0)^D = v(0)^D = α)", "‖x_GF − x∞(α)‖₂");
        foreach (var depth in grid.Select(p => p.Depth).Distinct())
        {
            var sel = rows.Where(r => r.Point.Depth == depth).ToArray();
            figure.AddSeries($"D = {depth:0.##}", [.. sel.Select(r => r.Point.Alpha)], [.. sel.Select(r => Math.Max(r.Distance, 1e-17))], lines: false);
        }

        output.Save(figure, "gf_vs_dual_newton");
        var first = grid[0];
        return output.Summary(GfLimitClaim.Info, GfLimitClaim.Analyze(rows), table, [.. grid.Select(p => p.Seed).Distinct()],
            new("instance", $"Gaussian m={first.M} N={first.N} s={first.S}, noiseless"),
            new("alphas", string.Join(", ", grid.Select(p => p.Alpha).Distinct().Select(a => a.ToString("0e0", System.Globalization.CultureInfo.InvariantCulture)))));
    }
}
