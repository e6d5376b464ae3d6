using ImplicitL1.Cli.Plots;
using ImplicitL1.Experiments.Claims;

namespace ImplicitL1.Cli.Reproduce.Claims;

/// <summary>rate-deep: runs <see cref="RateDeepClaim"/> and writes its CSV and figure.</summary>
public sealed class RateDeepReport : IClaimExperiment
{
    public string Name => RateDeepClaim.Info.Name;

    public string Title => RateDeepClaim.Info.Title;

    public ClaimSummary Run(ClaimOutput output)
    {
        var grid = RateDeepClaim.Grid(output.Quick);
        var rows = ClaimOutput.Map(grid, RateDeepClaim.Evaluate);
        var alphas = RateDeepClaim.Alphas;
        var table = new DataTable("exponents", "depth", "seed", "varrho", "fitted_exponent", "delta_norm", "ratio_at_1e-12", "ok");
        var errors = new DataTable("errors", "depth", "seed", "alpha", "error_to_l1", "predicted_alpha_delta");
        foreach (var r in rows)
        {
            table.Add(r.Point.Depth, r.Point.Seed, r.Varrho, RateD2Claim.Slope(alphas, r.Errors), r.DeltaNorm, RateDeepClaim.Ratio(r), r.Status.IsSuccess());
            for (int k = 0; k < r.Errors.Length; k++)
            {
                errors.Add(r.Point.Depth, r.Point.Seed, alphas[k], r.Errors[k], alphas[k] * r.DeltaNorm);
            }
        }

        output.Write(table);
        output.Write(errors);
        var figure = new Figure("D ≥ 3: ‖x∞(α) − x_ℓ¹‖ and α‖Δ‖ (seed 1)", "α", "‖x∞(α) − x_ℓ¹‖₂");
        foreach (var r in rows.Where(r => r.Point.Seed == 1))
        {
            var color = figure.NextColor();
            figure.AddSeries($"D = {r.Point.Depth:0} measured", alphas, r.Errors, lines: false, color: color);
            figure.AddSeries($"D = {r.Point.Depth:0} α‖Δ‖ [reconstructed]", alphas, [.. alphas.Select(a => a * r.DeltaNorm)], markers: false, color: color);
        }

        output.Save(figure, "error_vs_alpha");
        return output.Summary(RateDeepClaim.Info, RateDeepClaim.Analyze(rows), table, [.. grid.Select(p => p.Seed).Distinct()],
            new("instance", "Gaussian m=20 N=50 s=3, noiseless"), new("depths", "3, 4, 5"), new("alphas", "1e-8 … 1e-12"));
    }
}
