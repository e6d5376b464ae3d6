using ImplicitL1.BasisPursuit;
using ImplicitL1.Bounds;
using ImplicitL1.Limit;
using ImplicitL1.Problems;

namespace ImplicitL1.Experiments.Claims;

/// <summary>
/// Claim 2 [paper rate; ϱ reconstructed]: for D = 2 the fitted exponent of ‖x∞(α) − x_ℓ¹‖ vs α is 1 − ϱ, measured on
/// each instance's own α window in its asymptotic regime (<see cref="D2FitWindow"/>; α down to 10^-23349 for ϱ = 0.99867).
/// </summary>
public static class RateD2Claim
{
    /// <summary>Largest accepted |fitted − (1 − ϱ)|.</summary>
    public const double Tolerance = 0.002;

    /// <summary>Largest accepted |fitted − (1 − ϱ)|/(1 − ϱ) (binding where 1 − ϱ &lt; 0.2, e.g. with noise).</summary>
    public const double RelativeTolerance = 0.01;

    /// <summary>Name, number, title and statement.</summary>
    public static ClaimInfo Info { get; } = new("rate-d2", 2,
        "D = 2: fitted exponent of the error vs α equals 1 − ϱ",
        "[paper] For D = 2, ‖x∞(α) − x_ℓ¹‖ ≍ α^{1−ϱ}; [reconstructed] ϱ = min ‖A_{Sᶜ}ᵀλ‖∞ s.t. A_Sᵀλ = σ.");

    /// <summary>One instance of the grid: Gaussian m×N, s-sparse x*, noise η, seed.</summary>
    public sealed record Point(int M, int N, int S, double Noise, long Seed);

    /// <summary>
    /// One instance: BP status (snake_case), ϱ (NaN unless unique), the fit window and log10 ‖x∞(α) − x_ℓ¹‖₂ at its α,
    /// and the path from α = 0.1 down to the window (<see cref="PathPoints"/> α, shown, not fitted). Errors are NaN where a
    /// point failed; the arrays are empty when BP is not unique or failed.
    /// </summary>
    public sealed record Row(Point Point, string BpStatus, double Varrho, D2FitWindow.Window? Window, double[] Log10Alphas, double[] Log10Errors,
        double[] PathLog10Alphas, double[] PathLog10Errors)
    {
        /// <summary>True when x_ℓ¹ is unique (only then is there an error to fit).</summary>
        public bool Unique => BpStatus == "success";
    }

    /// <summary>α of the path to the window: 12, evenly spaced in log10 α from −1 to the window's start (excluded).</summary>
    public const int PathPoints = 12;

    /// <summary>The grid: noiseless Gaussian 20×50, s = 3 (quick 4 seeds, else 16) and noisy 40×100, s = 5, η = 0.4 (quick 2, else 6).</summary>
    public static IReadOnlyList<Point> Grid(bool quick) =>
    [
        .. ClaimStats.Seeds(quick ? 4 : 16).Select(seed => new Point(20, 50, 3, 0.0, seed)),
        .. ClaimStats.Seeds(quick ? 2 : 6).Select(seed => new Point(40, 100, 5, 0.4, seed)),
    ];

    /// <summary>BP, ϱ, the window from them, and the exact limits on the path and the window (one continuation).</summary>
    public static Row Evaluate(Point p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var problem = ClaimStats.Gaussian(p.M, p.N, p.S, p.Seed, p.Noise).Problem;
        var bp = BasisPursuitSolver.Solve(problem);
        var window = Window(problem, bp);
        if (window is null)
        {
            return new Row(p, bp.Status.ToSnakeCase(), bp.Varrho?.Value ?? double.NaN, null, [], [], [], []);
        }

        double[] path = [.. Enumerable.Range(0, PathPoints).Select(k => -1 + ((window.StartLog10 + 1) * k / PathPoints))];
        double[] fit = [.. window.Alphas.Select(a => a.Log10)];
        var errors = Log10Errors(problem, bp, [.. path.Select(l => LogAlpha.FromLog10(l)), .. window.Alphas]);
        return new Row(p, bp.Status.ToSnakeCase(), bp.Varrho!.Value, window, fit, errors[PathPoints..], path, errors[..PathPoints]);
    }

