using ImplicitL1.BasisPursuit;
using ImplicitL1.Limit;
using ImplicitL1.Potentials;
using ImplicitL1.Problems;

namespace ImplicitL1.Bounds;

/// <summary>Options of <see cref="RateBounds.Solve"/>.</summary>
public sealed record RateBoundsOptions
{
    /// <summary>The depth D. Required. Must be a finite real ≥ 2.</summary>
    public required double Depth { get; init; }

    /// <summary>The α at which limits are measured, in log form (any α in [10^-1e6, 10^1e6]). Required: at least two distinct.</summary>
    public required IReadOnlyList<LogAlpha> Alphas { get; init; }

    /// <summary>Options of the limits' <see cref="DualNewton"/>. Default null (its defaults).</summary>
    public LimitOptions? Limit { get; init; }

    /// <summary>BP for the same problem (shared with other stages); computed when null. Default null.</summary>
    public BasisPursuitResult? BasisPursuit { get; init; }

    /// <summary>Receives a <see cref="SolverProgress"/> (stage "bounds") after BP, Δ and the limits. Default none.</summary>
    public IProgress<SolverProgress>? Progress { get; init; }

    /// <summary>Checked before the limits; a cancelled run returns <see cref="SolverStatus.Cancelled"/>. Default none.</summary>
    public CancellationToken Cancellation { get; init; }
}

