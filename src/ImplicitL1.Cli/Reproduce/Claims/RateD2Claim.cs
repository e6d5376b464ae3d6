using ImplicitL1.Bounds;
using ImplicitL1.Cli.Plots;
using ImplicitL1.Sweeps;

namespace ImplicitL1.Cli.Reproduce.Claims;

/// <summary>Claim 2 [paper rate; ϱ reconstructed]: for D = 2 the fitted exponent of ‖x∞(α) − x_ℓ¹‖ vs α is 1 − ϱ.</summary>
public sealed class RateD2Claim : IClaimExperiment
{
    /// <summary>Largest accepted |fitted − (1 − ϱ)|.</summary>
    public const double Tolerance = 0.01;

    /// <summary>α of the fit.</summary>
    public static readonly double[] Alphas = [1e-8, 1e-9, 1e-10, 1e-11, 1e-12];

    public string Name => "rate-d2";

    public string Title => "D = 2: fitted exponent of the error vs α equals 1 − ϱ";

    /// <summary>(a) The grid, as a sweep spec: Gaussian 20×50, s = 3, seeds × α, D = 2, exact limit.</summary>
    public static object Spec(bool quick) => new
    {
        name = "reproduce rate-d2",
        problem = new { m = 20, n = 50, s = 3, seed = SweepGrid.SeedRange(quick ? 4 : 16) },
        method = new { solver = "limit", depth = 2, alpha = Alphas },
    };

    /// <summary>(b) Rows per seed: seed, varrho, fitted exponent, its standard error, ok.</summary>
    public static double[][] Rows(IReadOnlyList<(SweepPoint Point, SweepRow Row)> results) =>
        [.. results.GroupBy(r => r.Point.Seed).Select(g =>
        {
            var byAlpha = Alphas.Select(a => g.Single(r => SweepGrid.Same(r.Point.Alpha, a)).Row).ToArray();
            var errors = byAlpha.Select(r => SweepGrid.Succeeded(r) ? SweepGrid.Value(r.ErrorToL1) : double.NaN).ToArray();
            bool ok = byAlpha[0].Varrho is not null && errors.All(e => double.IsFinite(e) && e > 0);
            var fit = ok ? LogLogFit.Fit(Alphas, errors) : null;
            return (double[])[g.Key, SweepGrid.Value(byAlpha[0].Varrho), fit?.Slope ?? double.NaN, fit?.SlopeStdError ?? double.NaN, Stats.Flag(ok)];
        })];

    public ClaimSummary Run(ClaimOutput output)
    {
        var results = SweepGrid.Run(output, Spec(output.Quick));
        var rows = Rows(results);
        var table = new DataTable("exponents", "seed", "varrho", "predicted_exponent", "fitted_exponent", "fitted_std_error", "difference", "ok");
        foreach (var r in rows)
        {
            table.Add((long)r[0], r[1], 1 - r[1], r[2], r[3], r[2] - (1 - r[1]), r[4] == 1);
        }

        output.Write(table);
        var ok = rows.Where(r => r[4] == 1).ToArray();
        var figure = new Figure("D = 2: fitted exponent vs 1 − ϱ", "1 − ϱ [reconstructed ϱ]", "fitted exponent of ‖x∞(α) − x_ℓ¹‖ in α", logX: false, logY: false);
        figure.AddSeries("y = x (prediction)", [0.0, 1.0], [0.0, 1.0], markers: false);
        figure.AddSeries("instances (α = 1e-8 … 1e-12)", [.. ok.Select(r => 1 - r[1])], [.. ok.Select(r => r[2])], lines: false);
        output.Save(figure, "exponent_scatter");
        double worst = ok.Length == 0 ? double.NaN : ok.Max(r => Math.Abs(r[2] - (1 - r[1])));
        return new ClaimSummary
        {
            Claim = Name,
            TheoryNumber = 2,
            Title = Title,
            Statement = "[paper] For D = 2, ‖x∞(α) − x_ℓ¹‖ ≍ α^{1−ϱ}; [reconstructed] ϱ = min ‖A_{Sᶜ}ᵀλ‖∞ s.t. A_Sᵀλ = σ.",
            Label = ClaimLabel.Paper,
            MeasuredName = "max |fitted exponent − (1 − ϱ)| over unique instances",
            Measured = worst,
            Expected = $"≤ {Tolerance} on every instance",
            Holds = ok.Length > 0 && worst <= Tolerance,
            Details =
            [
                new("instances", rows.Length),
                new("unique_instances", ok.Length),
                new("varrho", ok.Select(r => r[1]).ToArray()),
                new("fitted_exponent", ok.Select(r => r[2]).ToArray()),
                new("mean_abs_difference", Stats.Mean(ok.Select(r => Math.Abs(r[2] - (1 - r[1]))))),
            ],
            Parameters = [new("instance", "Gaussian m=20 N=50 s=3, noiseless"), new("depth", "2"), new("alphas", "1e-8, 1e-9, 1e-10, 1e-11, 1e-12 (least-squares fit of log error vs log α)"), new("engine", "sweep engine: rate-d2/sweep.json, rate-d2/sweep.db (resumable)")],
            Seeds = [.. results.Select(r => r.Point.Seed).Distinct()],
            Table = table,
            Figures = output.Figures,
            DataFiles = output.DataFiles,
        };
    }
}
