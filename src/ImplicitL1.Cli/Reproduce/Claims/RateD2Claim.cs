using ImplicitL1.Bounds;
using ImplicitL1.Cli.Plots;

namespace ImplicitL1.Cli.Reproduce.Claims;

/// <summary>Claim 2 [paper rate; ϱ reconstructed]: for D = 2 the fitted exponent of ‖x∞(α) − x_ℓ¹‖ vs α is 1 − ϱ.</summary>
public sealed class RateD2Claim : IClaimExperiment
{
    /// <summary>Largest accepted |fitted − (1 − ϱ)|.</summary>
    public const double Tolerance = 0.01;

    /// <summary>α of the fit.</summary>
    public static readonly double[] Alphas = [1e-8, 1e-9, 1e-10, 1e-11, 1e-12];

    /// <summary>One grid point.</summary>
    public sealed record Point(int M, int N, int S, long Seed);

    public string Name => "rate-d2";

    public string Title => "D = 2: fitted exponent of the error vs α equals 1 − ϱ";

    /// <summary>(a) The grid: seeded Gaussian instances.</summary>
    public static IReadOnlyList<Point> Grid(bool quick) =>
        [.. Stats.Seeds(quick ? 4 : 16).Select(seed => new Point(20, 50, 3, seed))];

    /// <summary>(b) Row: seed, varrho, fitted, fitted_std_error, ok.</summary>
    public static double[] Evaluate(Point p)
    {
        var report = RateBounds.Compute(Stats.Gaussian(p.M, p.N, p.S, p.Seed).Problem, 2.0, Alphas);
        bool ok = report.Status.IsSuccess() && report.Varrho is not null && report.FittedExponent is not null;
        return [p.Seed, report.Varrho ?? double.NaN, report.FittedExponent ?? double.NaN, report.FittedExponentStdError ?? double.NaN, Stats.Flag(ok)];
    }

    public ClaimSummary Run(ClaimOutput output)
    {
        var grid = Grid(output.Quick);
        var rows = PointLoop.Evaluate(grid, Evaluate);
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
            Parameters = [new("instance", "Gaussian m=20 N=50 s=3, noiseless"), new("depth", "2"), new("alphas", "1e-8, 1e-9, 1e-10, 1e-11, 1e-12 (least-squares fit of log error vs log α)")],
            Seeds = [.. grid.Select(p => p.Seed)],
            Table = table,
            Figures = output.Figures,
            DataFiles = output.DataFiles,
        };
    }
}
