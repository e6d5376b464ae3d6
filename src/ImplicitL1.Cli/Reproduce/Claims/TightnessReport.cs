using ImplicitL1.Cli.Plots;
using ImplicitL1.Experiments.Claims;

namespace ImplicitL1.Cli.Reproduce.Claims;

/// <summary>tightness: runs <see cref="TightnessClaim"/> and writes its CSV and figures.</summary>
public sealed class TightnessReport : IClaimExperiment
{
    public string Name => TightnessClaim.Info.Name;

    public string Title => TightnessClaim.Info.Title;

    public ClaimSummary Run(ClaimOutput output)
    {
        var rows = ClaimOutput.Map(TightnessClaim.Grid(output.Quick), TightnessClaim.Evaluate);
        var alphas = TightnessClaim.Alphas;
        var errors = new DataTable("errors", "r", "depth", "alpha", "error_to_l1");
        foreach (var r in rows)
        {
            for (int k = 0; k < alphas.Length; k++)
            {
                errors.Add(r.Point.R, r.Point.Depth, alphas[k], r.Errors[k]);
            }
        }

        output.Write(errors);
        var table = new DataTable("summary", "r", "depth", "predicted", "measured", "deviation", "ok");
        var constantFigure = new Figure("A = [1, r]: error/α at α = 1e-12 vs 1 − r (D ≥ 3)", "1 − r = 1 − ϱ", "‖x∞(α) − x_ℓ¹‖₂ / α");
        foreach (double depth in rows.Where(r => r.Point.Depth > 2).Select(r => r.Point.Depth).Distinct())
        {
            var sel = rows.Where(r => r.Point.Depth == depth).ToArray();
            var measured = sel.Select(r => r.Errors[^1] / alphas[^1]).ToArray();
            var predicted = sel.Select(r => TightnessClaim.PredictedConstant(r.Point.R, depth)).ToArray();
            for (int i = 0; i < sel.Length; i++)
            {
                table.Add(sel[i].Point.R, depth, predicted[i], measured[i], TightnessClaim.ConstantDeviation(sel[i]), sel[i].Ok);
            }

            var gaps = sel.Select(r => 1 - r.Point.R).ToArray();
            var color = constantFigure.NextColor();
            constantFigure.AddSeries($"D = {depth:0} measured", gaps, measured, lines: false, color: color);
            constantFigure.AddSeries($"D = {depth:0} √(1+r²)·h_D(r) [reconstructed]", gaps, predicted, markers: false, color: color);
        }

        var slopeFigure = new Figure("A = [1, r], D = 2: error vs α", "α", "‖x∞(α) − x_ℓ¹‖₂");
        foreach (var r in rows.Where(r => r.Point.Depth == 2))
        {
            double dev = TightnessClaim.SlopeDeviation(r);
            table.Add(r.Point.R, 2.0, 1 - r.Point.R, dev + (1 - r.Point.R), dev, r.Ok);
            slopeFigure.AddSeries($"r = {r.Point.R:0.##}", alphas, r.Errors);
        }

        output.Write(table);
        output.Save(constantFigure, "constant_vs_gap");
        output.Save(slopeFigure, "d2_error_vs_alpha");
        return output.Summary(TightnessClaim.Info, TightnessClaim.Analyze(rows), table, [],
            new("family", "A = [1, r] (1×2), y = 1"), new("depths", "2 (slopes), 3 and 4 (constants)"), new("alphas", "1e-2 … 1e-12 (decades)"));
    }
}
