using System.Diagnostics;
using System.Numerics.Tensors;
using ImplicitL1.BasisPursuit;
using ImplicitL1.Kernels;
using ImplicitL1.LinearAlgebra;
using ImplicitL1.Problems;
using MathNet.Numerics.LinearAlgebra;

namespace ImplicitL1.Limit;

/// <summary>
/// The exact limit of gradient flow for a per-coordinate initialization (<see cref="InitializationShape"/>: relative
/// scales cᵢ, the non-negative model, u⊙v from any u₀, v₀), from the dual (docs/theory.md §2) [reconstructed]:
/// maximize yᵀν − Σᵢ φᵢ((Aᵀν)ᵢ; τ), then xᵢ = Lᵢ((Aᵀν)ᵢ; τ). Newton in plain dual variables with continuation in
/// τ = ln α from a scale where every coefficient is ≥ 1; x_S is polished as x_ℓ¹_S − A_S⁺A_Sᶜx_Sᶜ and the error to
/// x_ℓ¹ is formed from the off-support part. Unlike <see cref="DualNewton"/> (scalar α, support gap variables) these
/// variables lose digits as α → 0, so every point carries a sensitivity estimate and says
/// <see cref="SolverStatus.PrecisionExhausted"/> when the off-support x is not resolved to 1e-8 relative.
/// </summary>
public static class ShapedLimit
{
    private const double SensitivityLimit = 1e-8;

    /// <summary>x∞ at each α (α·cᵢ per coordinate; for u⊙v from u₀, v₀ the list must be [1]), order kept.</summary>
    /// <param name="problem">The data (A, y).</param>
    /// <param name="shape">The initialization; its N must equal A's column count.</param>
    /// <param name="alphas">Global scales α (log form).</param>
    /// <param name="options">Tolerances; defaults when null.</param>
    /// <param name="basisPursuit">BP on the same problem, shared by the caller; solved here when null.</param>
    public static LimitResult Solve(RegressionProblem problem, InitializationShape shape, IReadOnlyList<LogAlpha> alphas,
        LimitOptions? options = null, BasisPursuitResult? basisPursuit = null)
    {
        Checks.NotNull(problem);
        Checks.NotNull(shape);
        Checks.NotNull(alphas);
        options ??= new LimitOptions();
        if (shape.Dimension != problem.Cols)
        {
            throw new ArgumentException($"The shape has N = {shape.Dimension} but A has {problem.Cols} columns.", nameof(shape));
        }

        if (alphas.Count == 0 || (shape.IsProduct && alphas.Any(a => a.Log != 0)))
        {
            throw new ArgumentException(shape.IsProduct ? "u⊙v from u₀, v₀ has no α: pass [1]." : "At least one α is required.", nameof(alphas));
        }

        var bp = basisPursuit ?? BasisPursuitSolver.Solve(problem);
        var rows = RowReduction.Analyze(problem);
        if (!rows.IsConsistent || bp.Status == SolverStatus.Infeasible)
        {
            return new LimitResult([.. alphas.Select(a => Failed(problem, shape, a, SolverStatus.Infeasible,
                "y is not in the range of A: no interpolating limit exists"))], bp, SolverStats.Empty);
        }

        var dual = new Dual(rows.Reduced, shape, options);
        var points = new LimitPoint?[alphas.Count];
        var order = Enumerable.Range(0, alphas.Count).OrderByDescending(k => alphas[k].Log).ToArray();
        double tau = Math.Max(alphas[order[0]].Log + dual.Shift, shape.SafeLogScale());
        double step = Math.Log(10.0);
        bool ok = dual.Newton(tau);
        var work = dual.TakeStats();
        foreach (int k in order)
        {
            var clock = Stopwatch.StartNew();
            double target = alphas[k].Log + dual.Shift;
            // Continuation in τ: steps double after a quick level and are halved (from the last good ν) after a failure.
            while (ok && tau > target)
            {
                double next = Math.Max(target, tau - step);
                var saved = dual.Nu.ToArray();
                if (dual.Newton(next) && dual.LastIterations <= 8)
                {
                    tau = next;
                    step = Math.Min(2.0 * step, Math.Log(1e4));
                }
                else if (dual.Converged)
                {
                    tau = next;
                }
                else
                {
                    saved.CopyTo(dual.Nu, 0);
                    step *= 0.25;
                    ok = step > 1e-6;
                }
            }

            work = work.Merge(dual.TakeStats());
            double sensitivity = ok ? 0.0 : dual.SensitivityAt(tau, bp);
            string stalled = $"continuation in α stalled at log10 α = {(tau - dual.Shift) / Math.Log(10):G6}";
            points[k] = ok
                ? dual.Finish(problem, alphas[k], bp, work with { WallTime = clock.Elapsed })
                : sensitivity > SensitivityLimit
                    ? Failed(problem, shape, alphas[k], SolverStatus.PrecisionExhausted,
                        $"{stalled}, where plain dual variables already resolve the off-support x only to ≈ {sensitivity:E1} relative; use a larger α or a scalar α")
                    : Failed(problem, shape, alphas[k], SolverStatus.NumericalTrouble, $"{stalled}: Newton did not converge");
            work = SolverStats.Empty;
            DualNewton.Report(options, points, k, shape.Depth);
        }

        var result = points.Select(p => p!).ToArray();
        return new LimitResult(result, bp, SolverStats.Sum(result.Select(p => p.Stats)));
    }

