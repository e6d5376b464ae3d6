using System.Diagnostics;
using ImplicitL1.BasisPursuit;
using ImplicitL1.Potentials;
using ImplicitL1.Problems;

namespace ImplicitL1.Limit;

/// <summary>
/// The exact limit of gradient flow, x∞(α) = argmin { Q_α(z) : Az = y }, from its dual (docs/theory.md §2)
/// [reconstructed]: maximize yᵀν − α Σᵢ φ((Aᵀν)ᵢ), then x∞ = α·h(Aᵀν). α is carried as log α throughout
/// (<see cref="LogAlpha"/>), so any α from 10^-1e6 to 10^1e6 is accepted. α ≥ 1 is solved directly from ν = 0
/// (the problem is nearly quadratic and x∞ → A⁺y). α &lt; 1 is reached by continuation in log α from α = 1 with
/// adaptive steps (doubled after quick convergence, quartered and retried after a failure), the same for one α
/// and for a list. Below α = 1 Newton runs in the support gap variables of <see cref="RotatedDual"/>
/// (1 − |w| for D &gt; 2, log α + |w| for D = 2) so that x_S, α·φ'' and the off-support x keep full relative
/// precision, and ‖x∞ − x_ℓ¹‖ is formed from the off-support part alone.
/// </summary>
public static class DualNewton
{
    /// <summary>Newton iterations a start at the target itself may take before the continuation from α = 1 is used instead.</summary>
    private const int DirectIterations = 40;

    /// <summary>x∞(α) for the depth-D network x = u^D − v^D at each α (order kept).</summary>
    /// <param name="problem">The data (A, y).</param>
    /// <param name="depth">D: 2 or any real &gt; 2.</param>
    /// <param name="alphas">Initialization scales, each finite and &gt; 0.</param>
    /// <param name="options">Tolerances; defaults when null.</param>
    /// <param name="basisPursuit">The BP result for the same problem, computed once by the caller and shared; solved here only when null.</param>
    public static LimitResult Solve(RegressionProblem problem, double depth, IReadOnlyList<double> alphas,
        LimitOptions? options = null, BasisPursuitResult? basisPursuit = null) =>
        Solve(problem, new DepthPotential(depth), ToLog(alphas), options, basisPursuit);

    /// <summary>x∞(α) for the depth-D network at each α given in log form (order kept).</summary>
    /// <param name="problem">The data (A, y).</param>
    /// <param name="depth">D: 2 or any real &gt; 2.</param>
    /// <param name="alphas">Initialization scales as <see cref="LogAlpha"/> (any α in [10^-1e6, 10^1e6]).</param>
    /// <param name="options">Tolerances; defaults when null.</param>
    /// <param name="basisPursuit">The BP result for the same problem, computed once by the caller and shared; solved here only when null.</param>
    public static LimitResult Solve(RegressionProblem problem, double depth, IReadOnlyList<LogAlpha> alphas,
        LimitOptions? options = null, BasisPursuitResult? basisPursuit = null) =>
        Solve(problem, new DepthPotential(depth), alphas, options, basisPursuit);

    /// <summary>x∞(α) for any parametrization given by its potential.</summary>
    /// <param name="problem">The data (A, y).</param>
    /// <param name="potential">The mirror potential of the parametrization.</param>
    /// <param name="alphas">Initialization scales, each finite and &gt; 0.</param>
    /// <param name="options">Tolerances; defaults when null.</param>
    /// <param name="basisPursuit">The BP result for the same problem; solved here only when null.</param>
    public static LimitResult Solve(RegressionProblem problem, IPotential potential, IReadOnlyList<double> alphas,
        LimitOptions? options = null, BasisPursuitResult? basisPursuit = null) =>
        Solve(problem, potential, ToLog(alphas), options, basisPursuit);

    /// <summary>x∞(α) for any parametrization given by its potential, α in log form.</summary>
    /// <param name="problem">The data (A, y).</param>
    /// <param name="potential">The mirror potential of the parametrization.</param>
    /// <param name="alphas">Initialization scales as <see cref="LogAlpha"/>.</param>
    /// <param name="options">Tolerances; defaults when null.</param>
    /// <param name="basisPursuit">The BP result for the same problem; solved here only when null.</param>
    public static LimitResult Solve(RegressionProblem problem, IPotential potential, IReadOnlyList<LogAlpha> alphas,
        LimitOptions? options = null, BasisPursuitResult? basisPursuit = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(potential);
        ArgumentNullException.ThrowIfNull(alphas);
        options ??= new LimitOptions();
        if (alphas.Count == 0)
        {
            throw new ArgumentException("At least one α is required.", nameof(alphas));
        }

        if (!(options.ContinuationFactor > 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.ContinuationFactor,
                "ContinuationFactor must be greater than 1.");
        }

        if (options.Threads < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Threads, "Threads must be ≥ 0 (0 = every core).");
        }

