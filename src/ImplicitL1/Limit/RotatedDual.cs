using System.Numerics.Tensors;
using ImplicitL1.BasisPursuit;
using ImplicitL1.Kernels;
using ImplicitL1.LinearAlgebra;
using ImplicitL1.Potentials;
using ImplicitL1.Problems;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace ImplicitL1.Limit;

/// <summary>
/// The dual max ỹᵀν̃ − α Σ φ((Ãᵀν̃)ᵢ) in rotated coordinates Ã = UᵀA, ỹ = Uᵀy, U = [Q_S Q_⊥] from the full QR of
/// A_S. Rows of Ã past |S| vanish on S (set exactly), so the Hessian Ã·diag(α φ'')·Ãᵀ is assembled without the
/// support's huge weights leaking into the off-support block. All buffers are allocated once.
/// </summary>
internal sealed class RotatedDual
{
    private const double Eps = 2.220446049250313e-16;

    private readonly RegressionProblem _problem;
    private readonly IPotential _potential;
    private readonly BasisPursuitResult _bp;
    private readonly int _m, _n;
    private readonly double[] _at;       // Ã, row-major m×N
    private readonly double[] _absAt;    // |Ã|
    private readonly double[] _yt;       // ỹ
    private readonly Matrix<double> _u;  // U (m×m)
    private readonly int[] _support;     // S used for rotation and polish (empty when A_S is not injective)
    private readonly Matrix<double>? _aS;
    private readonly double _floorScale; // ‖A_S⁺‖·(‖y‖ + ‖A‖_F·) for the attainable-accuracy floor
    private readonly double _normA;

    private readonly double[] _w, _x, _d, _r, _den, _h, _factor, _step, _dw, _wTrial, _nuTrial, _scratch;

    public RotatedDual(RegressionProblem problem, IPotential potential, BasisPursuitResult bp)
    {
        _problem = problem;
        _potential = potential;
        _bp = bp;
        _m = problem.Rows;
        _n = problem.Cols;
        _support = [];
        _u = Matrix<double>.Build.DenseIdentity(_m);
        if (bp.Support.Length > 0 && bp.Support.Length <= _m)
        {
            var aS = DenseColumns.Select(problem, bp.Support);
            if (DenseColumns.HasFullColumnRank(aS))
            {
                _support = bp.Support;
                _aS = aS;
                _u = aS.QR(QRMethod.Full).Q;
            }
        }

        _at = new double[_m * _n];
        for (int j = 0; j < _m; j++)
        {
            var row = _at.AsSpan(j * _n, _n);
            for (int l = 0; l < _m; l++)
            {
                TensorPrimitives.MultiplyAdd(problem.Row(l), _u[l, j], row, row);
            }

            if (j >= _support.Length)
            {
                foreach (int i in _support)
                {
                    row[i] = 0.0; // exact zero: Q_⊥ᵀA_S = 0
                }
            }
        }

        _absAt = new double[_at.Length];
        TensorPrimitives.Abs(_at, _absAt);
        _yt = (_u.TransposeThisAndMultiply(Vector<double>.Build.Dense(problem.YArray()))).ToArray();
        _normA = TensorPrimitives.Norm(problem.A);
        double sigmaMin = _aS is null ? 1.0 : _aS.Svd(computeVectors: false).S.Minimum();
        _floorScale = 1.0 / sigmaMin;

        _w = new double[_n];
        _x = new double[_n];
        _d = new double[_n];
        _dw = new double[_n];
        _wTrial = new double[_n];
        _scratch = new double[WeightedGram.BlockRows * _n];
        _r = new double[_m];
        _den = new double[_m];
        _step = new double[_m];
        _nuTrial = new double[_m];
        _h = new double[_m * _m];
        _factor = new double[_m * _m];
    }

    /// <summary>Warm start: linear extrapolation of the last two converged levels in <paramref name="key"/>, kept only if it beats ν.</summary>
    public void Predict(double logAlpha, double[] nu, List<(double Key, double[] Nu)> history, double key, double tolerance)
    {
        if (history.Count < 2)
        {
            return;
        }

        var (k1, nu1) = history[^2];
        var (k2, nu2) = history[^1];
        if (k2 == k1)
        {
            return;
        }

        double s = (key - k2) / (k2 - k1);
        for (int j = 0; j < _m; j++)
        {
            _nuTrial[j] = nu2[j] + (s * (nu2[j] - nu1[j]));
        }

        double current = Evaluate(logAlpha, nu, tolerance);
        double predicted = Evaluate(logAlpha, _nuTrial, tolerance);
        if (predicted < current)
        {
            _nuTrial.CopyTo(nu, 0);
        }
    }

