using System.Numerics.Tensors;
using ImplicitL1.BasisPursuit;
using ImplicitL1.Kernels;
using ImplicitL1.LinearAlgebra;
using ImplicitL1.Potentials;
using ImplicitL1.Problems;
using static ImplicitL1.Potentials.SpecialFunctions;

namespace ImplicitL1.Limit;

/// <summary>Which variables Newton iterates in.</summary>
internal enum DualMode
{
    /// <summary>v = ν̃ (rotated dual), w = Ãᵀν̃ everywhere: α ≥ 1, or no usable BP support.</summary>
    Plain,

    /// <summary>
    /// v = (z_S, ν̃_⊥): on the support z = 1 − |w| (D &gt; 2) or z = log α + |w| (D = 2, x ≈ e^z), never w itself;
    /// off the support w = Ãᵀν̃ as in plain mode. Every quantity keeps its relative digits at any α &lt; 1.
    /// </summary>
    Gap,
}

/// <summary>
/// The dual max ỹᵀν̃ − α Σ φ((Ãᵀν̃)ᵢ) in rotated coordinates Ã = UᵀA, ỹ = Uᵀy, U = [Q_S Q_⊥] from the full QR
/// A_S = Q_S R_S (docs/theory.md §2, §6) [reconstructed], held by <see cref="RotatedData"/> with the columns in the
/// order [S, Sᶜ]. Rows of Ã past |S| vanish on S (set exactly) and ỹ_⊥ = 0
/// (y = A x_ℓ¹ is taken exactly), so the ⊥ equations Ã_⊥ x_Sᶜ = 0 are homogeneous in the tiny off-support x and
/// are resolved to relative precision at any α. In gap mode the support block of ν̃ is replaced by the support
/// variables z (ν̃_S = b(α)·R_S⁻ᵀσ + c·R_S⁻ᵀ(σ⊙z)), the S rows of the equations read g − x_S − K x_Sᶜ = 0 with
/// g = R_S⁻¹ỹ_S and K = R_S⁻¹Ã_{S,Sᶜ}, and off-support quantities carry a common scale e^Λ so that they never
/// underflow. Newton is the same (affine invariant) method in these variables.
/// </summary>
internal sealed partial class RotatedDual
{
    private const double Eps = 2.220446049250313e-16;
    private const double StepTolerance = 1e-3;    // GMRES relative tolerance of an inexact Newton step
    private const double PolishTolerance = 1e-10; // and of the final polishing step
    private const double StartBelow = -2.302585092994045; // log 0.1 (and α = 0.1 itself): above it the continuation from α = 1 is one level

    private readonly IPotential _potential;
    private readonly DepthPotential? _depth;
    private readonly bool _shallow;
    private readonly double _p, _k, _r;
    private readonly RotatedData _data;  // Ã (columns [S, Sᶜ]), ỹ, K, g, λ₀, R_S: shared by every depth of the problem
    private readonly int _m, _n, _s, _nc;
    private readonly double[] _at;       // Ã, row-major m×N, columns in the order [S, Sᶜ]
    private readonly double[] _yt;       // ỹ (ỹ_⊥ = 0 in gap-capable setups)
    private readonly double[] _sigma;    // signs on S
    private readonly double[] _g;        // R_S⁻¹ỹ_S = x_ℓ¹_S
    private readonly double[] _k0;       // K = R_S⁻¹Ã_{S,Sᶜ}, row-major s×nc
    private readonly double[] _lambda0;  // R_S⁻ᵀσ

    // Evaluation buffers; w, x, log|x| and d are in the permuted order (support at 0..s−1, Sᶜ at s..N−1).
    private readonly double[] _w, _x, _logX, _d, _rho, _den, _nuBuf, _xc, _dc, _scratch, _scratchC, _h, _scale, _diagonal, _step, _vTrial;
    private readonly double[] _pMatrix, _pFactor, _pScale, _ys, _schur; // gap step: P, its factor, P⁻¹G_S⊥, Schur complement
    private readonly StackedRows _rowsAll, _rowsK, _rowsPerp, _rowsGap; // Ã; K; Ã_⊥ on Sᶜ; [K; Ã_⊥] (the gap Hessian's M)
    private readonly double[]? _certificate; // Qᵀλ of the BP certificate λ (the rows of this problem), when there is one
    private double _lambda; // Λ: off-support quantities in _xc, _dc are scaled by e^{−Λ}
    private int _threads = Environment.ProcessorCount;