    /// <summary>
    /// The α → 0 reference the limit is measured against: the weighted BP solution argmin{Σwᵢ|zᵢ| : Az = y} for
    /// <see cref="InitializationShape.LimitWeights"/> (by BP on A·diag(1/w), z = u/w), or <paramref name="basisPursuit"/>
    /// when the shape's limit is plain x_ℓ¹.
    /// </summary>
    public static BasisPursuitResult Reference(RegressionProblem problem, InitializationShape shape, BasisPursuitResult basisPursuit)
    {
        Checks.NotNull(problem);
        Checks.NotNull(shape);
        if (shape.LimitWeights() is not { } weights)
        {
            return basisPursuit;
        }

        var scaled = new double[problem.A.Length];
        for (int r = 0; r < problem.Rows; r++)
        {
            for (int i = 0; i < problem.Cols; i++)
            {
                scaled[(r * problem.Cols) + i] = problem[r, i] / weights[i];
            }
        }

        var u = BasisPursuitSolver.Solve(new RegressionProblem(scaled, problem.Rows, problem.Cols, problem.Y));
        var x = u.X.Select((v, i) => v / weights[i]).ToArray();
        return u with { X = x, Residual = problem.ResidualNorm(x), Message = $"weighted ℓ¹ (wᵢ = cᵢ^(−(D−2)/D)): {u.Message}", Method = "weighted: " + u.Method };
    }

    private static LimitPoint Failed(RegressionProblem problem, InitializationShape shape, LogAlpha alpha, SolverStatus status, string message) => new()
    {
        Alpha = alpha.IsRepresentable ? alpha.Value : 0.0,
        LogAlpha = alpha,
        Depth = shape.Depth,
        X = new double[problem.Cols],
        Log10AbsX = [.. Enumerable.Repeat(double.NegativeInfinity, problem.Cols)],
        XSign = new int[problem.Cols],
        Nu = new double[problem.Rows],
        Status = status,
        Message = message,
        Stats = SolverStats.Empty,
        Residual = problem.ResidualNorm(new double[problem.Cols]),
        Stationarity = double.NaN,
        Error = null,
        ErrorToL1 = null,
    };

    /// <summary>The dual on exactly normalized data A/a, y/b (x = (b/a)x′, τ′ = τ + ln(a/b), ν = ν′/a).</summary>
    private sealed class Dual
    {
        private readonly RegressionProblem _p;
        private readonly InitializationShape _shape;
        private readonly LimitOptions _o;
        private readonly double _a, _b;
        private readonly int _m, _n;
        private readonly double[] _w, _x, _logX, _d, _ratio, _g, _h, _delta, _trial, _scratch, _scale;
        private readonly double[] _trialResidual, _gram;
        private double _phi, _yDotNu;
        private long _iterations, _evaluations;

