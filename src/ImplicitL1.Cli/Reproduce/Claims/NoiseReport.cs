using ImplicitL1.Cli.Plots;
using ImplicitL1.Experiments.Claims;

namespace ImplicitL1.Cli.Reproduce.Claims;

/// <summary>noise: runs <see cref="NoiseClaim"/> and writes its CSV and figures.</summary>
public sealed class NoiseReport : IClaimExperiment
{
    public string Name => NoiseClaim.Info.Name;

    public string Title => NoiseClaim.Info.Title;

    public ClaimSummary Run(ClaimOutput output)
    {
        var grid = NoiseClaim.Grid(output.Quick);
        var rows = ClaimOutput.Map(grid, NoiseClaim.Evaluate);
        var alphas = NoiseClaim.Alphas;
        var perSeed = new DataTable("per_seed", "noise", "seed", "bp_success", "varrho", "support_size", "fitted_slope", "all_points_ok",
            "asymptotic_exponent", "log10_alpha_from", "log10_alpha_to");
        var errors = new DataTable("errors", "noise", "seed", "alpha", "error_to_l1");
        var asymptotic = new DataTable("asymptotic_errors", "noise", "seed", "log10_alpha", "log10_error_to_l1");
        foreach (var r in rows)
        {
            perSeed.Add(r.Noise, r.Seed, r.BpStatus == "success", r.Varrho, r.SupportSize, NoiseClaim.Slope(r),
                r.Errors.All(double.IsFinite) && r.FitLog10Errors.All(double.IsFinite), NoiseClaim.AsymptoticExponent(r),
                r.FitLog10Alphas.Length > 0 ? r.FitLog10Alphas[0] : null, r.FitLog10Alphas.Length > 0 ? r.FitLog10Alphas[^1] : null);
            for (int k = 0; k < alphas.Length; k++)
            {
                errors.Add(r.Noise, r.Seed, alphas[k], r.Errors[k]);
            }

            for (int k = 0; k < r.FitLog10Alphas.Length; k++)
            {
                asymptotic.Add(r.Noise, r.Seed, r.FitLog10Alphas[k], r.FitLog10Errors[k]);
            }
        }

        output.Write(perSeed);
        output.Write(errors);
        output.Write(asymptotic);
        var table = new DataTable("summary", "noise", "instances", "varrho_mean", "varrho_std", "one_minus_varrho_mean", "slope_mean", "slope_std",
            "asymptotic_exponent_mean", "max_abs_exponent_difference");
        var figure = new Figure("Experiment 1 (D = 2): error vs α per noise level (geometric mean over seeds)", "α", "‖x∞(α) − x_ℓ¹‖₂");
        foreach (double noise in NoiseClaim.NoiseLevels)
        {
            var sel = rows.Where(r => r.Noise == noise).ToArray();
            double varrho = ClaimStats.Mean(sel.Select(r => r.Varrho));
            table.Add(noise, sel.Length, varrho, ClaimStats.StdDev(sel.Select(r => r.Varrho)), 1 - varrho,
                ClaimStats.Mean(sel.Select(NoiseClaim.Slope)), ClaimStats.StdDev(sel.Select(NoiseClaim.Slope)),
                ClaimStats.Mean(sel.Select(NoiseClaim.AsymptoticExponent)),
                ClaimStats.Max(sel.Select(r => Math.Abs(NoiseClaim.AsymptoticExponent(r) - (1 - r.Varrho)))));
            figure.AddSeries($"η = {noise:0.##} (ϱ̄ = {varrho:0.###})", alphas,
                [.. Enumerable.Range(0, alphas.Length).Select(k => ClaimStats.GeometricMean(sel.Select(r => r.Errors[k])))]);
        }

        output.Write(table);
        output.Save(figure, "error_vs_alpha");
        double largest = NoiseClaim.NoiseLevels[^1];
        var noisiest = rows.Where(r => r.Noise == largest).ToArray();
        output.Save(AsymptoticFigure.ErrorVsAlpha($"η = {largest:0.##}: error on each instance's asymptotic α window",
            noisiest.Select(r => new AsymptoticFigure.Instance($"seed {r.Seed}", r.Varrho, r.FitLog10Alphas, r.FitLog10Errors))), "asymptotic_error_vs_alpha");
        output.Save(AsymptoticFigure.ExponentVsGap("Asymptotic exponent vs 1 − ϱ by noise level",
            [.. rows.Select(r => ($"η = {r.Noise:0.##}", r.Varrho, NoiseClaim.AsymptoticExponent(r)))]), "exponent_vs_gap");
        return output.Summary(NoiseClaim.Info, NoiseClaim.Analyze(rows), table, [.. grid.Select(p => p.Seed).Distinct()],
            new("instance", output.Quick ? "Gaussian m=40 N=100 s=5, y = A x* + η·g/√m" : "Gaussian m=100 N=400 s=10, y = A x* + η·g/√m"),
            new("depth", "2"), new("alphas", "1e-1 … 1e-12 (realistic slope fitted over 1e-8 … 1e-12), and per instance its asymptotic window in log10 form (rate-d2's rule, docs/theory.md §7)"),
            new("windows_at_largest_noise", AsymptoticFigure.Windows(noisiest.Select(r => (r.Noise, r.Seed, r.Varrho, r.FitLog10Alphas)))),
            new("engine", "direct: per-instance α windows in log10 form (the sweep engine takes α as doubles)"));
    }
}