    /// <summary>Damped Newton on the dual at one α; ν is updated in place.</summary>
    public LevelOutcome Newton(double logAlpha, double[] nu, LimitOptions options)
    {
        double scaled = Evaluate(logAlpha, nu, options.Tolerance);
        double f0 = Objective(logAlpha, nu, _w);
        int stalls = 0;
        for (int iter = 0; iter < options.MaxIterationsPerLevel; iter++)
        {
            if (scaled <= options.Tolerance)
            {
                return new LevelOutcome(true, false, iter, scaled);
            }

            if (!NewtonDirection())
            {
                return new LevelOutcome(false, true, iter, scaled);
            }

            double decrement = TensorPrimitives.Dot(_r, _step); // rᵀH⁻¹r ≥ 0
            MultiplyTransposed(_step, _dw);
            double t = 1.0, f1 = double.NegativeInfinity;
            bool accepted = false;
            for (int halving = 0; halving < 60; halving++, t *= 0.5)
            {
                TensorPrimitives.MultiplyAdd(_dw, t, _w, _wTrial);
                if (!Feasible(_wTrial))
                {
                    continue;
                }

                TensorPrimitives.MultiplyAdd(_step, t, nu, _nuTrial);
                f1 = Objective(logAlpha, _nuTrial, _wTrial);
                bool tiny = decrement <= 1e-14 * (1.0 + Math.Abs(f0));
                if (tiny || f1 >= f0 + (1e-4 * t * decrement))
                {
                    accepted = true;
                    break;
                }
            }

            if (!accepted)
            {
                return new LevelOutcome(false, true, iter + 1, scaled);
            }

            _nuTrial.CopyTo(nu, 0);
            _wTrial.CopyTo(_w, 0); // w + t·Ãᵀstep = Ãᵀ(ν + t·step): no second product with Ã
            f0 = f1;
            double next = EvaluateAtW(logAlpha, options.Tolerance);
            // A stall is rounding at work only near convergence; far away, damped Newton is merely slow.
            stalls = next < 0.9 * scaled || next > 1e-6 ? 0 : stalls + 1;
            scaled = next;
            if (stalls >= 8)
            {
                return new LevelOutcome(scaled <= options.Tolerance, true, iter + 1, scaled);
            }
        }

        return new LevelOutcome(scaled <= options.Tolerance, false, options.MaxIterationsPerLevel, scaled);
    }

