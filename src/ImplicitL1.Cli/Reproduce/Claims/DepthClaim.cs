using ImplicitL1.Cli.Plots;
using ImplicitL1.Sweeps;

namespace ImplicitL1.Cli.Reproduce.Claims;

/// <summary>
/// Claim 6: at realistic α (1e-2 … 1e-4) deeper networks (D ≥ 3) end closer to x_ℓ¹ and, for sparse x*, to x*.
/// </summary>
public sealed class DepthClaim : IClaimExperiment
{
    /// <summary>Depths compared.</summary>
    public static readonly double[] Depths = [2.0, 3.0, 4.0, 5.0];

    /// <summary>α grid 1e-1 … 1e-8 in half decades.</summary>
    public static readonly double[] Alphas = Stats.Decades(-1, -8, 0.5);

    /// <summary>The realistic α where the claim is checked.</summary>
    public static readonly double[] Realistic = [1e-2, 1e-3, 1e-4];

    public string Name => "depth";

    public string Title => "Depth at realistic α (1e-2 … 1e-4): D ≥ 3 closer to x_ℓ¹ and to x*";

    /// <summary>(a) The grid, as a sweep spec: Gaussian 20×50, s = 3, seeds × depths × α, solver = exact limit.</summary>
    public static object Spec(bool quick) => new
    {
        name = "reproduce depth",
        problem = new { m = 20, n = 50, s = 3, seed = SweepGrid.SeedRange(quick ? 3 : 10) },
        method = new { solver = "limit", depth = Depths, alpha = Alphas },
    };

    /// <summary>(b) Rows per (depth, seed): depth, seed, ok, then ‖x∞ − x_ℓ¹‖ per α, then ‖x∞ − x*‖ per α.</summary>
    public static double[][] Rows(IReadOnlyList<(SweepPoint Point, SweepRow Row)> results) =>
        [.. results.GroupBy(r => (r.Point.Depth, r.Point.Seed)).Select(g =>
        {
            var byAlpha = Alphas.Select(a => g.Single(r => SweepGrid.Same(r.Point.Alpha, a)).Row).ToArray();
            bool ok = byAlpha.All(r => SweepGrid.Succeeded(r) && r.ErrorToL1 is not null);
            return (double[])[g.Key.Depth, g.Key.Seed, Stats.Flag(ok),
                .. byAlpha.Select(r => SweepGrid.Value(r.ErrorToL1)), .. byAlpha.Select(r => SweepGrid.Value(r.ErrorToXStar))];
        })];

    public ClaimSummary Run(ClaimOutput output)
    {
        var results = SweepGrid.Run(output, Spec(output.Quick));
        var rows = Rows(results);
        int k = Alphas.Length;
        var errors = new DataTable("errors", "depth", "seed", "alpha", "error_to_l1", "error_to_x_star");
        foreach (var r in rows)
        {
            for (int j = 0; j < k; j++)
            {
                errors.Add(r[0], (long)r[1], Alphas[j], r[3 + j], r[3 + k + j]);
            }
        }

        output.Write(errors);
        var ok = rows.Where(r => r[2] == 1).ToArray();
        double Gm(double depth, int column) => Stats.GeometricMean(ok.Where(r => r[0] == depth).Select(r => r[column]));
        var table = new DataTable("realistic_alpha", "alpha", "depth", "gm_error_to_l1", "gm_error_to_x_star");
        double worstL1 = double.PositiveInfinity, worstStar = double.PositiveInfinity;
        foreach (double a in Realistic)
        {
            int j = Array.FindIndex(Alphas, x => Math.Abs(Math.Log10(x / a)) < 1e-9);
            foreach (double d in Depths)
            {
                table.Add(a, d, Gm(d, 3 + j), Gm(d, 3 + k + j));
            }

            // Ratio of the D = 2 error to the worst D ≥ 3 error: > 1 means every deeper network is closer.
            worstL1 = Math.Min(worstL1, Gm(2, 3 + j) / Depths.Skip(1).Max(d => Gm(d, 3 + j)));
            worstStar = Math.Min(worstStar, Gm(2, 3 + k + j) / Depths.Skip(1).Max(d => Gm(d, 3 + k + j)));
        }

        output.Write(table);
        foreach (var (column, name, label) in new[] { (3, "error_to_l1", "‖x∞(α) − x_ℓ¹‖₂"), (3 + k, "error_to_x_star", "‖x∞(α) − x*‖₂") })
        {
            var figure = new Figure($"{label} vs α by depth (geometric mean over seeds)", "α", label);
            figure.AddShadedRange(1e-4, 1e-2, "realistic α: 1e-4 … 1e-2");
            foreach (double d in Depths)
            {
                figure.AddSeries($"D = {d:0}", Alphas, [.. Enumerable.Range(0, k).Select(j => Gm(d, column + j))]);
            }

            output.Save(figure, name);
        }

        return new ClaimSummary
        {
            Claim = Name,
            TheoryNumber = 6,
            Title = Title,
            Statement = "[reconstructed, from the rates of §4] At realistic α (1e-2 … 1e-4), D ≥ 3 limits are closer to x_ℓ¹ than D = 2, and for sparse x* also closer to x*.",
            Label = ClaimLabel.Reconstructed,
            MeasuredName = "min over α ∈ {1e-2, 1e-3, 1e-4} of (D = 2 error to x_ℓ¹) / (largest D ≥ 3 error to x_ℓ¹), geometric means over seeds",
            Measured = worstL1,
            Expected = "> 1 (every D ≥ 3 closer at every realistic α), and the same ratio for the error to x* > 1",
            Holds = ok.Length == rows.Length && worstL1 > 1 && worstStar > 1,
            Details =
            [
                new("min_ratio_error_to_x_star", worstStar),
                new("instances", rows.Length),
                new("successful", ok.Length),
                new("depths", Depths),
            ],
            Parameters = [new("instance", "Gaussian m=20 N=50 s=3, noiseless (x_ℓ¹ = x* where BP recovers x*)"), new("alphas", "1e-1 … 1e-8, half decades"), new("engine", "sweep engine: depth/sweep.json, depth/sweep.db (resumable)")],
            Seeds = [.. results.Select(r => r.Point.Seed).Distinct()],
            Table = table,
            Figures = output.Figures,
            DataFiles = output.DataFiles,
        };
    }
}
