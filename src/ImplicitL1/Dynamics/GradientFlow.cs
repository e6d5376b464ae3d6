using System.Diagnostics;
using System.Globalization;
using ImplicitL1.Problems;

namespace ImplicitL1.Dynamics;

/// <summary>
/// Gradient flow θ' = −∇_θ ½‖AF(θ) − y‖², integrated accurately. With a mirror link (docs/theory.md §2) it integrates
/// the m-dimensional ODE s' = A·L(Aᵀs) − y for s = ∫₀ᵗ(Ax − y), x = L(Aᵀs); otherwise the weights. Both use the
/// stiff, L-stable Rosenbrock 2(3) pair of ode23s with the Jacobian (analytic A·diag(L')·Aᵀ in mirror space),
/// adaptive steps and exact log-spaced checkpoints. Near the steady state steps grow geometrically and tend to
/// Newton steps, so D ≥ 3 at small α (time ~ α^{−(D−2)/D}, docs/theory.md §6) takes hundreds of steps, not millions.
/// </summary>
public static class GradientFlow
{
    /// <summary>Integrates gradient flow of <paramref name="parametrization"/> on <paramref name="problem"/>.</summary>
    /// <exception cref="ArgumentNullException">A null argument.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option out of its range (named options.&lt;Property&gt;).</exception>
    /// <exception cref="ArgumentException">Mismatched N, a reference of the wrong length, or Mirror space without a link.</exception>
    public static GradientFlowResult Solve(RegressionProblem problem, Parametrization parametrization,
        GradientFlowOptions? options = null)
    {
        Checks.NotNull(problem);
        Checks.NotNull(parametrization);
        options ??= new GradientFlowOptions();
        Validate(problem, parametrization, options);
        var clock = Stopwatch.StartNew();
        var link = parametrization.Mirror;
        var space = options.Space == FlowSpace.Auto ? (link is null ? FlowSpace.Weights : FlowSpace.Mirror) : options.Space;
        if (space == FlowSpace.Mirror && link is null)
        {
            throw new ArgumentException(
                $"The {parametrization.Name} parametrization has no mirror link; use FlowSpace.Weights or Auto.", "options.Space");
        }

        var refs = options.References ?? new References();
        IStiffSystem system;
        Func<double[], double[], bool> map;
        double[] state;
        if (space == FlowSpace.Mirror)
        {
            var mirror = new MirrorSystem(problem, link!);
            system = mirror;
            map = (s, x) => mirror.Map(s, x);
            state = new double[problem.Rows];
        }
        else
        {
            var weights = new WeightSystem(problem, parametrization);
            system = weights;
            map = (s, x) => weights.Map(s, x);
            state = parametrization.InitialState();
        }

        return new Integration(problem, parametrization, options, refs, new CountingSystem(system), map, state, space, clock).Run();
    }

    private static void Validate(RegressionProblem problem, Parametrization p, GradientFlowOptions o)
    {
        if (p.Dimension != problem.Cols)
        {
            throw new ArgumentException(
                $"The parametrization has N = {p.Dimension} but A has {problem.Cols} columns (A is {problem.Rows}×{problem.Cols}).",
                "parametrization");
        }

        if (!(o.Horizon > 0))
        {
            throw new ArgumentOutOfRangeException("options.Horizon", o.Horizon, "Horizon must be greater than 0; use +∞ for no horizon.");
        }

        if (!(o.RelativeTolerance > 0 && o.RelativeTolerance < 1))
        {
            throw new ArgumentOutOfRangeException("options.RelativeTolerance", o.RelativeTolerance, "RelativeTolerance must lie in (0, 1).");
        }

        Checks.Positive(o.AbsoluteTolerance, "options.AbsoluteTolerance");
        Checks.AtLeastOne(o.MaxSteps, "options.MaxSteps");
        Checks.AtLeastOne(o.CheckpointsPerDecade, "options.CheckpointsPerDecade");
        Checks.Positive(o.FirstCheckpoint, "options.FirstCheckpoint");
        Checks.NonNegative(o.LossTolerance, "options.LossTolerance");
        Checks.NonNegative(o.StationaryTolerance, "options.StationaryTolerance");
        Checks.NonNegative(o.LimitTolerance, "options.LimitTolerance");
        Checks.PositiveOrNone(o.WallClockBudget, "options.WallClockBudget");

        Checks.NotNull(o.CheckpointTimes, "options.CheckpointTimes");
        o.References?.Validate(problem.Cols, "options.References");
    }

    /// <summary>Counts right-hand-side and Jacobian evaluations for <see cref="SolverStats"/>.</summary>
    private sealed class CountingSystem(IStiffSystem inner) : IStiffSystem
    {
        public long Rhs { get; private set; }

        public long Jacobians { get; private set; }

        public IStiffSystem Inner => inner;

        public int Dimension => inner.Dimension;