    /// <summary>Polishes, verifies and packages the point at α.</summary>
    public LimitPoint Finish(double alpha, double logAlpha, double[] nu, LevelOutcome outcome, int iterations,
        LimitOptions options, RegressionProblem original)
    {
        Evaluate(logAlpha, nu);
        var x = (double[])_x.Clone();
        var w = (double[])_w.Clone();
        double? error = null;
        // Polish only when Newton's x is less consistent than float64 allows (D > 2 near |w| = 1): where Newton's
        // x already meets ‖Ax − y‖ ≤ 10ε(‖A‖_F‖x‖ + ‖y‖), a least-squares correction would only add absolute
        // round-off to small support coordinates that Newton resolved to relative accuracy.
        double attainable = 10.0 * Eps * ((_normA * TensorPrimitives.Norm(x)) + TensorPrimitives.Norm(_problem.Y));
        bool polish = options.Polish && _problem.ResidualNorm(x) > attainable;
        if (_aS is not null && polish && _bp.X.Length == _n)
        {
            // x_S = x_ℓ¹_S + δ, δ = A_S⁺(y − A_S x_ℓ¹_S − A_Sᶜ x_Sᶜ): the difference to x_ℓ¹ without cancellation.
            var v = (double[])x.Clone();
            foreach (int i in _support)
            {
                v[i] = _bp.X[i];
            }

            var z = new double[_m];
            _problem.Multiply(v, z);
            TensorPrimitives.Subtract(_problem.Y, z, z);
            var delta = DenseColumns.LeastSquares(_aS, z);
            double sq = 0;
            for (int k = 0; k < _support.Length; k++)
            {
                x[_support[k]] = _bp.X[_support[k]] + delta[k];
                sq += delta[k] * delta[k];
            }

            for (int i = 0; i < _n; i++)
            {
                if (Array.BinarySearch(_support, i) < 0)
                {
                    sq += x[i] * x[i];
                }
            }

            if (_bp.IsUnique)
            {
                error = Math.Sqrt(sq);
            }
        }
        else if (_bp.IsUnique && _bp.X.Length == _n)
        {
            var diff = new double[_n];
            TensorPrimitives.Subtract(x, _bp.X, diff);
            error = TensorPrimitives.Norm(diff);
        }

        double residual = original.ResidualNorm(x);
        double stationarity = Stationarity(logAlpha, x, w);
        double yScale = Math.Max(1.0, TensorPrimitives.Norm(original.Y));
        double floor = 10.0 * Eps * _floorScale * (TensorPrimitives.Norm(original.Y) + (_normA * TensorPrimitives.Norm(x)));
        var nuOriginal = (_u * Vector<double>.Build.Dense(nu)).ToArray();

        var (status, message) = Classify(outcome, residual / yScale, stationarity, error, floor, w, options);
        if (!_bp.IsUnique && status == SolverStatus.Success)
        {
            message += $"; BP is not unique ({_bp.Status.ToSnakeCase()}), so the error to x_ℓ¹ is undefined";
        }

        return new LimitPoint
        {
            Alpha = alpha,
            Depth = _potential.Depth,
            X = x,
            Nu = nuOriginal,
            Status = status,
            Message = message,
            Iterations = iterations,
            Residual = residual,
            Stationarity = stationarity,
            ErrorToL1 = status == SolverStatus.Success ? error : null,
        };
    }

    private (SolverStatus, string) Classify(LevelOutcome outcome, double relResidual, double stationarity,
        double? error, double floor, double[] w, LimitOptions options)
    {
        double minGap = double.PositiveInfinity;
        if (double.IsFinite(_potential.DualUpper))
        {
            foreach (double wi in w)
            {
                minGap = Math.Min(minGap, 1.0 - Math.Abs(wi));
            }
        }

        if (!outcome.Converged)
        {
            if (minGap < 1e4 * Eps)
            {
                return (SolverStatus.PrecisionExhausted,
                    $"1 − |w| = {minGap:E1} on the support is at machine precision: float64 cannot resolve x = α·h(w) at this α");
            }

            return outcome.Stalled
                ? (SolverStatus.PrecisionExhausted, $"Newton stalled at scaled residual {outcome.ScaledResidual:E1} (tolerance {options.Tolerance:E0}): rounding limits the answer at this α")
                : (SolverStatus.MaxIterations, $"{options.MaxIterationsPerLevel} Newton iterations at this α left scaled residual {outcome.ScaledResidual:E1}");
        }

        if (relResidual > options.ResidualTolerance || !(stationarity <= options.StationarityTolerance))
        {
            return (SolverStatus.NumericalTrouble,
                $"verification failed: relative residual {relResidual:E1}, stationarity {stationarity:E1}");
        }

        if (error is double e && e < floor)
        {
            return (SolverStatus.PrecisionExhausted,
                $"‖x∞ − x_ℓ¹‖ = {e:E1} is below the accuracy float64 data allow here ({floor:E1})");
        }

        return (SolverStatus.Success, "converged and verified");
    }

    // max|h⁻¹(xᵢ/α) − wᵢ|, with x/α formed in the log domain where it would overflow.
    private double Stationarity(double logAlpha, double[] x, double[] w)
    {
        double worst = 0;
        for (int i = 0; i < _n; i++)
        {
            double logRatio = Math.Log(Math.Abs(x[i])) - logAlpha;
            double inv;
            if (x[i] == 0.0)
            {
                inv = 0.0;
            }
            else if (logRatio > 700 && _potential.Depth == 2.0 && _potential is DepthPotential)
            {
                inv = Math.CopySign(logRatio, x[i]); // asinh(t/2) = log t + O(t⁻²)
            }
            else
            {
                inv = _potential.HInverse(Math.CopySign(Math.Exp(logRatio), x[i]));
            }

            worst = Math.Max(worst, Math.Abs(inv - w[i]));
        }

        return worst;
    }

