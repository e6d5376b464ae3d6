using ImplicitL1.Cli.Plots;
using ImplicitL1.Experiments.Claims;

namespace ImplicitL1.Cli.Reproduce.Claims;

/// <summary>depth: runs <see cref="DepthClaim"/>'s sweep and writes its CSV and figures.</summary>
public sealed class DepthReport : IClaimExperiment
{
    public string Name => DepthClaim.Info.Name;

    public string Title => DepthClaim.Info.Title;

    public ClaimSummary Run(ClaimOutput output)
    {
        var results = SweepGrid.Run(output, DepthClaim.Spec(output.Quick));
        var rows = DepthClaim.Rows(results);
        var alphas = DepthClaim.Alphas;
        var errors = new DataTable("errors", "depth", "seed", "alpha", "error_to_l1", "error_to_x_star");
        foreach (var r in rows)
        {
            for (int j = 0; j < alphas.Length; j++)
            {
                errors.Add(r.Depth, r.Seed, alphas[j], r.ErrorToL1[j], r.ErrorToXStar[j]);
            }
        }

        output.Write(errors);
        var table = new DataTable("realistic_alpha", "alpha", "depth", "gm_error_to_l1", "gm_error_to_x_star");
        foreach (double a in DepthClaim.Realistic)
        {
            int j = Array.FindIndex(alphas, x => Math.Abs(Math.Log10(x / a)) < 1e-9);
            foreach (double d in DepthClaim.Depths)
            {
                table.Add(a, d, DepthClaim.GeometricMean(rows, d, j, toXStar: false), DepthClaim.GeometricMean(rows, d, j, toXStar: true));
            }
        }

        output.Write(table);
        foreach (var (toXStar, name, label) in new[] { (false, "error_to_l1", "‖x∞(α) − x_ℓ¹‖₂"), (true, "error_to_x_star", "‖x∞(α) − x*‖₂") })
        {
            var figure = new Figure($"{label} vs α by depth (geometric mean over seeds)", "α", label);
            figure.AddShadedRange(1e-4, 1e-2, "realistic α: 1e-4 … 1e-2");
            foreach (double d in DepthClaim.Depths)
            {
                figure.AddSeries($"D = {d:0}", alphas, [.. Enumerable.Range(0, alphas.Length).Select(j => DepthClaim.GeometricMean(rows, d, j, toXStar))]);
            }

            output.Save(figure, name);
        }

        return output.Summary(DepthClaim.Info, DepthClaim.Analyze(rows), table, [.. results.Select(r => r.Point.Seed).Distinct()],
            new("instance", "Gaussian m=20 N=50 s=3, noiseless (x_ℓ¹ = x* where BP recovers x*)"), new("alphas", "1e-1 … 1e-8, half decades"),
            new("engine", "sweep engine: depth/sweep.json, depth/sweep.db (resumable)"));
    }
}