/// <summary>
/// Predictions beside measurements (docs/theory.md §4): D = 2, error ≍ α^{1−ϱ} [paper]; D &gt; 2, error ≍ α [paper] with
/// constant ‖Δ‖ [reconstructed]. Measurements are exact limits from <see cref="DualNewton"/>.
/// </summary>
public static class RateBounds
{
    /// <summary>Builds the report for one depth over the given α.</summary>
    /// <exception cref="ArgumentOutOfRangeException">options.Depth below 2.</exception>
    /// <exception cref="ArgumentException">Fewer than two distinct α (options.Alphas).</exception>
    public static BoundsReport Solve(RegressionProblem problem, RateBoundsOptions options)
    {
        Checks.NotNull(problem);
        Checks.NotNull(options);
        double depth = Checks.Depth(options.Depth, "options.Depth");
        var alphas = Checks.NotNull(options.Alphas, "options.Alphas");
        if (alphas.Select(a => a.Log10).Distinct().Count() < 2) // distinct as fitted (log10 α)
        {
            throw new ArgumentException("At least two distinct α are needed to fit an exponent.", "options.Alphas");
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var report = Build(problem, depth, alphas, options);
        return report with { Stats = report.Stats with { WallTime = clock.Elapsed } };
    }

    private static BoundsReport Build(RegressionProblem problem, double depth, IReadOnlyList<LogAlpha> alphas, RateBoundsOptions options)
    {
        var potential = new DepthPotential(depth);
        var bp = options.BasisPursuit ?? BasisPursuitSolver.Solve(problem);
        options.Progress?.Report(new SolverProgress("bounds", 1, 1.0 / 3, "basis pursuit and ϱ done"));
        if (!bp.IsUnique || bp.Varrho is null)
        {
            return Empty(depth, bp.Status,
                $"no rate: basis pursuit is {bp.Status.ToSnakeCase()}, so ‖x∞ − x_ℓ¹‖ and ϱ-based predictions are undefined ({bp.Message})");
        }

        double varrho = bp.Varrho.Value;
        bool shallow = potential.IsShallow;
        FirstOrderResult? first = shallow ? null : FirstOrderExpansion.Solve(problem, new FirstOrderOptions { Depth = depth, BasisPursuit = bp });
        if (first is { Status: not SolverStatus.Success })
        {
            return Empty(depth, first.Status, "first-order constant failed: " + first.Message) with { Varrho = varrho };
        }

        options.Progress?.Report(new SolverProgress("bounds", 2, 2.0 / 3, "first-order constant done"));
        if (options.Cancellation.IsCancellationRequested)
        {
            return Empty(depth, SolverStatus.Cancelled, "cancelled before the limits were computed") with { Varrho = varrho };
        }

        var limits = DualNewton.Solve(problem, depth, alphas, options.Limit, bp);
        options.Progress?.Report(new SolverProgress("bounds", 3, 1.0, $"{alphas.Count} limits done"));
        var good = limits.Points.Where(p => p.Status == SolverStatus.Success && p.Log10ErrorToL1 is double e && double.IsFinite(e)).ToArray();
        double predictedExponent = shallow ? 1.0 - varrho : 1.0;
        LogLogFit? fit = good.Select(p => p.LogAlpha.Log10).Distinct().Count() >= 2
            ? LogLogFit.FitLog10([.. good.Select(p => p.LogAlpha.Log10)], [.. good.Select(p => p.Log10ErrorToL1!.Value)])
            : null;

        // log10 of the constant: D = 2, C with the exponent held at 1 − ϱ, log10 C = mean(log10 e − (1 − ϱ)·log10 α); D > 2, ‖Δ‖.
        double log10Constant = shallow
            ? (good.Length > 0 ? good.Average(p => p.Log10ErrorToL1!.Value - (predictedExponent * p.LogAlpha.Log10)) : double.NaN)
            : Math.Log10(first!.DeltaNorm);
        var rows = limits.Points.Select(p => Row(p, log10Constant + (predictedExponent * p.LogAlpha.Log10))).ToArray();

        var values = shallow ? CertificateValues(problem, bp) : first!.CertificateValues;
        var inSupport = new HashSet<int>(bp.Support);
        var offSupport = Enumerable.Range(0, problem.Cols).Where(i => !inSupport.Contains(i)).Select(i =>
            new OffSupportPrediction(i, values[i], shallow ? 1.0 - Math.Abs(values[i]) : 1.0,
                shallow ? null : first!.Delta[i])).ToArray();

        var failed = limits.Points.FirstOrDefault(p => p.Status != SolverStatus.Success);
        string fitNote = fit is null ? "fewer than two successful α: no fit" : $"fitted exponent {fit.Slope:F4} vs predicted {predictedExponent:F4}";
        return new BoundsReport
        {
            Status = failed?.Status ?? SolverStatus.Success,
            Message = failed is null ? fitNote : $"limit at α = {failed.LogAlpha} failed: {failed.Message}; {fitNote}",
            Depth = depth,
            Varrho = varrho,
            PredictedExponent = predictedExponent,
            FittedExponent = fit?.Slope,
            FittedExponentStdError = fit is { Points: > 2 } ? fit.SlopeStdError : null,
            FittedConstant = fit?.Constant,
            DeltaNorm = first?.DeltaNorm,
            BlowUp = potential.H(varrho),
            ConstantIsFitted = shallow,
            Rows = rows,
            OffSupport = offSupport,
            Stats = new SolverStats
            {
                Iterations = first?.Stats.Iterations ?? 0,
                LpIterations = bp.LpIterations,
            },
        };
    }

    // Ratio measured/predicted = 10^(log10 measured − log10 predicted), formed in log10 so it survives underflow.
    private static BoundsRow Row(LimitPoint p, double log10Predicted)
    {
        double? log10Measured = p.Status == SolverStatus.Success ? p.Log10ErrorToL1 : null;
        return new BoundsRow
        {
            Alpha = p.LogAlpha.IsRepresentable ? p.LogAlpha.Value : 0.0,
            LogAlpha = p.LogAlpha,
            Log10Measured = log10Measured,
            Measured = log10Measured is double lm ? Representable(lm) : null,
            Log10Predicted = log10Predicted,
            Predicted = Math.Pow(10.0, log10Predicted),
            Ratio = log10Measured is double m ? Math.Pow(10.0, m - log10Predicted) : null,
            Status = p.Status,
        };
    }

    // 10^l as a double when it is a normal double or exactly 0 (l = −∞); null when it under- or overflows.
    private static double? Representable(double log10) =>
        double.IsNegativeInfinity(log10) ? 0.0 : Math.Pow(10.0, log10) is var v && double.IsNormal(v) ? v : null;

    private static double[] CertificateValues(RegressionProblem problem, BasisPursuitResult bp)
    {
        var reduced = RowReduction.Analyze(problem).Reduced;
        var values = new double[problem.Cols];
        reduced.MultiplyTransposed(bp.Varrho!.Certificate, values);
        return values;
    }

    private static BoundsReport Empty(double depth, SolverStatus status, string message) => new()
    {
        Status = status,
        Message = message,
        Depth = depth,
        Varrho = null,
        PredictedExponent = null,
        FittedExponent = null,
        FittedExponentStdError = null,
        FittedConstant = null,
        DeltaNorm = null,
        BlowUp = null,
        ConstantIsFitted = depth == 2.0,
        Rows = [],
        OffSupport = [],
        Stats = SolverStats.Empty,
    };
}
