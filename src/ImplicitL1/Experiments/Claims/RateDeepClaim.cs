using ImplicitL1.Bounds;
using ImplicitL1.Limit;

namespace ImplicitL1.Experiments.Claims;

/// <summary>
/// Claim 3: for D ≥ 3 the exponent is 1 [paper] and error/α → ‖Δ‖ [reconstructed], on noiseless instances and on noisy
/// ones whose ‖Δ‖ ~ 1e6–1e7 pushes the linear regime below α = 1e-10 (their fit uses α ≤ 1e-20, in log form).
/// </summary>
public static class RateDeepClaim
{
    /// <summary>Largest accepted |fitted − 1| and |error/(α‖Δ‖) − 1| at the smallest α.</summary>
    public const double Tolerance = 0.01;

    /// <summary>log10 α of the noiseless instances: −8 … −12, all fitted.</summary>
    public static readonly double[] Log10Alphas = [-8, -9, -10, -11, -12];

    /// <summary>log10 α of the noisy instances: −8 … −30 in steps of 2; only α ≤ 10^<see cref="NoisyFitFromLog10"/> are fitted.</summary>
    public static readonly double[] NoisyLog10Alphas = [.. Enumerable.Range(0, 12).Select(k => -8.0 - (2 * k))];

    /// <summary>The noisy fit starts at α = 1e-20, where the measured correction (∝ α^{(D−2)/D}) is below 1e-3.</summary>
    public const double NoisyFitFromLog10 = -20;

    /// <summary>Name, number, title and statement.</summary>
    public static ClaimInfo Info { get; } = new("rate-deep", 3, "D ≥ 3: exponent 1, constant ‖Δ‖",
        "[paper] For D ≥ 3, ‖x∞(α) − x_ℓ¹‖ ≍ α; [reconstructed] x∞ = x_ℓ¹ + αΔ + o(α), so error/α → ‖Δ‖.");

    /// <summary>One grid point: Gaussian m×N, s-sparse x*, noise η, seed, depth.</summary>
    public sealed record Point(int M, int N, int S, double Noise, long Seed, double Depth)
    {
        /// <summary>log10 α of this point's limits.</summary>
        public double[] Log10Alphas => Noise > 0 ? NoisyLog10Alphas : RateDeepClaim.Log10Alphas;

        /// <summary>The fitted ones among <see cref="Log10Alphas"/>.</summary>
        public double[] FitLog10Alphas => Noise > 0 ? [.. NoisyLog10Alphas.Where(a => a <= NoisyFitFromLog10)] : RateDeepClaim.Log10Alphas;
    }

    /// <summary>One instance: status of the bounds computation, ϱ, ‖Δ‖ and log10 ‖x∞(α) − x_ℓ¹‖₂ per α of the point (NaN where it failed).</summary>
    public sealed record Row(Point Point, SolverStatus Status, double Varrho, double DeltaNorm, double[] Log10Errors)
    {
        /// <summary>log10 errors at the fitted α.</summary>
        public double[] FitLog10Errors => [.. Log10Errors.Where((_, k) => k < Point.Log10Alphas.Length && Point.FitLog10Alphas.Contains(Point.Log10Alphas[k]))];
    }

    /// <summary>
    /// The grid: D ∈ {3, 4, 5} × seeds (quick 2, else 6), Gaussian 20×50, s = 3; and the noisy Gaussian 40×100, s = 5,
    /// η = 0.4 instances seed 4 at D = 3 (‖Δ‖ ≈ 5.1e6) and seed 3 at D = 4 (‖Δ‖ ≈ 7.0e6).
    /// </summary>
    public static IReadOnlyList<Point> Grid(bool quick) =>
    [
        .. from d in new[] { 3.0, 4.0, 5.0 } from seed in ClaimStats.Seeds(quick ? 2 : 6) select new Point(20, 50, 3, 0.0, seed, d),
        new Point(40, 100, 5, 0.4, 4, 3.0),
        new Point(40, 100, 5, 0.4, 3, 4.0),
    ];