        public Dual(RegressionProblem problem, InitializationShape shape, LimitOptions options)
        {
            _a = DualNewton.PowerOfTwo(problem.A);
            _b = DualNewton.PowerOfTwo(problem.Y);
            _p = _a != 1.0 || _b != 1.0 ? problem.Scaled(_a, _b) : problem;

            _shape = shape;
            _o = options;
            (_m, _n) = (problem.Rows, problem.Cols);
            Shift = Math.Log(_a) - Math.Log(_b);
            Nu = new double[_m];
            (_w, _x, _logX, _d, _ratio) = (new double[_n], new double[_n], new double[_n], new double[_n], new double[_n]);
            (_g, _delta, _trial, _scale) = (new double[_m], new double[_m], new double[_m], new double[_m]);
            _h = new double[_m * _m];
            _gram = new double[_m * _m];
            _trialResidual = new double[_m];
            _scratch = new double[WeightedGram.BlockRows * _n];
        }

        public double Shift { get; }

        public double[] Nu { get; }

        public bool Converged { get; private set; }

        public int LastIterations { get; private set; }

        public SolverStats TakeStats()
        {
            var s = new SolverStats { Iterations = _iterations, FunctionEvaluations = _evaluations, MatrixEvaluations = _iterations };
            (_iterations, _evaluations) = (0, 0);
            return s;
        }

        /// <summary>Damped Newton on the dual at τ from the current ν; true when the residual test passed.</summary>
        public bool Newton(double tau)
        {
            Converged = false;
            LastIterations = 0;
            if (!Evaluate(tau, Nu))
            {
                return false;
            }

            for (int it = 0; it < _o.MaxIterationsPerLevel; it++)
            {
                double residual = Gradient();
                if (Small())
                {
                    Converged = true;
                    return true;
                }

                if (!Direction())
                {
                    return false;
                }

                _iterations++;
                LastIterations++;
                double f0 = Objective(), slope = TensorPrimitives.Dot(_g, _delta);
                bool moved = false;
                for (double t = 1.0; t > 1e-12; t *= 0.5)
                {
                    for (int j = 0; j < _m; j++)
                    {
                        _trial[j] = Nu[j] + (t * _delta[j]);
                    }

                    if (!Evaluate(tau, _trial))
                    {
                        continue;
                    }

                    // Armijo on the dual objective, or (near the optimum, where f is flat to rounding) a smaller residual.
                    double f1 = Objective();
                    double r1 = Residual();
                    if (f1 >= f0 + (1e-4 * t * slope) || r1 < residual)
                    {
                        _trial.CopyTo(Nu, 0);
                        moved = true;
                        break;
                    }
                }

                if (!moved)
                {
                    Evaluate(tau, Nu);
                    Gradient();
                    Converged = Small(1e3);
                    return Converged;
                }
            }

            Gradient();
            Converged = Small(1e3);
            return Converged;
        }

