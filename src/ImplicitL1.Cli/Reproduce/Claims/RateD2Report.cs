using ImplicitL1.Cli.Plots;
using ImplicitL1.Experiments.Claims;

namespace ImplicitL1.Cli.Reproduce.Claims;

/// <summary>rate-d2: runs <see cref="RateD2Claim"/>'s sweep and writes its CSV and figure.</summary>
public sealed class RateD2Report : IClaimExperiment
{
    public string Name => RateD2Claim.Info.Name;

    public string Title => RateD2Claim.Info.Title;

    public ClaimSummary Run(ClaimOutput output)
    {
        var results = SweepGrid.Run(output, RateD2Claim.Spec(output.Quick));
        var rows = RateD2Claim.Rows(results);
        var table = new DataTable("exponents", "seed", "varrho", "predicted_exponent", "fitted_exponent", "difference", "unique");
        foreach (var r in rows)
        {
            double slope = RateD2Claim.Slope(RateD2Claim.Alphas, r.Errors);
            table.Add(r.Seed, r.Varrho, 1 - r.Varrho, slope, slope - (1 - r.Varrho), r.Unique);
        }

        output.Write(table);
        var unique = rows.Where(r => r.Unique).ToArray();
        var figure = new Figure("D = 2: fitted exponent vs 1 − ϱ", "1 − ϱ [reconstructed ϱ]", "fitted exponent of ‖x∞(α) − x_ℓ¹‖ in α", logX: false, logY: false);
        figure.AddSeries("y = x (prediction)", [0.0, 1.0], [0.0, 1.0], markers: false);
        figure.AddSeries("instances (α = 1e-8 … 1e-12)", [.. unique.Select(r => 1 - r.Varrho)], [.. unique.Select(r => RateD2Claim.Slope(RateD2Claim.Alphas, r.Errors))], lines: false);
        output.Save(figure, "exponent_scatter");
        return output.Summary(RateD2Claim.Info, RateD2Claim.Analyze(rows), table, [.. results.Select(r => r.Point.Seed).Distinct()],
            new("instance", "Gaussian m=20 N=50 s=3, noiseless"), new("depth", "2"),
            new("alphas", "1e-8, 1e-9, 1e-10, 1e-11, 1e-12 (least-squares fit of log error vs log α)"),
            new("engine", "sweep engine: rate-d2/sweep.json, rate-d2/sweep.db (resumable)"));
    }
}