        // Exact power-of-two normalization when A or y is far from unit scale: A' = A/a, y' = y/b, α' = α·a/b,
        // x∞ = (b/a)·x'∞ (x = α h(w) with the same w). Tolerances are then relative at any scale.
        var (scaleA, scaleY) = Scales(problem);
        if (Math.Abs(Math.Log2(scaleA)) > 20 || Math.Abs(Math.Log2(scaleY)) > 20)
        {
            return Normalized(problem, potential, alphas, options, basisPursuit, scaleA, scaleY);
        }

        var bp = basisPursuit ?? BasisPursuitSolver.Solve(problem);
        var rows = RowReduction.Analyze(problem);
        if (!rows.IsConsistent || bp.Status == SolverStatus.Infeasible)
        {
            return Unsolvable(alphas, potential.Depth, bp, SolverStatus.Infeasible,
                "y is not in the range of A: no interpolating limit exists");
        }

        var dual = new RotatedDual(rows.Reduced, potential, bp);
        var results = new LimitPoint?[alphas.Count];
        var order = Enumerable.Range(0, alphas.Count).OrderByDescending(i => alphas[i].Log).ToArray();
        int m = dual.Rows;
        var continuation = new Continuation(dual, m, Math.Log(options.ContinuationFactor));
        foreach (int index in order)
        {
            var clock = Stopwatch.StartNew();
            var target = alphas[index];
            if (options.Cancellation.IsCancellationRequested)
            {
                results[index] = Refused(target, potential.Depth, SolverStatus.Cancelled, "cancelled before this α was reached (the α solved before are kept)");
                continue;
            }

            DualMode mode;
            double[] v;
            LevelOutcome outcome;
            if (target.Log >= 0)
            {
                // α ≥ 1: x∞ is near A⁺y and ν = 0 is a good start (ν ~ 1/α).
                v = new double[m];
                mode = DualMode.Plain;
                outcome = dual.Newton(mode, target.Log, v, options);
                continuation.Work = continuation.Work.Merge(Stats(outcome));
            }
            else if (dual.GapUnderflows(target.Log))
            {
                results[index] = Refused(target, potential.Depth, SolverStatus.PrecisionExhausted,
                    $"1 − |w| on the support (≈ α^{{(D−2)/D}} = 10^{target.Log10 * (potential.Depth - 2.0) / potential.Depth:F0}) is below the double range at this α: use α ≥ 10^{-300.0 * potential.Depth / (potential.Depth - 2.0):F0} for D = {potential.Depth}");
                continue;
            }
            else if (!continuation.Near(target.Log) && Direct(dual, target.Log, options, continuation) is { } direct)
            {
                (mode, v, outcome) = direct;
                continuation.Seed(target.Log, v, outcome);
            }
            else
            {
                (mode, v, outcome) = continuation.Reach(target.Log, options);
                if (continuation.Level > target.Log && options.Cancellation.IsCancellationRequested)
                {
                    results[index] = Refused(target, potential.Depth, SolverStatus.Cancelled, "cancelled before this α was reached (the α solved before are kept)");
                    continue;
                }
            }

            var stats = continuation.Work with { WallTime = clock.Elapsed };
            continuation.Work = SolverStats.Empty;
            results[index] = dual.Finish(mode, target, v, outcome, stats, options, problem, bp);
            Report(options, results, index, potential.Depth);
        }

