using ImplicitL1.Bounds;
using ImplicitL1.Cli.Plots;
using ImplicitL1.Experiments;
using ImplicitL1.Limit;
using ImplicitL1.Potentials;

namespace ImplicitL1.Cli.Reproduce.Claims;

/// <summary>
/// Claim 4 [reconstructed]: on A = [1, r] (ϱ = r) the D ≥ 3 constant is √(1+r²)·h_D(r), blowing up as r → 1, and the
/// D = 2 slope is 1 − r.
/// </summary>
public sealed class TightnessClaim : IClaimExperiment
{
    /// <summary>Largest accepted |error/(α√(1+r²)h_D(r)) − 1| at the smallest α (D ≥ 3).</summary>
    public const double ConstantTolerance = 0.05;

    /// <summary>Largest accepted |slope − (1 − r)| (D = 2, slopes fitted over α = 1e-7 … 1e-12).</summary>
    public const double SlopeTolerance = 0.01;

    /// <summary>α grid 1e-2 … 1e-12.</summary>
    public static readonly double[] Alphas = Stats.Decades(-2, -12);

    /// <summary>One grid point.</summary>
    public sealed record Point(double R, double Depth);

    public string Name => "tightness";

    public string Title => "Tightness family A = [1, r]: constant ∝ h_D(ϱ), blow-up as ϱ → 1; D = 2 slope 1 − ϱ";

    /// <summary>r values of the constants (D ≥ 3) and of the slopes (D = 2).</summary>
    public static (double[] Deep, double[] Shallow) Ratios(bool quick) => quick
        ? ([0.25, 0.5, 0.9], [0.25, 0.5])
        : ([0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99], [0.1, 0.25, 0.5, 0.75, 0.9]);

    /// <summary>(a) The grid.</summary>
    public static IReadOnlyList<Point> Grid(bool quick)
    {
        var (deep, shallow) = Ratios(quick);
        return [.. shallow.Select(r => new Point(r, 2.0)), .. from d in new[] { 3.0, 4.0 } from r in deep select new Point(r, d)];
    }

    /// <summary>(b) Row: r, depth, ok, then ‖x∞(α) − e₁‖₂ for each α of <see cref="Alphas"/>.</summary>
    public static double[] Evaluate(Point p)
    {
        var family = TightnessFamilies.OneByTwo(p.R);
        var limit = DualNewton.Solve(family.Problem, p.Depth, Alphas);
        bool ok = limit.Points.All(q => q.Status.IsSuccess());
        return [p.R, p.Depth, Stats.Flag(ok), .. limit.Points.Select(q => q.ErrorToL1 ?? double.NaN)];
    }

    public ClaimSummary Run(ClaimOutput output)
    {
        var grid = Grid(output.Quick);
        var rows = PointLoop.Evaluate(grid, Evaluate);
        var errors = new DataTable("errors", "r", "depth", "alpha", "error_to_l1");
        foreach (var r in rows)
        {
            for (int k = 0; k < Alphas.Length; k++)
            {
                errors.Add(r[0], r[1], Alphas[k], r[3 + k]);
            }
        }

        output.Write(errors);
        var table = new DataTable("summary", "r", "depth", "predicted", "measured", "deviation", "ok");
        var fitAlphas = Alphas.Where(a => a <= 1e-7).ToArray();
        double worstConstant = 0, worstSlope = 0;
        var deep = rows.Where(r => r[1] > 2).ToArray();
        var constantFigure = new Figure("A = [1, r]: error/α at α = 1e-12 vs 1 − r (D ≥ 3)", "1 − r = 1 − ϱ", "‖x∞(α) − x_ℓ¹‖₂ / α");
        foreach (double depth in deep.Select(r => r[1]).Distinct())
        {
            var h = new DepthPotential(depth);
            var sel = deep.Where(r => r[1] == depth).ToArray();
            var measured = sel.Select(r => r[^1] / Alphas[^1]).ToArray();
            var predicted = sel.Select(r => Math.Sqrt(1 + (r[0] * r[0])) * h.H(r[0])).ToArray();
            for (int i = 0; i < sel.Length; i++)
            {
                double dev = (measured[i] / predicted[i]) - 1;
                worstConstant = Math.Max(worstConstant, double.IsFinite(dev) ? Math.Abs(dev) : double.PositiveInfinity);
                table.Add(sel[i][0], depth, predicted[i], measured[i], dev, sel[i][2] == 1);
            }

            var gaps = sel.Select(r => 1 - r[0]).ToArray();
            constantFigure.AddSeries($"D = {depth:0} measured", gaps, measured, lines: false);
            constantFigure.AddSeries($"D = {depth:0} √(1+r²)·h_D(r) [reconstructed]", gaps, predicted, markers: false);
        }

        var shallow = rows.Where(r => r[1] == 2).ToArray();
        var slopeFigure = new Figure("A = [1, r], D = 2: error vs α", "α", "‖x∞(α) − x_ℓ¹‖₂");
        foreach (var r in shallow)
        {
            var errs = r[3..];
            var fit = LogLogFit.Fit(fitAlphas, [.. errs.Where((_, k) => Alphas[k] <= 1e-7)]);
            double dev = fit.Slope - (1 - r[0]);
            worstSlope = Math.Max(worstSlope, double.IsFinite(dev) ? Math.Abs(dev) : double.PositiveInfinity);
            table.Add(r[0], 2.0, 1 - r[0], fit.Slope, dev, r[2] == 1);
            slopeFigure.AddSeries($"r = {r[0]:0.##}", Alphas, errs);
        }

        output.Write(table);
        output.Save(constantFigure, "constant_vs_gap");
        output.Save(slopeFigure, "d2_error_vs_alpha");
        bool allOk = rows.All(r => r[2] == 1);
        double blowUp = deep.Where(r => r[1] == 3).Select(r => r[^1]).Max() / deep.Where(r => r[1] == 3).Select(r => r[^1]).Min();
        return new ClaimSummary
        {
            Claim = Name,
            TheoryNumber = 4,
            Title = Title,
            Statement = "[reconstructed] On A = [1, r], y = 1 (x_ℓ¹ = e₁, ϱ = r): for D ≥ 3 error ≈ √(1+r²)·h_D(r)·α, which blows up like (1−r)^{−D/(D−2)}; for D = 2 error ≈ √(1+r²)·α^{1−r}.",
            Label = ClaimLabel.Reconstructed,
            MeasuredName = "max |error/(α√(1+r²)h_D(r)) − 1| at α = 1e-12, D = 3, 4",
            Measured = worstConstant,
            Expected = $"≤ {ConstantTolerance}, and D = 2 slopes (α = 1e-7 … 1e-12) within {SlopeTolerance} of 1 − r",
            Holds = allOk && worstConstant <= ConstantTolerance && worstSlope <= SlopeTolerance,
            Details =
            [
                new("max_abs_slope_deviation_d2", worstSlope),
                new("d3_error_ratio_largest_over_smallest_r", blowUp),
                new("all_limits_successful", allOk),
                new("r_constants", Ratios(output.Quick).Deep),
                new("r_slopes", Ratios(output.Quick).Shallow),
            ],
            Parameters = [new("family", "A = [1, r] (1×2), y = 1"), new("depths", "2 (slopes), 3 and 4 (constants)"), new("alphas", "1e-2 … 1e-12 (decades)")],
            Seeds = [],
            Table = table,
            Figures = output.Figures,
            DataFiles = output.DataFiles,
        };
    }
}
