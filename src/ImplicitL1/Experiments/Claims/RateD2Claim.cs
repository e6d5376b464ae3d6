using ImplicitL1.BasisPursuit;
using ImplicitL1.Bounds;
using ImplicitL1.Limit;
using ImplicitL1.Problems;

namespace ImplicitL1.Experiments.Claims;

/// <summary>
/// Claim 2 [paper rate; ϱ reconstructed]: for D = 2 the fitted exponent of ‖x∞(α) − x_ℓ¹‖ vs α is 1 − ϱ, measured on
/// each instance's own α window in its asymptotic regime (<see cref="D2FitWindow"/>, down to α = 10^-20000 for ϱ ≈ 0.999).
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
    /// One instance: BP status (snake_case), ϱ (NaN unless unique), the fit window and log10 ‖x∞(α) − x_ℓ¹‖₂ at its α
    /// (NaN where a point failed; both empty when BP is not unique or failed).
    /// </summary>
    public sealed record Row(Point Point, string BpStatus, double Varrho, D2FitWindow.Window? Window, double[] Log10Alphas, double[] Log10Errors)
    {
        /// <summary>True when x_ℓ¹ is unique (only then is there an error to fit).</summary>
        public bool Unique => BpStatus == "success";
    }

    /// <summary>The grid: noiseless Gaussian 20×50, s = 3 (quick 4 seeds, else 16) and noisy 40×100, s = 5, η = 0.4 (quick 2, else 6).</summary>
    public static IReadOnlyList<Point> Grid(bool quick) =>
    [
        .. ClaimStats.Seeds(quick ? 4 : 16).Select(seed => new Point(20, 50, 3, 0.0, seed)),
        .. ClaimStats.Seeds(quick ? 2 : 6).Select(seed => new Point(40, 100, 5, 0.4, seed)),
    ];

    /// <summary>BP, ϱ, the window from them, and the exact limits on it.</summary>
    public static Row Evaluate(Point p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var problem = ClaimStats.Gaussian(p.M, p.N, p.S, p.Seed, p.Noise).Problem;
        var bp = BasisPursuitSolver.Solve(problem);
        var (window, errors) = Measure(problem, bp, []);
        return new Row(p, bp.Status.ToSnakeCase(), bp.Varrho?.Value ?? double.NaN, window,
            window is null ? [] : [.. window.Alphas.Select(a => a.Log10)], errors);
    }

    /// <summary>
    /// The window of a unique instance and log10 errors at <paramref name="extra"/> then at the window's α (NaN where a
    /// limit failed); (null, []) when BP is not unique or failed.
    /// </summary>
    public static (D2FitWindow.Window? Window, double[] Log10Errors) Measure(RegressionProblem problem, BasisPursuitResult bp, IReadOnlyList<LogAlpha> extra)
    {
        ArgumentNullException.ThrowIfNull(extra);
        D2FitWindow.Window? window;
        try
        {
            window = D2FitWindow.Choose(problem, bp);
        }
        catch (ArgumentOutOfRangeException)
        {
            window = null; // ϱ so close to 1 that the window leaves the α range: a unique row without errors fails.
        }

        if (window is null)
        {
            return (null, []);
        }

        var limits = DualNewton.Solve(problem, 2.0, [.. extra, .. window.Alphas], basisPursuit: bp);
        return (window, [.. limits.Points.Select(q => q.Status == SolverStatus.Success ? q.Log10ErrorToL1 ?? double.NaN : double.NaN)]);
    }

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
    /// Holds when no instance failed (BP neither success nor not_unique, or a missing error), at least one is unique,
    /// and every unique one <see cref="Agrees"/>. Instances where BP is not unique have no x_ℓ¹ to measure (counted, not compared).
    /// </summary>
    public static ClaimVerdict Analyze(IReadOnlyList<Row> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var unique = rows.Where(r => r.Unique).ToArray();
        var exponents = unique.Select(Exponent).ToArray();
        var deviations = unique.Select((r, i) => Math.Abs(exponents[i] - (1 - r.Varrho))).ToArray();
        int failed = rows.Count(r => !ClaimRows.Succeeded(r.BpStatus)) + deviations.Count(d => !double.IsFinite(d));
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