        var points = results.Select(r => r!).ToArray();
        return new LimitResult(points, bp, SolverStats.Sum(points.Select(p => p.Stats)));
    }

    /// <summary>Reports point <paramref name="index"/> of <paramref name="points"/> to the options' progress (stage "limit").</summary>
    internal static void Report(LimitOptions options, IReadOnlyList<LimitPoint?> points, int index, double depth)
    {
        if (options.Progress is { } progress && points[index] is { } p)
        {
            int done = points.Count(q => q is not null);
            progress.Report(new SolverProgress("limit", done, done / (double)points.Count,
                $"D = {depth}: {done}/{points.Count} α done; log10 α = {p.LogAlpha.Log10:G6} {p.Status.ToSnakeCase()} after {p.Stats.Iterations} Newton iterations ({p.Stats.Factorizations} Hessian factorizations, {p.Stats.KrylovIterations} GMRES iterations, {p.Stats.WallTime.TotalSeconds:F1} s)"));
        }
    }

    // a = 2^round(log2 max|A|), b = 2^round(log2 max|y|) (b = 1 for y = 0): scaling by them is exact.
    private static (double A, double Y) Scales(RegressionProblem problem) => (PowerOfTwo(problem.A), PowerOfTwo(problem.Y));

    /// <summary>2^round(log2 max|v|), 1 for v = 0 or a non-finite entry: dividing by it is exact.</summary>
    internal static double PowerOfTwo(ReadOnlySpan<double> v)
    {
        double max = 0;
        foreach (double e in v)
        {
            max = Math.Max(max, Math.Abs(e));
        }

        return max > 0 && double.IsFinite(max) ? Math.ScaleB(1.0, (int)Math.Round(Math.Log2(max))) : 1.0;
    }

    private static LimitResult Normalized(RegressionProblem problem, IPotential potential, IReadOnlyList<LogAlpha> alphas,
        LimitOptions options, BasisPursuitResult? basisPursuit, double a, double b)
    {
        var scaled = problem.Scaled(a, b);
        double f = b / a, shift = Math.Log(a) - Math.Log(b), log10F = Math.Log10(b) - Math.Log10(a);
        var bpScaled = basisPursuit is null
            ? BasisPursuitSolver.Solve(scaled)
            : basisPursuit with
            {
                X = [.. basisPursuit.X.Select(v => v / f)],
                Residual = basisPursuit.Residual / b,
                Varrho = basisPursuit.Varrho is { } given ? given with { Certificate = [.. given.Certificate.Select(l => l * a)] } : null,
            };
        var bp = basisPursuit ?? bpScaled with
        {
            X = [.. bpScaled.X.Select(v => v * f)],
            Residual = bpScaled.Residual * b,
            Varrho = bpScaled.Varrho is { } vr ? vr with { Certificate = [.. vr.Certificate.Select(l => l / a)] } : null,
        };
        var inner = Solve(scaled, potential, [.. alphas.Select(al => LogAlpha.FromLog(al.Log + shift))], options, bpScaled);
        var points = inner.Points.Select((p, k) =>
        {
            var x = p.X.Select(v => v * f).ToArray();
            var error = p.Error is { } e
                ? new ErrorNorms { Log10L1 = e.Log10L1 + log10F, Log10L2 = e.Log10L2 + log10F, Log10Inf = e.Log10Inf + log10F }
                : null;
            return p with
            {
                Alpha = alphas[k].Value,
                LogAlpha = alphas[k],
                X = x,
                Log10AbsX = [.. p.Log10AbsX.Select(l => l + log10F)],
                Nu = [.. p.Nu.Select(v => v / a)],
                Residual = x.Length == problem.Cols ? problem.ResidualNorm(x) : p.Residual,
                Error = error,
                ErrorToL1 = p.ErrorToL1 is null ? null : error?.Value(2),
            };
        }).ToArray();
        return new LimitResult(points, bp, inner.Stats);
    }

    // Newton at the target itself from the asymptotic start (BP certificate, x_S = x_ℓ¹), without continuation; null
    // when there is no such start or Newton does not converge from it within DirectIterations (its work is still counted).
    private static (DualMode, double[], LevelOutcome)? Direct(RotatedDual dual, double logAlpha, LimitOptions options, Continuation continuation)
    {
        var v = new double[dual.Rows];
        if (!options.AsymptoticStart || !dual.AsymptoticStart(logAlpha, v))
        {
            return null;
        }

        var capped = options with { MaxIterationsPerLevel = Math.Min(options.MaxIterationsPerLevel, DirectIterations) };
        var outcome = dual.Newton(DualMode.Gap, logAlpha, v, capped);
        continuation.Work = continuation.Work.Merge(Stats(outcome));
        return outcome.Converged ? (DualMode.Gap, v, outcome) : null;
    }

    private static SolverStats Stats(LevelOutcome o) =>
        new()
        {
            Iterations = o.Iterations,
            FunctionEvaluations = o.Evaluations,
            MatrixEvaluations = o.Evaluations + o.Factorizations + (2 * o.Krylov),
            Factorizations = o.Factorizations,
            KrylovIterations = o.Krylov,
        };

    private static LogAlpha[] ToLog(IReadOnlyList<double> alphas)
    {
        ArgumentNullException.ThrowIfNull(alphas);
        return [.. alphas.Select(a => LogAlpha.FromValue(a, nameof(alphas)))];
    }

    private static LimitResult Unsolvable(IReadOnlyList<LogAlpha> alphas, double depth, BasisPursuitResult bp,
        SolverStatus status, string message) =>
        new([.. alphas.Select(a => Refused(a, depth, status, message))], bp, SolverStats.Empty);

    private static LimitPoint Refused(LogAlpha a, double depth, SolverStatus status, string message) => new()
    {
        Alpha = a.Value,
        LogAlpha = a,
        Depth = depth,
        X = [],
        Log10AbsX = [],
        XSign = [],
        Nu = [],
        Status = status,
        Message = message,
        Stats = SolverStats.Empty,
        Residual = double.NaN,
        Stationarity = double.NaN,
        Error = null,
        ErrorToL1 = null,
    };

    /// <summary>Continuation in log α from α = 1 downwards with adaptive steps; state carried across targets.</summary>
    private sealed class Continuation(RotatedDual dual, int m, double initialStep)
    {
        private const double MinStep = 1e-4;
        private const double NearLevels = 4.605170185988092; // log 100
        private readonly List<(double LogAlpha, double[] V)> _history = [];
        private DualMode _mode = DualMode.Plain;
        private double[] _v = new double[m];
        private double _level = double.NaN;
        private readonly double _initial = initialStep;
        private double _step = initialStep;
        private LevelOutcome _last;

        public SolverStats Work { get; set; } = SolverStats.Empty;

        /// <summary>
        /// True when a converged gap level lies at most two decades above <paramref name="target"/>: stepping from it
        /// (with the prediction from the last two levels) is cheaper than a start at the target itself.
        /// </summary>
        public bool Near(double target) =>
            _mode == DualMode.Gap && _last.Converged && !double.IsNaN(_level) && _level >= target && _level - target <= NearLevels;

        /// <summary>Takes a point solved at <paramref name="logAlpha"/> outside the continuation as its last level.</summary>
        public void Seed(double logAlpha, double[] v, LevelOutcome outcome)
        {
            (_mode, _v, _level, _last, _step) = (DualMode.Gap, (double[])v.Clone(), logAlpha, outcome, _initial);
            _history.Clear();
            _history.Add((logAlpha, (double[])v.Clone()));
        }

        /// <summary>log α of the last converged level (NaN before the first).</summary>
        public double Level => _level;

        public (DualMode, double[], LevelOutcome) Reach(double target, LimitOptions options)
        {
            if (double.IsNaN(_level))
            {
                _last = dual.Newton(DualMode.Plain, 0.0, _v, options, polish: false);
                Work = Work.Merge(DualNewton.Stats(_last));
                _level = 0.0;
                if (_last.Converged && dual.HasGap)
                {
                    var gap = (double[])_v.Clone();
                    if (dual.ToGap(0.0, gap))
                    {
                        _v = gap;
                        _mode = DualMode.Gap;
                    }
                }

                _history.Add((0.0, (double[])_v.Clone()));
            }

            if (!_last.Converged && _level > target)
            {
                return (_mode, (double[])_v.Clone(), _last);
            }

            while (_level > target && !options.Cancellation.IsCancellationRequested)
            {
                double next = Math.Max(target, _level - _step);
                var trial = (double[])_v.Clone();
                dual.Predict(_mode, next, trial, _history);
                var outcome = dual.Newton(_mode, next, trial, options, polish: next == target);
                Work = Work.Merge(DualNewton.Stats(outcome));
                if (!outcome.Converged && _history.Count > 0)
                {
                    // The prediction may have been the problem: retry from the last converged point.
                    trial = (double[])_v.Clone();
                    outcome = dual.Newton(_mode, next, trial, options, polish: next == target);
                    Work = Work.Merge(DualNewton.Stats(outcome));
                }

                if (outcome.Converged)
                {
                    _v = trial;
                    _level = next;
                    _history.Add((next, (double[])trial.Clone()));
                    if (_history.Count > 2)
                    {
                        _history.RemoveAt(0);
                    }

                    _last = outcome;
                    if (outcome.Iterations <= 6)
                    {
                        _step = Math.Min(2.0 * _step, 1024.0 * Math.Log(10.0));
                    }

                    continue;
                }

                _step /= 4.0;
                if (_step < MinStep)
                {
                    _step = _initial;
                    return (_mode, trial, outcome);
                }
            }

            return (_mode, (double[])_v.Clone(), _last);
        }
    }
}

/// <summary>How Newton ended at one continuation level.</summary>
internal readonly record struct LevelOutcome(bool Converged, bool Stalled, int Iterations, double ScaledResidual, int Evaluations)
{
    /// <summary>Hessian factorizations (weighted Gram + Cholesky) and GMRES iterations spent at the level.</summary>
    public int Factorizations { get; init; }

    /// <inheritdoc cref="Factorizations"/>
    public int Krylov { get; init; }
}
