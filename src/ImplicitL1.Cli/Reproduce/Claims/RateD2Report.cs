using ImplicitL1.Experiments.Claims;

namespace ImplicitL1.Cli.Reproduce.Claims;

/// <summary>rate-d2: runs <see cref="RateD2Claim"/> on each instance's asymptotic α window and writes its CSV and figures.</summary>
public sealed class RateD2Report : IClaimExperiment
{
    public string Name => RateD2Claim.Info.Name;

    public string Title => RateD2Claim.Info.Title;

    public ClaimSummary Run(ClaimOutput output)
    {
        var grid = RateD2Claim.Grid(output.Quick);
        var rows = ClaimOutput.Map(grid, RateD2Claim.Evaluate);
        var table = new DataTable("exponents", "noise", "seed", "unique", "varrho", "predicted_exponent", "fitted_exponent", "difference",
            "relative_difference", "log10_alpha_from", "log10_alpha_to");
        var errors = new DataTable("errors", "noise", "seed", "log10_alpha", "log10_error_to_l1", "fitted");
        foreach (var r in rows)
        {
            double k = RateD2Claim.Exponent(r), gap = 1 - r.Varrho;
            table.Add(r.Point.Noise, r.Point.Seed, r.Unique, r.Varrho, gap, k, k - gap, (k - gap) / gap,
                r.Log10Alphas.Length > 0 ? r.Log10Alphas[0] : null, r.Log10Alphas.Length > 0 ? r.Log10Alphas[^1] : null);
            for (int j = 0; j < r.PathLog10Alphas.Length; j++)
            {
                errors.Add(r.Point.Noise, r.Point.Seed, r.PathLog10Alphas[j], r.PathLog10Errors[j], false);
            }

            for (int j = 0; j < r.Log10Alphas.Length; j++)
            {
                errors.Add(r.Point.Noise, r.Point.Seed, r.Log10Alphas[j], r.Log10Errors[j], true);
            }
        }

        output.Write(table);
        output.Write(errors);
        var unique = rows.Where(r => r.Unique).ToArray();
        output.Save(AsymptoticFigure.ExponentVsGap("D = 2: fitted exponent vs 1 − ϱ (each instance on its asymptotic α window)",
            [.. unique.Select(r => (r.Point.Noise == 0 ? $"noiseless {r.Point.M}×{r.Point.N}" : $"η = {r.Point.Noise:0.##}, {r.Point.M}×{r.Point.N}", r.Varrho, RateD2Claim.Exponent(r)))]),
            "exponent_scatter");
        var noisy = unique.Where(r => r.Point.Noise > 0).ToArray();
        output.Save(AsymptoticFigure.ErrorVsAlpha("D = 2, noisy instances: error from α = 0.1 down to the asymptotic window (markers)",
            noisy.Select(r => new AsymptoticFigure.Instance($"seed {r.Point.Seed}", r.Varrho, r.Log10Alphas, r.Log10Errors, r.PathLog10Alphas, r.PathLog10Errors))), "noisy_error_vs_alpha");
        return output.Summary(RateD2Claim.Info, RateD2Claim.Analyze(rows), table, [.. grid.Select(p => p.Seed).Distinct()],
            new("instances", $"Gaussian 20×50, s = 3, noiseless ({grid.Count(p => p.Noise == 0)} seeds); Gaussian 40×100, s = 5, η = 0.4 ({grid.Count(p => p.Noise > 0)} seeds)"),
            new("depth", "2"),
            new("alphas", $"per instance, in log10 form: from the smaller of −({D2FitWindow.ErrorDecades:0} + log10(‖x_ℓ¹‖₂/min_S|x_ℓ¹|))/(1 − ϱ) and the |S| = m crossover rule, over {D2FitWindow.SpanDecades:0}/(1 − ϱ) decades, {D2FitWindow.Points} points (docs/theory.md §7)"),
            new("noisy_windows", AsymptoticFigure.Windows(noisy.Select(r => (r.Point.Noise, r.Point.Seed, r.Varrho, r.Log10Alphas)))),
            new("engine", "direct: per-instance α windows in log10 form (the sweep engine takes α as doubles)"));
    }
}
