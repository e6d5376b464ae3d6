using ImplicitL1.Cli.Plots;
using ImplicitL1.Experiments.Claims;

namespace ImplicitL1.Cli.Reproduce.Claims;

/// <summary>gd-vs-gf: runs <see cref="GdVsGfClaim"/> and writes its CSV and figure.</summary>
public sealed class GdVsGfReport : IClaimExperiment
{
    public string Name => GdVsGfClaim.Info.Name;

    public string Title => GdVsGfClaim.Info.Title;

    public ClaimSummary Run(ClaimOutput output)
    {
        var grid = GdVsGfClaim.Grid(output.Quick);
        var rows = ClaimOutput.Map(grid, GdVsGfClaim.Evaluate);
        var runs = new DataTable("runs", "depth", "seed", "eta", "distance_to_gf_limit", "steps", "reached_loss_1e-24", "limit_ok");
        foreach (var r in rows)
        {
            runs.Add(r.Point.Depth, r.Point.Seed, r.Eta, r.Distance, r.Steps, r.ReachedLoss, r.LimitStatus.IsSuccess());
        }

        output.Write(runs);
        var table = new DataTable("slopes", "depth", "seed", "fitted_exponent_in_eta", "distance_at_largest_eta", "distance_at_smallest_eta");
        var figure = new Figure($"GD vs GF limit (α = {GdVsGfClaim.Alpha:0e0})", "step size η", "‖x_GD − x∞(α)‖₂");
        var slopes = GdVsGfClaim.Slopes(rows);
        foreach (var (g, i) in rows.GroupBy(r => (r.Point.Depth, r.Point.Seed)).Select((g, i) => (g.ToArray(), i)))
        {
            table.Add(g[0].Point.Depth, g[0].Point.Seed, slopes[i], g[0].Distance, g[^1].Distance);
            figure.AddSeries($"D = {g[0].Point.Depth:0}, seed {g[0].Point.Seed}", [.. g.Select(r => r.Eta)], [.. g.Select(r => r.Distance)]);
        }

        output.Write(table);
        output.Save(figure, "distance_vs_eta");
        return output.Summary(GdVsGfClaim.Info, GdVsGfClaim.Analyze(rows), table, [.. grid.Select(p => p.Seed).Distinct()],
            new("instance", $"Gaussian m={grid[0].M} N={grid[0].N} s={grid[0].S}, noiseless"), new("alpha", "1e-2"),
            new("depth", "2 (D ≥ 3 needs ~α^{−(D−2)/D} time: at the safe step GD did not reach loss 1e-24 within 2·10⁶ steps, so it is left out)"),
            new("eta", "fraction × 0.5/(κ‖A‖²) (docs/theory.md §6); fractions " + string.Join(", ", grid.Select(p => p.Fraction).Distinct())));
    }
}