        /// <summary>The point at the current ν: polished x, residual on the caller's data, error and sensitivity.</summary>
        public LimitPoint Finish(RegressionProblem original, LogAlpha alpha, BasisPursuitResult bp, SolverStats stats)
        {
            double tau = alpha.Log + Shift;
            Evaluate(tau, Nu);
            Gradient();
            double f = _b / _a, log10F = Math.Log10(_b) - Math.Log10(_a);
            var x = _x.Select(v => v * f).ToArray();
            var log10X = _logX.Select(l => (l / Math.Log(10.0)) + log10F).ToArray();
            var support = bp.IsUnique ? bp.Support : [];
            var off = Enumerable.Range(0, _n).Except(support).ToArray();
            ErrorNorms? error = null;
            double stationarity = 0.0;
            if (bp.IsUnique && support.Length > 0)
            {
                // x∞ − x_ℓ¹ = (−A_S⁺A_Sᶜx_Sᶜ, x_Sᶜ) once Ax∞ = y; x_Sᶜ scaled by e^{−L} so that it never underflows.
                double top = off.Length == 0 ? 0.0 : off.Max(i => _logX[i]);
                top = double.IsFinite(top) ? top : 0.0;
                var scaledOff = new double[_n];
                foreach (int i in off)
                {
                    scaledOff[i] = Math.Sign(_x[i]) * Math.Exp(_logX[i] - top);
                }

                var onSupport = SupportCorrection(original, support, off, scaledOff);
                var e = new double[_n];
                foreach (int i in off)
                {
                    e[i] = scaledOff[i];
                }

                // Polish x_S = x_ℓ¹_S − A_S⁺A_Sᶜx_Sᶜ only where x∞ is near x_ℓ¹ (each x_S within half of x_ℓ¹_S): there it
                // fixes the digits plain variables lose on the support; elsewhere small x_S would be made worse.
                bool near = _o.Polish && support.All(i => Math.Abs(x[i] - bp.X[i]) <= 0.5 * Math.Abs(bp.X[i]));
                for (int k = 0; k < support.Length; k++)
                {
                    e[support[k]] = onSupport[k];
                    if (near)
                    {
                        double polished = bp.X[support[k]] + (onSupport[k] * Math.Exp(top) * f);
                        stationarity = Math.Max(stationarity, Math.Abs(polished - x[support[k]]) / (_d[support[k]] * f));
                        x[support[k]] = polished;
                        log10X[support[k]] = Math.Log10(Math.Abs(polished));
                    }
                }

                error = ErrorNorms.FromScaled(e, top + Math.Log(f));
            }

            double sensitivity = Sensitivity(off);
            double residual = original.ResidualNorm(x), yNorm = TensorPrimitives.Norm(original.Y);
            bool fits = residual <= _o.ResidualTolerance * Math.Max(yNorm, double.Epsilon) && stationarity <= _o.StationarityTolerance;
            var (status, message) = !Converged ? (SolverStatus.NumericalTrouble, "Newton did not reach the residual tolerance")
                : sensitivity > SensitivityLimit ? (SolverStatus.PrecisionExhausted, $"per-coordinate shapes are solved in plain dual variables, which resolve the off-support x only to ≈ {sensitivity:E1} relative at this α (limit {SensitivityLimit:E0}); use a larger α or a scalar α")
                : !fits ? (SolverStatus.NumericalTrouble, $"verification failed: residual {residual:E2}, stationarity {stationarity:E2}")
                : (SolverStatus.Success, $"converged and verified ({_shape.Name} shape; off-support sensitivity {sensitivity:E1})"
                    + (bp.IsUnique ? string.Empty : $"; BP is not unique ({bp.Status.ToSnakeCase()}), so the error to x_ℓ¹ is undefined"));
            return new LimitPoint
            {
                Alpha = alpha.IsRepresentable ? alpha.Value : 0.0,
                LogAlpha = alpha,
                Depth = _shape.Depth,
                X = x,
                Log10AbsX = log10X,
                XSign = [.. x.Select((v, i) => v != 0 ? Math.Sign(v) : double.IsFinite(log10X[i]) ? Math.Sign(_x[i] != 0 ? _x[i] : _w[i]) : 0)],
                Nu = [.. Nu.Select(v => v / _a)],
                Status = status,
                Message = message,
                Stats = stats,
                Residual = residual,
                Stationarity = stationarity,
                Error = status == SolverStatus.Success ? error : null,
                ErrorToL1 = status == SolverStatus.Success ? error?.Value(2) : null,
            };
        }

        /// <summary>The off-support sensitivity at the current ν and τ (see <see cref="Sensitivity"/>).</summary>
        public double SensitivityAt(double tau, BasisPursuitResult bp)
        {
            if (!Evaluate(tau, Nu))
            {
                return double.PositiveInfinity;
            }

            Gradient();
            return Sensitivity([.. Enumerable.Range(0, _n).Except(bp.IsUnique ? bp.Support : [])]);
        }

        // −A_S⁺(A_Sᶜ x_Sᶜ) by least squares (QR of A_S) on the caller's data, x_Sᶜ scaled.
        private static double[] SupportCorrection(RegressionProblem original, int[] support, int[] off, double[] scaledOff)
        {
            var aS = Matrix<double>.Build.Dense(original.Rows, support.Length, (r, c) => original[r, support[c]]);
            var rhs = Vector<double>.Build.Dense(original.Rows);
            for (int r = 0; r < original.Rows; r++)
            {
                double sum = 0.0;
                foreach (int i in off)
                {
                    sum += original[r, i] * scaledOff[i];
                }

                rhs[r] = -sum;
            }

            return aS.QR().Solve(rhs).ToArray();
        }

