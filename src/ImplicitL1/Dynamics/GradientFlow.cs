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
    /// <exception cref="ArgumentException">Mismatched N, an invalid option, or Mirror space without a link.</exception>
    public static GradientFlowResult Solve(RegressionProblem problem, Parametrization parametrization,
        GradientFlowOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(parametrization);
        options ??= new GradientFlowOptions();
        Validate(problem, parametrization, options);
        var link = parametrization.Mirror;
        var space = options.Space == FlowSpace.Auto ? (link is null ? FlowSpace.Weights : FlowSpace.Mirror) : options.Space;
        if (space == FlowSpace.Mirror && link is null)
        {
            throw new ArgumentException(
                $"The {parametrization.Name} parametrization has no mirror link; use FlowSpace.Weights or Auto.", nameof(options));
        }

        var refs = options.ComputeReferences ? References.Compute(problem, parametrization) : References.None;
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

        return new Integration(problem, parametrization, options, refs, system, map, state, space).Run();
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
            throw new ArgumentException($"Horizon must be greater than 0 (got {o.Horizon}); use +∞ for no horizon.", "options");
        }

        if (!(o.RelativeTolerance > 0 && o.RelativeTolerance < 1))
        {
            throw new ArgumentException($"RelativeTolerance must be in (0, 1) (got {o.RelativeTolerance}).", "options");
        }

        if (!(o.AbsoluteTolerance > 0))
        {
            throw new ArgumentException($"AbsoluteTolerance must be greater than 0 (got {o.AbsoluteTolerance}).", "options");
        }

        if (o.MaxSteps <= 0 || o.CheckpointsPerDecade <= 0 || !(o.FirstCheckpoint > 0))
        {
            throw new ArgumentException(
                "MaxSteps, CheckpointsPerDecade and FirstCheckpoint must be greater than 0.", "options");
        }

        if (!(o.LossTolerance >= 0) || !(o.StationaryTolerance >= 0) || !(o.LimitTolerance >= 0))
        {
            throw new ArgumentException("LossTolerance, StationaryTolerance and LimitTolerance must be ≥ 0.", "options");
        }
    }

    private sealed class Integration(RegressionProblem problem, Parametrization p, GradientFlowOptions o,
        References refs, IStiffSystem system, Func<double[], double[], bool> map, double[] y, FlowSpace space)
    {
        private readonly List<FlowCheckpoint> _checkpoints = [];
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
            if (!system.Rhs(y, f) || !map(y, _x))
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

            if (system is MirrorSystem mirror && o.StationaryTolerance > 0 && _steps > 0)
            {
                double change = mirror.NewtonChange(y, f);
                double scale = Math.Max(1.0, _x.Max(Math.Abs));
                if (change <= o.StationaryTolerance * scale)
                {
                    return Finish(SolverStatus.Success, StopReason.Stationary,
                        $"converged to the flow's limit: a Newton step would move x by {change:E3}");
                }
            }

            if (_t >= o.Horizon)
            {
                return Finish(SolverStatus.Success, StopReason.Horizon, $"reached the horizon t = {o.Horizon:E6}");
            }

            return null;
        }

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
            var checkpoint = new FlowCheckpoint
            {
                Time = _t,
                RescaledTime = _t / p.TimeScale,
                Steps = _steps,
                Loss = _loss,
                X = (double[])_x.Clone(),
                DistanceToL1 = References.Distance(_x, refs.L1),
                DistanceToLimit = References.Distance(_x, refs.Limit),
            };
            _checkpoints.Add(checkpoint);
            o.Progress?.Report(checkpoint);
        }

        private GradientFlowResult Finish(SolverStatus status, StopReason reason, string message)
        {
            if (_checkpoints.Count == 0 || _checkpoints[^1].Time != _t)
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
                Steps = _steps,
                RejectedSteps = _rejected,
                Time = _t,
                Limit = refs.Limit,
                DistanceToLimit = References.Distance(_x, refs.Limit),
                DistanceToL1 = References.Distance(_x, refs.L1),
                Checkpoints = _checkpoints,
            };
        }
    }
}