    /// <summary>The window of an instance (<see cref="D2FitWindow.Choose"/>); null when BP is not unique or when ϱ is so close to 1 that it leaves the α range (then a unique row has no errors and fails).</summary>
    public static D2FitWindow.Window? Window(RegressionProblem problem, BasisPursuitResult bp)
    {
        try
        {
            return D2FitWindow.Choose(problem, bp);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>log10 ‖x∞(α) − x_ℓ¹‖₂ at D = 2 for each α (NaN where the limit failed), one continuation.</summary>
    public static double[] Log10Errors(RegressionProblem problem, BasisPursuitResult bp, IReadOnlyList<LogAlpha> alphas) =>
        [.. DualNewton.Solve(problem, 2.0, alphas, basisPursuit: bp).Points.Select(q => q.Status == SolverStatus.Success ? q.Log10ErrorToL1 ?? double.NaN : double.NaN)];

    /// <summary>Least-squares slope of log10 error vs log10 α; NaN when an error is missing or not finite, or fewer than two α.</summary>
    public static double Exponent(IReadOnlyList<double> log10Alphas, IReadOnlyList<double> log10Errors)
    {
        ArgumentNullException.ThrowIfNull(log10Alphas);
        ArgumentNullException.ThrowIfNull(log10Errors);
        return log10Alphas.Count >= 2 && log10Errors.Count == log10Alphas.Count && log10Errors.All(double.IsFinite)
            ? LogLogFit.FitLog10(log10Alphas, log10Errors).Slope
            : double.NaN;
    }

    /// <summary>Least-squares slope of log error vs log α for doubles; NaN when an error is missing or not positive.</summary>
    public static double Slope(IReadOnlyList<double> alphas, IReadOnlyList<double> errors) =>
        errors.Count == alphas.Count && errors.All(e => double.IsFinite(e) && e > 0) ? LogLogFit.Fit(alphas, errors).Slope : double.NaN;

    /// <summary>The fitted exponent of a row over its window.</summary>
    public static double Exponent(Row row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return Exponent(row.Log10Alphas, row.Log10Errors);
    }

    /// <summary>True when |fitted − (1 − ϱ)| ≤ <see cref="Tolerance"/> and ≤ <see cref="RelativeTolerance"/>·(1 − ϱ) (false for NaN).</summary>
    public static bool Agrees(double varrho, double exponent) =>
        Math.Abs(exponent - (1 - varrho)) <= Tolerance && Math.Abs(exponent - (1 - varrho)) <= RelativeTolerance * (1 - varrho);

    /// <summary>
    /// Holds when no instance failed (BP neither success nor not_unique, or a missing error on the window or the path), at least one is unique,
    /// and every unique one <see cref="Agrees"/>. Instances where BP is not unique have no x_ℓ¹ to measure (counted, not compared).
    /// </summary>
    public static ClaimVerdict Analyze(IReadOnlyList<Row> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var unique = rows.Where(r => r.Unique).ToArray();
        var exponents = unique.Select(Exponent).ToArray();
        var deviations = unique.Select((r, i) => Math.Abs(exponents[i] - (1 - r.Varrho))).ToArray();
        // A failed path point counts too: it is shown in the report, so it must not hide a solver failure.
        int failed = rows.Count(r => !ClaimRows.Succeeded(r.BpStatus))
            + unique.Where((r, i) => !double.IsFinite(deviations[i]) || r.PathLog10Errors.Any(e => !double.IsFinite(e))).Count();
        double worst = ClaimStats.Max(deviations);
        return new ClaimVerdict
        {
            Label = ClaimLabel.Paper,
            MeasuredName = "max |fitted exponent − (1 − ϱ)| over unique instances, each on its asymptotic α window",
            Measured = worst,
            Expected = $"≤ {Tolerance} and ≤ {RelativeTolerance}·(1 − ϱ) on every instance",
            Holds = unique.Length > 0 && failed == 0 && unique.Select((r, i) => Agrees(r.Varrho, exponents[i])).All(ok => ok),
            FailedRows = failed,
            Details =
            [
                .. ClaimRows.Counts(rows.Count, failed),
                new("instances", rows.Count),
                new("unique_instances", unique.Length),
                new("noise", unique.Select(r => r.Point.Noise).ToArray()),
                new("varrho", unique.Select(r => r.Varrho).ToArray()),
                new("fitted_exponent", exponents),
                new("max_relative_difference", ClaimStats.Max(unique.Select((r, i) => deviations[i] / (1 - r.Varrho)))),
                new("log10_alpha_from", unique.Select(r => r.Log10Alphas.Length > 0 ? r.Log10Alphas[0] : double.NaN).ToArray()),
                new("log10_alpha_to", unique.Select(r => r.Log10Alphas.Length > 0 ? r.Log10Alphas[^1] : double.NaN).ToArray()),
            ],
        };
    }
}