    /// <summary>
    /// Sets w, x, d, r at ν and returns max_j |r̃ⱼ| / (|Ã||x| + |ỹ| + (8ε/tol)·|Ã|((1+|w|)⊙d))ⱼ. The last term is the
    /// rounding floor: xᵢ = α h(wᵢ) with wᵢ known to ε(1+|wᵢ|) is uncertain by ε(1+|wᵢ|)·αφ''(wᵢ).
    /// </summary>
    private double Evaluate(double logAlpha, ReadOnlySpan<double> nu, double tolerance = 1e-13)
    {
        MultiplyTransposed(nu, _w);
        return EvaluateAtW(logAlpha, tolerance);
    }

    /// <summary>As <see cref="Evaluate"/> with w = Ãᵀν already in place (no product with Ã).</summary>
    private double EvaluateAtW(double logAlpha, double tolerance)
    {
        if (!Feasible(_w))
        {
            return double.PositiveInfinity;
        }

        for (int i = 0; i < _n; i++)
        {
            _x[i] = _potential.ScaledH(logAlpha, _w[i]);
            _d[i] = _potential.ScaledPhiSecond(logAlpha, _w[i]);
            _scratch[i] = Math.Abs(_x[i]) + (8.0 * Eps / tolerance * (1.0 + Math.Abs(_w[i])) * _d[i]);
        }

        double worst = 0;
        for (int j = 0; j < _m; j++)
        {
            double ax = TensorPrimitives.Dot(_at.AsSpan(j * _n, _n), _x);
            double den = TensorPrimitives.Dot(_absAt.AsSpan(j * _n, _n), _scratch.AsSpan(0, _n)) + Math.Abs(_yt[j]);
            _r[j] = _yt[j] - ax;
            _den[j] = den;
            double ratio = den > 0 ? Math.Abs(_r[j]) / den : Math.Abs(_r[j]);
            worst = double.IsNaN(ratio) ? double.PositiveInfinity : Math.Max(worst, ratio);
        }

        return worst;
    }

    // Newton step: (Ã diag(d) Ãᵀ) step = r, solved as Jacobi-scaled Cholesky with a Levenberg shift if needed.
    private bool NewtonDirection()
    {
        WeightedGram.Compute(_at, _m, _n, _d, _scratch, _h);
        var scale = _den; // reuse: scaled residual denominators are no longer needed this iteration
        for (int j = 0; j < _m; j++)
        {
            scale[j] = 1.0 / Math.Sqrt(_h[(j * _m) + j]);
        }

        var factor = _factor;
        for (double shift = 0.0; shift <= 1.0; shift = shift == 0.0 ? 1e-15 : shift * 100.0)
        {
            for (int j = 0; j < _m; j++)
            {
                for (int l = 0; l < _m; l++)
                {
                    factor[(j * _m) + l] = _h[(j * _m) + l] * scale[j] * scale[l];
                }

                factor[(j * _m) + j] += shift;
            }

            if (Cholesky.TryFactor(factor, _m))
            {
                TensorPrimitives.Multiply(_r, scale, _step);
                Cholesky.Solve(factor, _m, _step);
                TensorPrimitives.Multiply(_step, scale, _step);
                return TensorPrimitives.Norm(_step) is var s && double.IsFinite(s);
            }
        }

        return false;
    }

    private double Objective(double logAlpha, ReadOnlySpan<double> nu, ReadOnlySpan<double> w)
    {
        double f = TensorPrimitives.Dot(_yt, nu);
        for (int i = 0; i < _n; i++)
        {
            f -= _potential.ScaledPhi(logAlpha, w[i]);
        }

        return double.IsNaN(f) ? double.NegativeInfinity : f;
    }

    private bool Feasible(ReadOnlySpan<double> w)
    {
        if (!double.IsFinite(_potential.DualUpper))
        {
            return true;
        }

        double lo = _potential.DualLower, hi = _potential.DualUpper;
        foreach (double wi in w)
        {
            if (!(wi < hi && wi > lo) && !(wi == lo && double.IsInfinity(lo)))
            {
                return false;
            }
        }

        return true;
    }

    private void MultiplyTransposed(ReadOnlySpan<double> nu, Span<double> destination)
    {
        destination.Clear();
        for (int j = 0; j < _m; j++)
        {
            TensorPrimitives.MultiplyAdd(_at.AsSpan(j * _n, _n), nu[j], destination, destination);
        }
    }
}