    /// <summary>Errors and Δ by <see cref="RateBounds"/>.</summary>
    public static Row Evaluate(Point p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var report = RateBounds.Solve(ClaimStats.Gaussian(p.M, p.N, p.S, p.Seed, p.Noise).Problem,
            new RateBoundsOptions { Depth = p.Depth, Alphas = [.. p.Log10Alphas.Select(a => LogAlpha.FromLog10(a))] });
        double[] errors = report.Rows.Count == p.Log10Alphas.Length
            ? [.. report.Rows.Select(r => r.Log10Measured ?? double.NaN)]
            : [.. p.Log10Alphas.Select(_ => double.NaN)];
        return new Row(p, report.Status, report.Varrho ?? double.NaN, report.DeltaNorm ?? double.NaN, errors);
    }

    /// <summary>Fitted exponent over the point's fitted α.</summary>
    public static double Exponent(Row row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return RateD2Claim.Exponent(row.Point.FitLog10Alphas, row.FitLog10Errors);
    }

    /// <summary>error/(α‖Δ‖) = 10^(log10 error − log10 α − log10 ‖Δ‖) at the <paramref name="k"/>-th α of the point (default: the smallest).</summary>
    public static double Ratio(Row row, int k = -1)
    {
        ArgumentNullException.ThrowIfNull(row);
        var alphas = row.Point.Log10Alphas;
        if (row.Log10Errors.Length != alphas.Length)
        {
            return double.NaN;
        }

        int i = k < 0 ? alphas.Length - 1 : k;
        return Math.Pow(10.0, row.Log10Errors[i] - alphas[i] - Math.Log10(row.DeltaNorm));
    }

    /// <summary>Holds when every instance succeeded, max |fitted − 1| ≤ <see cref="Tolerance"/> and max |ratio − 1| ≤ <see cref="Tolerance"/>.</summary>
    public static ClaimVerdict Analyze(IReadOnlyList<Row> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var slopes = rows.Select(Exponent).ToArray();
        var ratios = rows.Select(r => Ratio(r)).ToArray();
        int failed = rows.Where((r, i) => !r.Status.IsSuccess() || !double.IsFinite(slopes[i]) || !double.IsFinite(ratios[i])).Count();
        double worstExponent = ClaimStats.Max(slopes.Select(s => Math.Abs(s - 1)));
        double worstRatio = ClaimStats.Max(ratios.Select(r => Math.Abs(r - 1)));
        var noisy = rows.Where(r => r.Point.Noise > 0).ToArray();
        int at10 = Array.IndexOf(NoisyLog10Alphas, -10.0);
        return new ClaimVerdict
        {
            Label = ClaimLabel.Paper,
            MeasuredName = "max |fitted exponent − 1|",
            Measured = worstExponent,
            Expected = $"≤ {Tolerance}, and max |error/(α‖Δ‖) − 1| at the smallest α (1e-12; 1e-30 for the noisy instances) ≤ {Tolerance} [reconstructed constant]",
            Holds = rows.Count > 0 && failed == 0 && worstExponent <= Tolerance && worstRatio <= Tolerance,
            FailedRows = failed,
            Details =
            [
                .. ClaimRows.Counts(rows.Count, failed),
                new("max_abs_ratio_minus_one_at_smallest_alpha", worstRatio),
                new("constant_label", "reconstructed"),
                new("fitted_exponent", slopes),
                new("ratio_at_smallest_alpha", ratios),
                new("noisy_delta_norm", noisy.Select(r => r.DeltaNorm).ToArray()),
                new("noisy_depth", noisy.Select(r => r.Point.Depth).ToArray()),
                new("noisy_fitted_exponent", noisy.Select(Exponent).ToArray()),
                new("noisy_ratio_at_1e-10", noisy.Select(r => Ratio(r, at10)).ToArray()),
            ],
        };
    }
}