        // Relative change of the off-support x under a rounding-size change of y: δy_j = ±ε(Σᵢ|A_jᵢxᵢ| + |y_j|),
        // δν = H⁻¹δy, δxᵢ/xᵢ = (dᵢ/xᵢ)(Aᵀδν)ᵢ. H is the factor left by the last Newton direction at this τ.
        private double Sensitivity(int[] off)
        {
            if (!Direction())
            {
                return double.PositiveInfinity;
            }

            for (int j = 0; j < _m; j++)
            {
                _delta[j] = ((j & 1) == 0 ? 1.0 : -1.0) * Math.Pow(2, -52) * Floor(j);
            }

            Cholesky.SolveScaled(_h, _m, _scale, _delta);
            var change = new double[_n];
            _p.MultiplyTransposed(_delta, change);
            double worst = 0.0;
            foreach (int i in off)
            {
                if (double.IsFinite(_logX[i]))
                {
                    worst = Math.Max(worst, Math.Abs(_ratio[i] * change[i]));
                }
            }

            return worst;
        }

        private bool Evaluate(double tau, ReadOnlySpan<double> nu)
        {
            _evaluations++;
            _p.MultiplyTransposed(nu, _w);
            _phi = 0.0;
            for (int i = 0; i < _n; i++)
            {
                if (!_shape.InDomain(i, _w[i]))
                {
                    return false;
                }

                (_x[i], _logX[i], _d[i], double phi, _ratio[i]) = _shape.Evaluate(i, tau, _w[i]);
                _phi += phi;
                if (!double.IsFinite(_x[i]) || !double.IsFinite(_d[i]) || !double.IsFinite(_phi))
                {
                    return false;
                }
            }

            _yDotNu = TensorPrimitives.Dot(_p.Y, nu);
            return true;
        }

        private double Objective() => _yDotNu - _phi;

        // g = y − Ax (the dual gradient); returns ‖g‖₂.
        private double Gradient()
        {
            _p.Multiply(_x, _g);
            TensorPrimitives.Subtract(_p.Y, _g, _g);
            return TensorPrimitives.Norm(_g);
        }

        // ‖y − Ax‖₂ at the last evaluation, without touching g.
        private double Residual()
        {
            _p.Multiply(_x, _trialResidual);
            TensorPrimitives.Subtract(_p.Y, _trialResidual, _trialResidual);
            return TensorPrimitives.Norm(_trialResidual);
        }

        // The scale of row j's residual: Σᵢ|A_jᵢxᵢ| + |y_j|.
        private double Floor(int j)
        {
            double floor = Math.Abs(_p.Y[j]);
            var row = _p.Row(j);
            for (int i = 0; i < _n; i++)
            {
                floor += Math.Abs(row[i] * _x[i]);
            }

            return floor;
        }

        // Componentwise: |g_j| ≤ factor·tol·(Σᵢ|A_jᵢxᵢ| + |y_j|).
        private bool Small(double factor = 1.0)
        {
            for (int j = 0; j < _m; j++)
            {
                if (!(Math.Abs(_g[j]) <= factor * _o.Tolerance * Floor(j)))
                {
                    return false;
                }
            }

            return true;
        }

        // Δ = H⁻¹g with H = A·diag(d)·Aᵀ, Jacobi-scaled (H̃ = SHS, S = diag(H)^{−½}) before the Cholesky factor.
        private bool Direction()
        {
            WeightedGram.Compute(_p.A, _m, _n, _d, _scratch, _gram);
            if (!Cholesky.TryFactorScaled(_gram, _h, _m, _scale))
            {
                return false;
            }

            _g.CopyTo(_delta, 0);
            Cholesky.SolveScaled(_h, _m, _scale, _delta);
            foreach (double value in _delta)
            {
                if (!double.IsFinite(value))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
