using ImplicitL1.Cli.Plots;
using ImplicitL1.Experiments.Claims;

namespace ImplicitL1.Cli.Reproduce.Claims;

/// <summary>noise: runs <see cref="NoiseClaim"/>'s sweep and writes its CSV and figure.</summary>
public sealed class NoiseReport : IClaimExperiment
{
    public string Name => NoiseClaim.Info.Name;

    public string Title => NoiseClaim.Info.Title;

    public ClaimSummary Run(ClaimOutput output)
    {
        var results = SweepGrid.Run(output, NoiseClaim.Spec(output.Quick));
        var rows = NoiseClaim.Rows(results);
        var alphas = NoiseClaim.Alphas;
        var perSeed = new DataTable("per_seed", "noise", "seed", "bp_success", "varrho", "support_size", "fitted_slope", "all_points_ok");
        var errors = new DataTable("errors", "noise", "seed", "alpha", "error_to_l1");
        foreach (var r in rows)
        {
            perSeed.Add(r.Noise, r.Seed, r.BpStatus == "success", r.Varrho, r.SupportSize, NoiseClaim.Slope(r), r.Errors.All(double.IsFinite));
            for (int k = 0; k < alphas.Length; k++)
            {
                errors.Add(r.Noise, r.Seed, alphas[k], r.Errors[k]);
            }
        }

        output.Write(perSeed);
        output.Write(errors);
        var table = new DataTable("summary", "noise", "instances", "varrho_mean", "varrho_std", "one_minus_varrho_mean", "slope_mean", "slope_std");
        var figure = new Figure("Experiment 1 (D = 2): error vs α per noise level (geometric mean over seeds)", "α", "‖x∞(α) − x_ℓ¹‖₂");
        foreach (double noise in NoiseClaim.NoiseLevels)
        {
            var sel = rows.Where(r => r.Noise == noise).ToArray();
            double varrho = ClaimStats.Mean(sel.Select(r => r.Varrho));
            table.Add(noise, sel.Length, varrho, ClaimStats.StdDev(sel.Select(r => r.Varrho)), 1 - varrho,
                ClaimStats.Mean(sel.Select(NoiseClaim.Slope)), ClaimStats.StdDev(sel.Select(NoiseClaim.Slope)));
            figure.AddSeries($"η = {noise:0.##} (ϱ̄ = {varrho:0.###})", alphas,
                [.. Enumerable.Range(0, alphas.Length).Select(k => ClaimStats.GeometricMean(sel.Select(r => r.Errors[k])))]);
        }

        output.Write(table);
        output.Save(figure, "error_vs_alpha");
        return output.Summary(NoiseClaim.Info, NoiseClaim.Analyze(rows), table, [.. results.Select(r => r.Point.Seed).Distinct()],
            new("instance", output.Quick ? "Gaussian m=40 N=100 s=5, y = A x* + η·g/√m" : "Gaussian m=100 N=400 s=10, y = A x* + η·g/√m"),
            new("depth", "2"), new("alphas", "1e-1 … 1e-12 (slope fitted over 1e-8 … 1e-12)"),
            new("engine", "sweep engine: noise/sweep.json, noise/sweep.db (resumable)"));
    }
}
