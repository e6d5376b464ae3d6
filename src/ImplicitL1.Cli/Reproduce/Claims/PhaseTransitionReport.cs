using ImplicitL1.Cli.Plots;
using ImplicitL1.Experiments.Claims;

namespace ImplicitL1.Cli.Reproduce.Claims;

/// <summary>phase-transition: runs <see cref="PhaseTransitionClaim"/> and writes its CSV (distances kept) and figures.</summary>
public sealed class PhaseTransitionReport : IClaimExperiment
{
    public string Name => PhaseTransitionClaim.Info.Name;

    public string Title => PhaseTransitionClaim.Info.Title;

    public ClaimSummary Run(ClaimOutput output)
    {
        var grid = PhaseTransitionClaim.Grid(output.Quick);
        var rows = ClaimOutput.Map(grid, PhaseTransitionClaim.Evaluate);
        var names = PhaseTransitionClaim.ColumnNames;
        var trials = new DataTable("trials", ["m", "seed", "bp_success", "bp_relative_error", .. names.Select(n => n + "_relative_error")]);
        foreach (var r in rows)
        {
            trials.Add([r.Point.M, r.Point.Seed, r.BpStatus.IsSuccess(), r.BpError, .. r.LimitError.Select(e => (object?)e)]);
        }

        output.Write(trials);
        var rates = PhaseTransitionClaim.Rates(rows, out var ms);
        var table = new DataTable("success_rate", ["m", "bp", .. names]);
        for (int i = 0; i < ms.Length; i++)
        {
            table.Add([ms[i], .. rates.Select(r => (object?)r[i])]);
        }

        output.Write(table);
        var mx = ms.Select(m => (double)m).ToArray();
        var alphas = PhaseTransitionClaim.Alphas;
        for (int a = 0; a < alphas.Length; a++)
        {
            var figure = new Figure(FormattableString.Invariant($"Recovery ‖x∞ − x*‖ ≤ 1e-2‖x*‖ vs m at α = {alphas[a]:0e0} (N = 40, s = 4)"),
                "m (measurements)", "success rate", logX: false, logY: false);
            figure.AddSeries("basis pursuit x_ℓ¹", mx, rates[0]);
            for (int d = 0; d < PhaseTransitionClaim.Depths.Length; d++)
            {
                figure.AddSeries($"x∞, D = {PhaseTransitionClaim.Depths[d]:0}", mx, rates[1 + (d * alphas.Length) + a]);
            }

            output.Save(figure, FormattableString.Invariant($"success_vs_m_alpha_{alphas[a]:0e0}"));
        }

        var errorFigure = new Figure("Median relative error ‖x − x*‖/‖x*‖ vs m", "m (measurements)", "median ‖x − x*‖₂/‖x*‖₂", logX: false);
        errorFigure.AddSeries("basis pursuit x_ℓ¹", mx, [.. ms.Select(m => Median(rows.Where(r => r.Point.M == m).Select(r => r.BpError)))]);
        for (int c = 0; c < names.Length; c++)
        {
            errorFigure.AddSeries(FormattableString.Invariant($"D = {PhaseTransitionClaim.Depths[c / alphas.Length]:0}, α = {alphas[c % alphas.Length]:0e0}"), mx,
                [.. ms.Select(m => Median(rows.Where(r => r.Point.M == m).Select(r => r.LimitError[c])))]);
        }

        output.Save(errorFigure, "relative_error_vs_m");
        return output.Summary(PhaseTransitionClaim.Info, PhaseTransitionClaim.Analyze(rows), table, [.. grid.Select(p => p.Seed)],
            new("instance", "Gaussian N=40 s=4, noiseless, m varied"), new("threshold", "‖x − x*‖₂ ≤ 1e-2·‖x*‖₂ (relative)"),
            new("depths", "2, 3, 4"), new("alphas", "1e-2, 1e-4, 1e-6"));
    }

    private static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToArray();
        return v.Length == 0 ? double.NaN : v.Length % 2 == 1 ? v[v.Length / 2] : 0.5 * (v[(v.Length / 2) - 1] + v[v.Length / 2]);
    }
}