        bool IStiffSystem.Rhs(ReadOnlySpan<double> y, Span<double> f)
        {
            Rhs++;
            return inner.Rhs(y, f);
        }

        public bool Jacobian(ReadOnlySpan<double> y, Span<double> jacobian)
        {
            Jacobians++;
            return inner.Jacobian(y, jacobian);
        }

        public void CountJacobian() => Jacobians++;
    }

    private sealed class Integration(RegressionProblem problem, Parametrization p, GradientFlowOptions o,
        References refs, CountingSystem system, Func<double[], double[], bool> map, double[] y, FlowSpace space, Stopwatch clock)
    {
        private readonly Trajectory _trajectory = new();
        private readonly double _normA = Math.Sqrt(System.Numerics.Tensors.TensorPrimitives.SumOfSquares(problem.A));
        private readonly double _normY = System.Numerics.Tensors.TensorPrimitives.Norm(problem.Y);
        private readonly double[] _x = new double[problem.Cols];
        private readonly double[] _residual = new double[problem.Rows];
        private readonly double[] _extra = [.. o.CheckpointTimes.Where(t => t > 0).Order()];
        private int _logIndex;
        private long _steps, _rejected;
        private double _t, _loss;

        public GradientFlowResult Run()
        {
            int n = system.Dimension;
            var f = new double[n];
            var yNew = new double[n];
            var fNew = new double[n];
            var jac = new double[n * n];
            var integrator = new Rosenbrock23(n);
            if (!((IStiffSystem)system).Rhs(y, f) || !map(y, _x))
            {
                return Finish(SolverStatus.NumericalTrouble, StopReason.StepSizeUnderflow, "the initial state is not finite");
            }

            _loss = Loss();
            Record();
            double h = Math.Min(o.FirstCheckpoint, o.Horizon) * 1e-3;
            double next = NextCheckpoint();
            while (true)
            {
                if (StopCheck(f) is { } stop)
                {
                    return stop;
                }

                if (o.Cancellation.IsCancellationRequested)
                {
                    return Finish(SolverStatus.Cancelled, StopReason.Cancelled, $"cancelled at t = {_t:E6}; the last state is returned");
                }

                if (o.WallClockBudget is TimeSpan budget && clock.Elapsed >= budget)
                {
                    return Finish(SolverStatus.TimeLimit, StopReason.WallClock, $"wall-clock budget {budget} used at t = {_t:E6} (loss {_loss:E3})");
                }

                if (_steps >= o.MaxSteps)
                {
                    return Finish(SolverStatus.MaxIterations, StopReason.IterationBudget,
                        $"step budget {o.MaxSteps} exhausted at t = {_t:E6}; raise MaxSteps or set a Horizon");
                }

                if (!system.Jacobian(y, jac))
                {
                    return Finish(SolverStatus.NumericalTrouble, StopReason.StepSizeUnderflow,
                        $"the Jacobian is not finite at t = {_t:E6}");
                }

                double target = Math.Min(next, o.Horizon);
                while (true)
                {
                    double step = Math.Min(h, target - _t);
                    bool clipped = step < h;
                    double error = integrator.Step(system, y, f, jac, step, o.RelativeTolerance, o.AbsoluteTolerance, yNew, fNew);
                    if (error <= 1.0)
                    {
                        _t = clipped || _t + step >= target ? target : _t + step;
                        yNew.CopyTo(y, 0);
                        fNew.CopyTo(f, 0);
                        _steps++;
                        double factor = error == 0 ? 5.0 : Math.Clamp(0.8 * Math.Pow(error, -1.0 / 3.0), 0.2, 5.0);
                        h = clipped ? Math.Max(h, step * factor) : step * factor;
                        break;
                    }

                    _rejected++;
                    h = step * (double.IsFinite(error) ? Math.Clamp(0.8 * Math.Pow(error, -1.0 / 3.0), 0.1, 0.5) : 0.25);
                    if (h <= 1e-15 * Math.Max(_t, 1e-300))
                    {
                        return Finish(SolverStatus.NumericalTrouble, StopReason.StepSizeUnderflow,
                            $"step size underflow (h = {h:E3}) at t = {_t:E6}");
                    }
                }

                map(y, _x);
                _loss = Loss();
                if (_t >= next)
                {
                    Record();
                    next = NextCheckpoint();
                }
            }
        }

        private GradientFlowResult? StopCheck(double[] f)
        {
            if (o.LossTolerance > 0 && _loss <= o.LossTolerance)
            {
                return Finish(SolverStatus.Success, StopReason.LossTolerance, $"loss {_loss:E3} ≤ {o.LossTolerance:E3}");
            }

            if (o.LimitTolerance > 0 && References.Distance(_x, refs.Limit) is double d && d <= o.LimitTolerance)
            {
                return Finish(SolverStatus.Success, StopReason.LimitReached, $"‖x − x∞‖₂ = {d:E3} ≤ {o.LimitTolerance:E3}");
            }

            if (system.Inner is MirrorSystem mirror && o.StationaryTolerance > 0 && _steps > 0)
            {
                double change = mirror.NewtonChange(y, f);
                system.CountJacobian();
                double scale = Math.Max(1.0, _x.Max(Math.Abs));
                if (change <= o.StationaryTolerance * scale && ResidualConfirms(change))
                {
                    return Finish(SolverStatus.Success, StopReason.Stationary,
                        $"converged to the flow's limit: a Newton step would move x by {change:E3}");
                }
            }

            // In weights there is no Newton step to test; θ' = −(∂x/∂θ)ᵀAᵀr stops with r, so stop at r's rounding floor.
            if (system.Inner is WeightSystem && o.StationaryTolerance > 0 && _steps > 0 && Math.Sqrt(2.0 * _loss) <= ResidualFloor())
            {
                return Finish(SolverStatus.Success, StopReason.Stationary,
                    $"the residual reached its rounding floor ({Math.Sqrt(2.0 * _loss):E3}): the weights no longer move");
            }

            if (_t >= o.Horizon)
            {
                return Finish(SolverStatus.Success, StopReason.Horizon, $"reached the horizon t = {o.Horizon:E6}");
            }

            return null;
        }

        // x∞ solves Ax = y, so ‖Ax − y‖₂ = ‖A(x − x∞)‖₂ ≤ ‖A‖_F·√N·‖x − x∞‖∞: a Newton change that small must be
        // matched by the residual (to rounding, 64ε(‖A‖_F‖x‖₂ + ‖y‖₂)); a saddle with loss far above 0 never is.
        private bool ResidualConfirms(double change)
        {
            double residual = Math.Sqrt(2.0 * _loss);
            return residual <= (10.0 * _normA * Math.Sqrt(problem.Cols) * change) + ResidualFloor();
        }

        // The rounding floor of ‖Ax − y‖₂: 64ε(‖A‖_F‖x‖₂ + ‖y‖₂).
        private double ResidualFloor() =>
            64.0 * Math.Pow(2, -52) * ((_normA * System.Numerics.Tensors.TensorPrimitives.Norm(_x)) + _normY);

        private double NextCheckpoint()
        {
            double logNext;
            do
            {
                logNext = o.FirstCheckpoint * Math.Pow(10.0, _logIndex / (double)o.CheckpointsPerDecade);
                if (logNext <= _t)
                {
                    _logIndex++;
                }
            }
            while (logNext <= _t);

            double extra = _extra.FirstOrDefault(t => t > _t, double.PositiveInfinity);
            return Math.Min(logNext, extra);
        }

        private double Loss()
        {
            problem.Multiply(_x, _residual);
            double sum = 0.0;
            var yData = problem.Y;
            for (int i = 0; i < _residual.Length; i++)
            {
                double r = _residual[i] - yData[i];
                sum += r * r;
            }

            return 0.5 * sum;
        }

        private void Record()
        {
            var point = new TrajectoryPoint
            {
                Time = _t,
                RescaledTime = _t / p.TimeScale,
                Iteration = _steps,
                Loss = _loss,
                X = (double[])_x.Clone(),
                DistanceToL1 = References.Distance(_x, refs.L1),
                DistanceToLimit = References.Distance(_x, refs.Limit),
            };
            _trajectory.Add(point);
            if (o.Progress is { } progress)
            {
                progress.Report(new SolverProgress("gf", _steps, double.IsFinite(o.Horizon) ? Math.Min(1.0, _t / o.Horizon) : null,
                    string.Create(CultureInfo.InvariantCulture,
                        $"t = {point.Time:G4}, steps = {point.Iteration}, loss = {point.Loss:E2}, ‖x − x∞‖ = {(point.DistanceToLimit is double d ? d.ToString("E2", CultureInfo.InvariantCulture) : "n/a")}")));
            }
        }

        private GradientFlowResult Finish(SolverStatus status, StopReason reason, string message)
        {
            if (_trajectory.Count == 0 || _trajectory.Last.Time != _t)
            {
                Record();
            }

            return new GradientFlowResult
            {
                Status = status,
                Message = string.Create(CultureInfo.InvariantCulture, $"{message} after {_steps} steps ({_rejected} rejected){refs.Note}"),
                StopReason = reason,
                Space = space,
                X = (double[])_x.Clone(),
                State = (double[])y.Clone(),
                Loss = _loss,
                Stats = new SolverStats
                {
                    Iterations = _steps,
                    FunctionEvaluations = system.Rhs,
                    MatrixEvaluations = system.Jacobians,
                    WallTime = clock.Elapsed,
                },
                RejectedSteps = _rejected,
                Time = _t,
                Limit = refs.Limit,
                DistanceToLimit = References.Distance(_x, refs.Limit),
                DistanceToL1 = References.Distance(_x, refs.L1),
                Trajectory = _trajectory,
            };
        }
    }
}
