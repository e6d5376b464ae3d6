using ImplicitL1.Bounds;
using ImplicitL1.Cli.Plots;

namespace ImplicitL1.Cli.Reproduce.Claims;

/// <summary>Claim 3: for D ≥ 3 the exponent is 1 [paper] and error/α → ‖Δ‖ [reconstructed].</summary>
public sealed class RateDeepClaim : IClaimExperiment
{
    /// <summary>Largest accepted |fitted − 1| and |error/(α‖Δ‖) − 1| at the smallest α.</summary>
    public const double Tolerance = 0.01;

    /// <summary>α of the fit.</summary>
    public static readonly double[] Alphas = [1e-8, 1e-9, 1e-10, 1e-11, 1e-12];

    /// <summary>One grid point.</summary>
    public sealed record Point(int M, int N, int S, long Seed, double Depth);

    public string Name => "rate-deep";

    public string Title => "D ≥ 3: exponent 1, constant ‖Δ‖";

    /// <summary>(a) The grid.</summary>
    public static IReadOnlyList<Point> Grid(bool quick) =>
        [.. from d in new[] { 3.0, 4.0, 5.0 } from seed in Stats.Seeds(quick ? 2 : 6) select new Point(20, 50, 3, seed, d)];

    /// <summary>(b) Row: depth, seed, varrho, fitted, delta_norm, ratio at the smallest α, ok, then measured error per α.</summary>
    public static double[] Evaluate(Point p)
    {
        var report = RateBounds.Solve(Stats.Gaussian(p.M, p.N, p.S, p.Seed).Problem, new RateBoundsOptions { Depth = p.Depth, Alphas = Alphas });
        bool ok = report.Status.IsSuccess() && report.FittedExponent is not null && report.DeltaNorm is not null;
        var head = new[] { p.Depth, p.Seed, report.Varrho ?? double.NaN, report.FittedExponent ?? double.NaN, report.DeltaNorm ?? double.NaN,
            report.Rows.Count > 0 ? report.Rows[^1].Ratio ?? double.NaN : double.NaN, Stats.Flag(ok) };
        return [.. head, .. report.Rows.Select(r => r.Measured ?? double.NaN)];
    }

    public ClaimSummary Run(ClaimOutput output)
    {
        var grid = Grid(output.Quick);
        var rows = PointLoop.Evaluate(grid, Evaluate);
        var table = new DataTable("exponents", "depth", "seed", "varrho", "fitted_exponent", "delta_norm", "ratio_at_1e-12", "ok");
        var errors = new DataTable("errors", "depth", "seed", "alpha", "error_to_l1", "predicted_alpha_delta");
        foreach (var r in rows)
        {
            table.Add(r[0], (long)r[1], r[2], r[3], r[4], r[5], r[6] == 1);
            for (int k = 0; k < Alphas.Length; k++)
            {
                errors.Add(r[0], (long)r[1], Alphas[k], r[7 + k], Alphas[k] * r[4]);
            }
        }

        output.Write(table);
        output.Write(errors);
        var figure = new Figure("D ≥ 3: ‖x∞(α) − x_ℓ¹‖ and α‖Δ‖ (seed 1)", "α", "‖x∞(α) − x_ℓ¹‖₂");
        foreach (var r in rows.Where(r => r[1] == 1))
        {
            figure.AddSeries($"D = {r[0]:0} measured", Alphas, r[7..], lines: false);
            figure.AddSeries($"D = {r[0]:0} α‖Δ‖ [reconstructed]", Alphas, [.. Alphas.Select(a => a * r[4])], markers: false);
        }

        output.Save(figure, "error_vs_alpha");
        var ok = rows.Where(r => r[6] == 1).ToArray();
        double worstExponent = ok.Length == 0 ? double.NaN : ok.Max(r => Math.Abs(r[3] - 1));
        double worstRatio = ok.Length == 0 ? double.NaN : ok.Max(r => Math.Abs(r[5] - 1));
        return new ClaimSummary
        {
            Claim = Name,
            TheoryNumber = 3,
            Title = Title,
            Statement = "[paper] For D ≥ 3, ‖x∞(α) − x_ℓ¹‖ ≍ α; [reconstructed] x∞ = x_ℓ¹ + αΔ + o(α), so error/α → ‖Δ‖.",
            Label = ClaimLabel.Paper,
            MeasuredName = "max |fitted exponent − 1|",
            Measured = worstExponent,
            Expected = $"≤ {Tolerance}, and max |error/(α‖Δ‖) − 1| at α = 1e-12 ≤ {Tolerance} [reconstructed constant]",
            Holds = ok.Length == rows.Length && worstExponent <= Tolerance && worstRatio <= Tolerance,
            Details =
            [
                new("instances", rows.Length),
                new("successful", ok.Length),
                new("max_abs_ratio_minus_one_at_1e-12", worstRatio),
                new("constant_label", "reconstructed"),
                new("fitted_exponent", ok.Select(r => r[3]).ToArray()),
                new("ratio_at_1e-12", ok.Select(r => r[5]).ToArray()),
            ],
            Parameters = [new("instance", "Gaussian m=20 N=50 s=3, noiseless"), new("depths", "3, 4, 5"), new("alphas", "1e-8 … 1e-12")],
            Seeds = [.. grid.Select(p => p.Seed).Distinct()],
            Table = table,
            Figures = output.Figures,
            DataFiles = output.DataFiles,
        };
    }
}
