using ImplicitL1.Cli.Plots;
using ImplicitL1.Experiments.Claims;

namespace ImplicitL1.Cli.Reproduce.Claims;

/// <summary>rate-deep: runs <see cref="RateDeepClaim"/> and writes its CSV and figures.</summary>
public sealed class RateDeepReport : IClaimExperiment
{
    public string Name => RateDeepClaim.Info.Name;

    public string Title => RateDeepClaim.Info.Title;

    public ClaimSummary Run(ClaimOutput output)
    {
        var grid = RateDeepClaim.Grid(output.Quick);
        var rows = ClaimOutput.Map(grid, RateDeepClaim.Evaluate);
        var table = new DataTable("exponents", "noise", "depth", "seed", "varrho", "fitted_exponent", "delta_norm", "ratio_at_smallest_alpha",
            "smallest_log10_alpha", "ok");
        var errors = new DataTable("errors", "noise", "depth", "seed", "log10_alpha", "log10_error_to_l1", "log10_predicted_alpha_delta");
        foreach (var r in rows)
        {
            var alphas = r.Point.Log10Alphas;
            table.Add(r.Point.Noise, r.Point.Depth, r.Point.Seed, r.Varrho, RateDeepClaim.Exponent(r), r.DeltaNorm, RateDeepClaim.Ratio(r), alphas[^1], r.Status.IsSuccess());
            for (int k = 0; k < r.Log10Errors.Length; k++)
            {
                errors.Add(r.Point.Noise, r.Point.Depth, r.Point.Seed, alphas[k], r.Log10Errors[k], alphas[k] + Math.Log10(r.DeltaNorm));
            }
        }

        output.Write(table);
        output.Write(errors);
        var figure = new Figure("D ≥ 3: ‖x∞(α) − x_ℓ¹‖ and α‖Δ‖ (noiseless seed 1)", "α", "‖x∞(α) − x_ℓ¹‖₂");
        foreach (var r in rows.Where(r => r.Point.Seed == 1 && r.Point.Noise == 0))
        {
            var color = figure.NextColor();
            var alphas = r.Point.Log10Alphas.Select(a => Math.Pow(10.0, a)).ToArray();
            figure.AddSeries($"D = {r.Point.Depth:0} measured", alphas, [.. r.Log10Errors.Select(e => Math.Pow(10.0, e))], lines: false, color: color);
            figure.AddSeries($"D = {r.Point.Depth:0} α‖Δ‖ [reconstructed]", alphas, [.. alphas.Select(a => a * r.DeltaNorm)], markers: false, color: color);
        }

        output.Save(figure, "error_vs_alpha");
        // error/(α‖Δ‖) in log10 form: 0 on the linear regime; the noisy instances reach it only below α = 1e-10.
        var noisyFigure = new Figure("Noisy D ≥ 3 instances: error/(α‖Δ‖) vs α (1 in the linear regime)", "log10 α", "error / (α‖Δ‖)", logX: false, logY: false);
        noisyFigure.AddSeries("1 (first-order prediction) [reconstructed]", [RateDeepClaim.NoisyLog10Alphas[0], RateDeepClaim.NoisyLog10Alphas[^1]], [1.0, 1.0], markers: false);
        foreach (var r in rows.Where(r => r.Point.Noise > 0))
        {
            noisyFigure.AddSeries($"D = {r.Point.Depth:0}, seed {r.Point.Seed}, ‖Δ‖ = {r.DeltaNorm:0.00e0}", r.Point.Log10Alphas,
                [.. r.Point.Log10Alphas.Select((_, k) => RateDeepClaim.Ratio(r, k))]);
        }

        noisyFigure.AddShadedRange(RateDeepClaim.NoisyLog10Alphas[^1], RateDeepClaim.NoisyFitFromLog10, "fitted: α ≤ 1e-20");
        output.Save(noisyFigure, "noisy_ratio_vs_alpha");
        var noisy = grid.Where(p => p.Noise > 0).ToArray();
        return output.Summary(RateDeepClaim.Info, RateDeepClaim.Analyze(rows), table, [.. grid.Select(p => p.Seed).Distinct()],
            new("instance", "Gaussian m=20 N=50 s=3, noiseless; Gaussian m=40 N=100 s=5, η = 0.4: " + string.Join(", ", noisy.Select(p => $"seed {p.Seed} at D = {p.Depth:0}"))),
            new("depths", "3, 4, 5 (noiseless)"),
            new("alphas", "noiseless 1e-8 … 1e-12; noisy 1e-8 … 1e-30 in log form (steps of 2 decades), fitted over 1e-20 … 1e-30"));
    }
}