    public RotatedDual(RegressionProblem problem, IPotential potential, BasisPursuitResult bp)
    {
        _potential = potential;
        _depth = potential as DepthPotential;
        _shallow = potential.Depth == 2.0;
        if (!_shallow && _depth is not null)
        {
            (_p, _k, _r) = (potential.Depth / (potential.Depth - 2.0), 2.0 / (potential.Depth - 2.0), ((2.0 * potential.Depth) - 2.0) / (potential.Depth - 2.0));
        }

        if ((long)problem.Rows * problem.Cols >= 1 << 23)
        {
            // Ã (new for a problem) is one more A-sized array, ≥ 64 MB here: collect the earlier steps' garbage (BP
            // working sets, the file's copy, another depth's buffers) first, so the peak is live data, not garbage.
            GC.Collect();
        }

        _data = RotatedData.For(problem, bp);
        (_m, _n, _s, _nc) = (_data.M, _data.N, _data.S, _data.Nc);
        (_at, _yt, _sigma, _g, _k0, _lambda0) = (_data.At, _data.Yt, _data.Sigma, _data.G, _data.K, _data.Lambda0);

        // y ∈ range(A_S) to rounding (BP verified A x_ℓ¹ = y): ỹ_⊥ = 0 exactly, the data as y = A x_ℓ¹.
        HasGap = _s > 0 && _depth is not null && _data.YInRange;
        if (HasGap && bp.Varrho is { Certificate: { } lambda } && lambda.Length == _m && lambda.All(double.IsFinite))
        {
            _certificate = _data.Rotate(lambda);
        }

        _rowsAll = StackedProducts.Rows(_at, 0, _n, _m, _n);
        _rowsK = StackedProducts.Rows(_k0, 0, _nc, _s, _nc);
        _rowsPerp = StackedProducts.Rows(_at, (_s * _n) + _s, _n, _m - _s, _nc);
        _rowsGap = new StackedRows(_k0, 0, _nc, _s, _at, (_s * _n) + _s, _n, _m - _s, _nc);
        _w = new double[_n];
        _x = new double[_n];
        _logX = new double[_n];
        _d = new double[_n];
        _xc = new double[_nc];
        _dc = new double[_nc];
        _rho = new double[_m];
        _den = new double[_m];
        _nuBuf = new double[_m];
        _scratch = new double[WeightedGram.BlockRows * _n];
        _scratchC = new double[Math.Max(1, _nc)];
        _h = new double[_m * _m];
        _scale = new double[_m];
        _diagonal = new double[_m];
        int gapS = HasGap ? _s : 0, gapQ = HasGap ? _m - _s : 0;
        (_pMatrix, _pFactor, _pScale, _ys, _schur) = (new double[gapS * gapS], new double[gapS * gapS], new double[gapS], new double[gapS * gapQ], new double[gapQ * gapQ]);
        _step = new double[_m];
        _vTrial = new double[_m];
    }

    /// <summary>True when the support variables can be used (usable BP support, y ∈ range(A_S), a depth potential).</summary>
    public bool HasGap { get; }

    /// <summary>
    /// True when 1 − |w| on the support, ≈ (α/|x_ℓ¹ᵢ|)^{(D−2)/D}, would fall below the normal double range (D &gt; 2 only;
    /// α below about 10^{−300·D/(D−2)}).
    /// </summary>
    public bool GapUnderflows(double logAlpha)
    {
        if (!HasGap || _shallow)
        {
            return false;
        }

        double largest = _g.Max(Math.Abs);
        return (logAlpha - Math.Log(Math.Max(largest, double.Epsilon))) / _p < -700.0;
    }

    /// <summary>
    /// Gap variables at α ≤ 0.1 from the asymptotic form of the solution (docs/theory.md §6) [reconstructed]: ν̃_⊥ =
    /// b(α)·Q_⊥ᵀλ with λ the BP certificate (A_Sᵀλ = σ, ‖A_Sᶜᵀλ‖_∞ = ϱ &lt; 1) and b = 1 (D &gt; 2) or log(1/α) (D = 2), and
    /// on S the z of x_S = x_ℓ¹: z = min(1, (α/|x_ℓ¹|)^{(D−2)/D}) or z = log|x_ℓ¹|. False when there is no such start
    /// (no gap variables, no certificate for these rows).
    /// </summary>
    public bool AsymptoticStart(double logAlpha, double[] v)
    {
        if (!HasGap || _certificate is null || !(logAlpha <= StartBelow))
        {
            return false;
        }

        for (int k = 0; k < _s; k++)
        {
            double logG = Math.Log(Math.Abs(_g[k]));
            v[k] = _shallow ? logG : Math.Min(1.0, Math.Exp((logAlpha - logG) / _p));
        }

        double b = _shallow ? -logAlpha : 1.0;
        for (int j = _s; j < _m; j++)
        {
            v[j] = b * _certificate[j];
        }

        return true;
    }

    /// <summary>Number of rows m of the reduced problem (length of v).</summary>
    public int Rows => _m;

    /// <summary>Converts a converged plain iterate ν̃ at log α into gap variables (in place).</summary>
    public bool ToGap(double logAlpha, double[] v)
    {
        MultiplyTransposed(v, _w);
        for (int k = 0; k < _s; k++)
        {
            double sw = _sigma[k] * _w[k];
            v[k] = _shallow ? logAlpha + sw : 1.0 - sw;
            if (!_shallow && !(v[k] > 0 && v[k] < 2))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>ν̃ from the variables of <paramref name="mode"/>.</summary>
    public void Nu(DualMode mode, double logAlpha, ReadOnlySpan<double> v, Span<double> nu)
    {
        v.CopyTo(nu);
        if (mode == DualMode.Plain || _s == 0)
        {
            return;
        }

        // ν̃_S = b·R_S⁻ᵀσ + c·R_S⁻ᵀ(σ⊙z): b = 1, c = −1 (D > 2, z = 1 − |w|); b = −log α, c = 1 (D = 2, z = log α + |w|).
        var rhs = new double[_s];
        for (int k = 0; k < _s; k++)
        {
            rhs[k] = _sigma[k] * v[k];
        }

        var t = _data.SolveRTransposed(rhs);
        double b = _shallow ? -logAlpha : 1.0, c = _shallow ? 1.0 : -1.0;
        for (int k = 0; k < _s; k++)
        {
            nu[k] = (b * _lambda0[k]) + (c * t[k]);
        }
    }

    /// <summary>Warm start from the last two converged levels: the asymptotic form of each variable.</summary>
    public void Predict(DualMode mode, double logAlpha, double[] v, List<(double LogAlpha, double[] V)> history)
    {
        if (history.Count == 0)
        {
            return;
        }

        var (l2, v2) = history[^1];
        if (history.Count == 1)
        {
            if (mode == DualMode.Gap && !_shallow)
            {
                for (int k = 0; k < _s; k++)
                {
                    v[k] = v2[k] * Math.Exp((logAlpha - l2) / _p); // 1 − |w| ∝ α^{(D−2)/D}
                }
            }

            return;
        }

        var (l1, v1) = history[^2];
        if (l2 == l1)
        {
            return;
        }

        double s = (logAlpha - l2) / (l2 - l1);
        if (mode == DualMode.Gap && !_shallow)
        {
            // z = 1 − |w|: linear in log–log; ν̃_⊥: linear in the key α^{(D−2)/D}.
            double k1 = Math.Exp(l1 / _p), k2 = Math.Exp(l2 / _p), k3 = Math.Exp(logAlpha / _p);
            double sk = (k3 - k2) / (k2 - k1);
            for (int j = 0; j < _m; j++)
            {
                v[j] = j < _s
                    ? (v1[j] > 0 && v2[j] > 0 ? v2[j] * Math.Exp(s * Math.Log(v2[j] / v1[j])) : v2[j])
                    : v2[j] + (sk * (v2[j] - v1[j]));
            }

            return;
        }

        if (mode == DualMode.Plain && !_shallow)
        {
            double k1 = Math.Exp(l1 / _p), k2 = Math.Exp(l2 / _p), k3 = Math.Exp(logAlpha / _p);
            s = (k3 - k2) / (k2 - k1);
        }

        // D = 2: ν (and z = log α + |w|) are affine in log α asymptotically.
        for (int j = 0; j < _m; j++)
        {
            v[j] = v2[j] + (s * (v2[j] - v1[j]));
        }
    }

    /// <summary>Damped Newton at one level; v is updated in place.</summary>
    /// <param name="mode">The variables Newton iterates in.</param>
    /// <param name="logAlpha">log α of the level.</param>
    /// <param name="v">Start (updated in place).</param>
    /// <param name="options">Tolerances.</param>
    /// <param name="polish">Take one more step after convergence (for points that are reported, not for intermediate levels).</param>
    public LevelOutcome Newton(DualMode mode, double logAlpha, double[] v, LimitOptions options, bool polish = true)
    {
        var (factorizations, krylov) = Work;
        _threads = options.Threads > 0 ? options.Threads : Environment.ProcessorCount;
        var outcome = Iterate(mode, logAlpha, v, options, polish);
        return outcome with { Factorizations = _factorizations - factorizations, Krylov = _krylov - krylov };
    }

    // Newton steps, each with the Armijo line search on the dual objective, until the scaled residual meets the tolerance.
    private LevelOutcome Iterate(DualMode mode, double logAlpha, double[] v, LimitOptions options, bool polish)
    {
        double scaled = Evaluate(mode, logAlpha, v, options.Tolerance);
        if (!double.IsFinite(scaled))
        {
            return new LevelOutcome(false, false, 0, scaled, 1);
        }

        double f0 = Objective(mode, logAlpha, v);
        int stalls = 0, evaluations = 1;
        for (int iter = 0; iter < options.MaxIterationsPerLevel; iter++)
        {
            if (scaled <= options.Tolerance)
            {
                // One more full step, kept only if it lowers the residual: converged points sit at the rounding floor.
                if (polish && Direction(mode, PolishTolerance))
                {
                    TensorPrimitives.Add(_step, v, _vTrial);
                    if (FeasibleTrial(mode, logAlpha) && Evaluate(mode, logAlpha, _vTrial, options.Tolerance) is var polished && polished < scaled)
                    {
                        _vTrial.CopyTo(v, 0);
                        scaled = polished;
                    }

                    Evaluate(mode, logAlpha, v, options.Tolerance);
                    evaluations += 2;
                }

                return new LevelOutcome(true, false, iter, scaled, evaluations);
            }

            if (!Direction(mode, StepTolerance))
            {
                return new LevelOutcome(false, true, iter, scaled, evaluations);
            }

            double decrement = GradientDotStep(mode);
            double t = 1.0, f1 = double.NegativeInfinity, trialScaled = double.PositiveInfinity;
            bool accepted = false;
            for (int halving = 0; halving < 60; halving++, t *= 0.5)
            {
                TensorPrimitives.MultiplyAdd(_step, t, v, _vTrial);
                if (!FeasibleTrial(mode, logAlpha))
                {
                    continue;
                }

                // FeasibleTrial left w = Ãᵀν at the trial point: the objective and the residual reuse it.
                f1 = Objective(mode, logAlpha, _vTrial, wReady: true);
                trialScaled = Evaluate(mode, logAlpha, _vTrial, options.Tolerance, wReady: true);
                evaluations++;
                bool meaningful = decrement > 1e-12 * (Math.Abs(f0) + double.Epsilon);
                if (!double.IsFinite(trialScaled))
                {
                    continue;
                }

                if ((meaningful && f1 >= f0 + (1e-4 * t * decrement)) || trialScaled < scaled || trialScaled <= options.Tolerance)
                {
                    accepted = true;
                    break;
                }
            }

            bool inexact = _inexactStep;
            if (!accepted)
            {
                Evaluate(mode, logAlpha, v, options.Tolerance);
                if (inexact)
                {
                    ResetFactorization(); // the GMRES step was not good enough: retry with an exact one
                    continue;
                }

                return new LevelOutcome(false, true, iter + 1, scaled, evaluations);
            }

            _vTrial.CopyTo(v, 0);
            f0 = f1;
            if (inexact && !(trialScaled < 0.5 * scaled))
            {
                ResetFactorization(); // slow progress on the old factors: the next step is exact
            }

            // A stall is rounding at work only near convergence (exact steps); far away, damped Newton is merely slow.
            stalls = inexact || trialScaled < 0.9 * scaled || trialScaled > 1e-6 ? 0 : stalls + 1;
            scaled = trialScaled;
            if (stalls >= 8)
            {
                return new LevelOutcome(scaled <= options.Tolerance, true, iter + 1, scaled, evaluations);
            }
        }

        return new LevelOutcome(scaled <= options.Tolerance, false, options.MaxIterationsPerLevel, scaled, evaluations);
    }

    /// <summary>Packages the point at α (v converged or best), with errors from the off-support part.</summary>
    public LimitPoint Finish(DualMode mode, LogAlpha alpha, double[] v, LevelOutcome outcome, SolverStats stats,
        LimitOptions options, RegressionProblem original, BasisPursuitResult bp)
    {
        double logAlpha = alpha.Log;
        Evaluate(mode, logAlpha, v, options.Tolerance);
        // Back to the caller's column order.
        var order = _data.Order;
        var x = new double[_n];
        var log10X = new double[_n];
        var sign = new int[_n];
        for (int p = 0; p < _n; p++)
        {
            x[order[p]] = _x[p];
            log10X[order[p]] = _logX[p] / Math.Log(10.0);
            sign[order[p]] = _x[p] != 0 ? Math.Sign(_x[p]) : double.IsFinite(_logX[p]) ? Math.Sign(_w[p]) : 0;
        }

        ErrorNorms? error = null;
        bool exact = HasGap;
        if (bp.IsUnique && bp.X.Length == _n)
        {
            error = exact ? ErrorFromOffSupport(mode, logAlpha) : DirectError(x, bp.X);
        }

        // ‖Ax − y‖ on the caller's data, with x's underflowed entries at 0 (they are below any rounding of Ax).
        double residual = original.ResidualNorm(x);
        double stationarity = Stationarity(mode, logAlpha, v);
        double yScale = Math.Max(TensorPrimitives.Norm(original.Y), double.Epsilon);
        double relResidual = TensorPrimitives.Norm(original.Y) == 0 ? residual : residual / Math.Max(1.0, yScale);
        var nu = new double[_m];
        Nu(mode, logAlpha, v, nu);
        var nuOriginal = _data.Unrotate(nu);

        var (status, message) = Classify(mode, outcome, relResidual, stationarity, options);
        if (!bp.IsUnique && status == SolverStatus.Success)
        {
            message += $"; BP is not unique ({bp.Status.ToSnakeCase()}), so the error to x_ℓ¹ is undefined";
        }

        bool ok = status == SolverStatus.Success;
        return new LimitPoint
        {
            Alpha = alpha.Value,
            LogAlpha = alpha,
            Depth = _potential.Depth,
            X = x,
            Log10AbsX = log10X,
            XSign = sign,
            Nu = nuOriginal,
            Status = status,
            Message = message,
            Stats = stats,
            Residual = residual,
            Stationarity = stationarity,
            Error = ok ? error : null,
            ErrorToL1 = ok && error is { } e ? e.Value(2) : null,
        };
    }

    private (SolverStatus, string) Classify(DualMode mode, LevelOutcome outcome, double relResidual, double stationarity, LimitOptions options)
    {
        if (!outcome.Converged)
        {
            double minGap = double.PositiveInfinity;
            if (mode == DualMode.Plain && double.IsFinite(_potential.DualUpper))
            {
                foreach (double wi in _w)
                {
                    minGap = Math.Min(minGap, 1.0 - Math.Abs(wi));
                }
            }

            if (minGap < 1e4 * Eps)
            {
                return (SolverStatus.PrecisionExhausted,
                    $"1 − |w| = {minGap:E1} is at machine precision and no usable BP support allows the gap variables: float64 cannot resolve x = α·h(w) at this α");
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

        return (SolverStatus.Success, mode == DualMode.Gap ? "converged and verified (support gap variables)" : "converged and verified");
    }

    // x∞ − x_ℓ¹ = (−K x_Sᶜ on S, x_Sᶜ off S) once A x∞ = y (K = A_S⁺A_Sᶜ): no difference of O(1) vectors.
    private ErrorNorms ErrorFromOffSupport(DualMode mode, double logAlpha)
    {
        // _xc holds x_Sᶜ·e^{−Λ}; in plain mode recompute it with the same scaling.
        if (mode == DualMode.Plain)
        {
            FillOffSupport(logAlpha);
        }

        var e = new double[_n];
        for (int k = 0; k < _s; k++)
        {
            e[k] = -TensorPrimitives.Dot(_k0.AsSpan(k * _nc, _nc), _xc);
        }

        _xc.CopyTo(e.AsSpan(_s));
        return ErrorNorms.FromScaled(e, _lambda);
    }

    private static ErrorNorms DirectError(double[] x, double[] reference)
    {
        var diff = new double[x.Length];
        TensorPrimitives.Subtract(x, reference, diff);
        return ErrorNorms.FromScaled(diff, 0.0);
    }

    // Stationarity: max over i of |h⁻¹(xᵢ/α) − wᵢ|, with the support compared in its own variable (gap or log-scale).
    private double Stationarity(DualMode mode, double logAlpha, double[] v)
    {
        double worst = 0;
        for (int i = 0; i < _n; i++)
        {
            worst = Math.Max(worst, Math.Abs(InverseLink(_logX[i] - logAlpha, _x[i] != 0 ? _x[i] : _w[i]) - _w[i]));
        }

        if (mode == DualMode.Gap)
        {
            for (int k = 0; k < _s; k++)
            {
                int i = k;
                double lr = _logX[i] - logAlpha;
                double z = _shallow
                    ? logAlpha + (_sigma[k] * Math.Sign(_x[i]) * AsinhHalfExp(lr))
                    : (v[k] < 0.5 && Math.Sign(_x[i]) == _sigma[k] ? Math.Exp(_depth!.LogOneMinusHInverse(lr)) : 1.0 - (_sigma[k] * InverseLink(lr, _x[i])));
                worst = Math.Max(worst, Math.Abs(z - v[k]));
            }
        }

        return worst;
    }

    // h⁻¹ of ±e^{lr}; ±∞·0 guarded.
    private double InverseLink(double lr, double sign)
    {
        if (double.IsNegativeInfinity(lr) || sign == 0)
        {
            return 0.0;
        }

        if (_depth is null)
        {
            return _potential.HInverse(Math.CopySign(Math.Exp(lr), sign));
        }

        if (_shallow)
        {
            return Math.CopySign(AsinhHalfExp(lr), sign);
        }

        return lr > 700 ? Math.CopySign(1.0, sign) : _potential.HInverse(Math.CopySign(Math.Exp(lr), sign));
    }

    // asinh(e^{lr}/2) = lr + log((1 + √(1 + 4e^{−2lr}))/2) for lr &gt; 0.
    private static double AsinhHalfExp(double lr) =>
        lr > 0 ? lr + Math.Log((1.0 + Math.Sqrt(1.0 + (4.0 * Math.Exp(-2.0 * lr)))) / 2.0) : Math.Asinh(Math.Exp(lr) / 2.0);

    /// <summary>
    /// Sets w, x, log|x|, d and the residual at v; returns the largest componentwise scaled residual. Plain mode:
    /// rows of ỹ − Ãx over |Ã||x| + |ỹ| + rounding floor. Gap mode: S rows g − x_S − K x_Sᶜ over |g| + |x_S| + |K||x_Sᶜ|,
    /// ⊥ rows −Ã_⊥x_Sᶜ over |Ã_⊥||x_Sᶜ| + floor, the floor (8ε/tol)|wᵢ|·αφ''(wᵢ) being the rounding of x = α·h(w).
    /// </summary>
    private double Evaluate(DualMode mode, double logAlpha, ReadOnlySpan<double> v, double tolerance, bool wReady = false)
    {
        if (mode == DualMode.Plain)
        {
            if (!wReady)
            {
                MultiplyTransposed(v, _w);
            }

            return EvaluatePlain(logAlpha, tolerance);
        }

        if (!wReady)
        {
            Nu(mode, logAlpha, v, _nuBuf);
            MultiplyTransposed(_nuBuf, _w);
        }

        for (int k = 0; k < _s; k++)
        {
            if (!_shallow && !(v[k] > 0 && v[k] < 2))
            {
                return double.PositiveInfinity;
            }

            int i = k;
            _w[i] = _shallow ? _sigma[k] * (v[k] - logAlpha) : _sigma[k] * (1.0 - v[k]);
            var (x, logX, d) = SupportValues(logAlpha, v[k]);
            _x[i] = _sigma[k] * x;
            _logX[i] = logX;
            _d[i] = d;
        }

        if (!FillOffSupport(logAlpha))
        {
            return double.PositiveInfinity;
        }

        // S rows: (K x'_Sᶜ, |K||x'_Sᶜ|) and ⊥ rows: (Ã_⊥x'_Sᶜ, |Ã_⊥|·floor), each one pass without a stored |Ã|.
        double scaleBack = Math.Exp(_lambda);
        double worst = 0;
        // Both row blocks carry the rounding floor of x'_Sᶜ: off S, x is O(1) where BP is not unique (a face column).
        FloorC(tolerance);
        StackedProducts.TimesAndAbs(_rowsK, _xc, _scratchC, _rho, _den, _threads);
        for (int k = 0; k < _s; k++)
        {
            int i = k;
            _rho[k] = _g[k] - _x[i] - (_rho[k] * scaleBack);
            _den[k] = Math.Abs(_g[k]) + Math.Abs(_x[i]) + (_den[k] * scaleBack);
            worst = Max(worst, _den[k] > 0 ? Math.Abs(_rho[k]) / _den[k] : Math.Abs(_rho[k]));
        }

        StackedProducts.TimesAndAbs(_rowsPerp, _xc, _scratchC, _rho.AsSpan(_s), _den.AsSpan(_s), _threads);
        for (int j = _s; j < _m; j++)
        {
            _rho[j] = -_rho[j]; // scaled by e^{−Λ}
            worst = Max(worst, _den[j] > 0 ? Math.Abs(_rho[j]) / _den[j] : Math.Abs(_rho[j]));
        }

        return worst;
    }

    private static double Max(double worst, double ratio) => double.IsNaN(ratio) ? double.PositiveInfinity : Math.Max(worst, ratio);

    private ReadOnlySpan<double> AbsC()
    {
        var a = _scratchC.AsSpan(0, _nc);
        TensorPrimitives.Abs(_xc, a);
        return a;
    }

    // |x'ᵢ| + (8ε/tol)(1+|wᵢ|)·d'ᵢ in _scratchC (scaled off-support values).
    private void FloorC(double tolerance)
    {
        for (int c = 0; c < _nc; c++)
        {
            double wi = _w[_s + c];
            _scratchC[c] = Math.Abs(_xc[c]) + (8.0 * Eps / tolerance * Math.Abs(wi) * _dc[c]);
        }
    }

    // Off-support x, log|x|, αφ'' from w; scaled copies x' = x·e^{−Λ}, d' = d·e^{−Λ} with Λ = max log|xᵢ| when that is below −600.
    private bool FillOffSupport(double logAlpha)
    {
        double lmax = double.NegativeInfinity;
        var logD = _scratch.AsSpan(0, _nc);
        for (int c = 0; c < _nc; c++)
        {
            int i = _s + c;
            double wi = _w[i], a = Math.Abs(wi);
            if (!_shallow && !(a < 1.0))
            {
                return false;
            }

            double lh = a == 0 ? double.NegativeInfinity : LogH(a);
            _logX[i] = logAlpha + lh;
            logD[c] = LogPhiSecond(logAlpha, a);
            lmax = Math.Max(lmax, _logX[i]);
            _x[i] = Math.CopySign(Math.Exp(_logX[i]), wi);
            if (wi == 0)
            {
                _x[i] = 0;
            }

            _d[i] = Math.Exp(logD[c]);
        }

        _lambda = lmax < -600 && double.IsFinite(lmax) ? lmax : 0.0;
        for (int c = 0; c < _nc; c++)
        {
            int i = _s + c;
            _xc[c] = _w[i] == 0 ? 0.0 : Math.CopySign(Math.Exp(_logX[i] - _lambda), _w[i]);
            _dc[c] = Math.Exp(logD[c] - _lambda);
        }

        return true;
    }

    private double LogH(double a) => _depth is not null ? _depth.LogHPositive(a) : Math.Log(_potential.H(a));

    // log(αφ''(w)): D = 2: log α + |w| + log1p(e^{−2|w|}); D > 2: log α + log p + logaddexp(−r log1p(−|w|), −r log1p(|w|)).
    private double LogPhiSecond(double logAlpha, double a)
    {
        if (_depth is null)
        {
            return logAlpha + Math.Log(_potential.PhiSecond(a));
        }

        return _shallow
            ? logAlpha + a + Log1p(Math.Exp(-2.0 * a))
            : logAlpha + Math.Log(_p) + LogAddExp(-_r * Log1p(-a), -_r * Log1p(a));
    }

    /// <summary>
    /// (σx, log|x|, αφ'') on the support from its variable z. D &gt; 2, z = 1 − |w| = δ: α[δ^{−p} − (2−δ)^{−p}],
    /// αp[δ^{−r} + (2−δ)^{−r}]. D = 2, z = log α + |w|, t = z − log α: e^z(1 − e^{−2t}), e^z(1 + e^{−2t}).
    /// </summary>
    private (double X, double LogX, double D) SupportValues(double logAlpha, double z)
    {
        if (_shallow)
        {
            double t = z - logAlpha;
            if (t > 20)
            {
                double lx = z + Log1p(-Math.Exp(-2.0 * t));
                return (Math.Exp(lx), lx, Math.Exp(z) * (1.0 + Math.Exp(-2.0 * t)));
            }

            double xs = _potential.ScaledH(logAlpha, t);
            return (xs, Math.Log(Math.Abs(xs)) is var l && xs != 0 ? l : logAlpha + (t == 0 ? double.NegativeInfinity : Math.Log(Math.Abs(2.0 * Math.Sinh(t)))),
                _potential.ScaledPhiSecond(logAlpha, t));
        }

        double d = _p * (Math.Exp(logAlpha - (_r * Math.Log(z))) + Math.Exp(logAlpha - (_r * Math.Log(2.0 - z))));
        if (z < 0.5)
        {
            double lx = logAlpha - (_p * Math.Log(z)) + Math.Log(-Expm1(_p * Math.Log(z / (2.0 - z))));
            return (Math.Exp(lx), lx, d);
        }

        double x = _potential.ScaledH(logAlpha, 1.0 - z);
        return (x, x == 0 ? double.NegativeInfinity : Math.Log(Math.Abs(x)), d);
    }

    // α·φ on the support from z (same forms as SupportValues): D > 2 ((D−2)/2)α[δ^{−k} + (2−δ)^{−k} − 2]; D = 2 e^z(1 − e^{−t})².
    private double SupportPhi(double logAlpha, double z)
    {
        if (_shallow)
        {
            double t = z - logAlpha;
            return t > 20 ? Math.Exp(z + (2.0 * Log1p(-Math.Exp(-t)))) : _potential.ScaledPhi(logAlpha, t);
        }

        if (z < 0.5)
        {
            return (_potential.Depth - 2.0) / 2.0 * (Math.Exp(logAlpha - (_k * Math.Log(z))) + Math.Exp(logAlpha - (_k * Math.Log(2.0 - z))) - (2.0 * Math.Exp(logAlpha)));
        }

        return _potential.ScaledPhi(logAlpha, 1.0 - z);
    }

    // Plain-mode evaluation at w already in place.
    private double EvaluatePlain(double logAlpha, double tolerance)
    {
        if (!Feasible(_w))
        {
            return double.PositiveInfinity;
        }

        for (int i = 0; i < _n; i++)
        {
            _x[i] = _potential.ScaledH(logAlpha, _w[i]);
            double a = Math.Abs(_w[i]);
            _logX[i] = _depth is null ? Math.Log(Math.Abs(_x[i])) : a == 0 ? double.NegativeInfinity : logAlpha + LogH(a);
            _d[i] = _potential.ScaledPhiSecond(logAlpha, _w[i]);
            _scratch[i] = Math.Abs(_x[i]) + (8.0 * Eps / tolerance * Math.Abs(_w[i]) * _d[i]);
        }

        double worst = 0;
        StackedProducts.TimesAndAbs(_rowsAll, _x, _scratch, _rho, _den, _threads);
        for (int j = 0; j < _m; j++)
        {
            _rho[j] = _yt[j] - _rho[j];
            _den[j] += Math.Abs(_yt[j]);
            worst = Max(worst, _den[j] > 0 ? Math.Abs(_rho[j]) / _den[j] : Math.Abs(_rho[j]));
        }

        return worst;
    }

    // ∇f·step for the Armijo test: gap mode ∇f = (c·σ⊙ρ_S, e^Λ·ρ'_⊥); plain ∇f = ρ.
    private double GradientDotStep(DualMode mode)
    {
        if (mode == DualMode.Plain)
        {
            return TensorPrimitives.Dot(_rho, _step);
        }

        double c = _shallow ? 1.0 : -1.0, sum = 0;
        for (int k = 0; k < _s; k++)
        {
            sum += c * _sigma[k] * _rho[k] * _step[k];
        }

        double scale = Math.Exp(_lambda);
        for (int j = _s; j < _m; j++)
        {
            sum += scale * _rho[j] * _step[j];
        }

        return sum;
    }

    // Dual objective without its v-independent constants: plain ỹᵀν − Σαφ(w); gap c·Σ g_kσ_k z_k + ỹ_⊥ᵀν_⊥ − Σαφ.
    private double Objective(DualMode mode, double logAlpha, ReadOnlySpan<double> v, bool wReady = false)
    {
        double f = 0;
        if (mode == DualMode.Plain)
        {
            if (!wReady)
            {
                MultiplyTransposed(v, _w);
            }

            f = TensorPrimitives.Dot(_yt, v);
            for (int i = 0; i < _n; i++)
            {
                f -= _potential.ScaledPhi(logAlpha, _w[i]);
            }

            return double.IsNaN(f) ? double.NegativeInfinity : f;
        }

        if (!wReady)
        {
            Nu(mode, logAlpha, v, _nuBuf);
            MultiplyTransposed(_nuBuf, _w);
        }

        double c = _shallow ? 1.0 : -1.0;
        for (int k = 0; k < _s; k++)
        {
            if (!_shallow && !(v[k] > 0 && v[k] < 2))
            {
                return double.NegativeInfinity;
            }

            f += (c * _g[k] * _sigma[k] * v[k]) - SupportPhi(logAlpha, v[k]);
        }

        for (int i = _s; i < _n; i++)
        {
            f -= _potential.ScaledPhi(logAlpha, _w[i]);
        }

        return double.IsNaN(f) ? double.NegativeInfinity : f;
    }

    private bool FeasibleTrial(DualMode mode, double logAlpha)
    {
        if (mode == DualMode.Plain)
        {
            MultiplyTransposed(_vTrial, _w);
            return Feasible(_w);
        }

        if (!_shallow)
        {
            for (int k = 0; k < _s; k++)
            {
                if (!(_vTrial[k] > 0 && _vTrial[k] < 2))
                {
                    return false;
                }
            }
        }

        Nu(mode, logAlpha, _vTrial, _nuBuf);
        MultiplyTransposed(_nuBuf, _w);
        if (!_shallow)
        {
            for (int i = _s; i < _n; i++)
            {
                if (!(Math.Abs(_w[i]) < 1.0))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private bool Feasible(ReadOnlySpan<double> w)
    {
        if (!double.IsFinite(_potential.DualUpper))
        {
            foreach (double wi in w)
            {
                if (!double.IsFinite(wi))
                {
                    return false;
                }
            }

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

    // w = Ãᵀν, columns split between threads (the same bits on any count).
    private void MultiplyTransposed(ReadOnlySpan<double> nu, Span<double> destination) =>
        StackedProducts.TransposeTimes(_rowsAll, nu, destination, _threads);
}
