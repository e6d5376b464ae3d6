using System.Diagnostics;
using System.Globalization;
using ImplicitL1.Kernels;
using ImplicitL1.LinearAlgebra;
using ImplicitL1.Problems;

namespace ImplicitL1.Dynamics;

/// <summary>
/// Gradient descent, mini-batch SGD and label-noise GD on a <see cref="Parametrization"/>, with stopping on loss,
/// gradient norm, iterations, wall clock or held-out early stopping, and divergence detection. The loop runs on
/// <see cref="GradientStepper"/>: allocation-free, bit-reproducible for a seed.
/// </summary>
public static class GradientDescent
{
    /// <summary>Runs descent from θ(0).</summary>
    /// <exception cref="ArgumentException">Mismatched N or an invalid option (named in the message).</exception>
    public static GradientDescentResult Run(RegressionProblem problem, Parametrization parametrization,
        GradientDescentOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(parametrization);
        options ??= new GradientDescentOptions();
        Validate(problem, parametrization, options);
        double eta = options.StepSize ?? SafeStepSize(problem, parametrization, options.SafetyFactor);
        var stepper = new GradientStepper(problem, parametrization, eta, options.BatchSize, options.LabelNoise,
            options.Seed, options.TrackGain);
        var refs = options.ComputeReferences ? References.Compute(problem, parametrization) : References.None;
        return new Loop(problem, parametrization, options, stepper, refs).Run();
    }

    /// <summary>
    /// The safe step factor/(κ‖A‖₂²) of docs/theory.md §6, κ = <see cref="Parametrization.Curvature"/> at
    /// X = max(‖x(0)‖∞, ‖A⁺y‖₁), A⁺y the minimum-norm solution (‖x_ℓ¹‖∞ ≤ ‖x_ℓ¹‖₁ ≤ ‖A⁺y‖₁).
    /// </summary>
    public static double SafeStepSize(RegressionProblem problem, Parametrization parametrization, double factor = 0.5)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(parametrization);
        double norm = SpectralNorm(problem);
        var x0 = new double[problem.Cols];
        parametrization.Forward(parametrization.InitialState(), x0);
        double scale = Math.Max(x0.Max(Math.Abs), MinimumNormL1(problem));
        return factor / (parametrization.Curvature(scale) * norm * norm);
    }

    /// <summary>‖A‖₂ by 200 power iterations on AᵀA from a fixed seeded start (slight underestimate at worst).</summary>
    public static double SpectralNorm(RegressionProblem problem)
    {
        var random = new SeededRandom(0x5EED);
        var v = new double[problem.Cols];
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = random.NextGaussian();
        }

        var av = new double[problem.Rows];
        double sigma = 0.0;
        for (int iter = 0; iter < 200; iter++)
        {
            double vn = Math.Sqrt(StepKernels.Dot(v, v));
            if (!(vn > 0))
            {
                return 0.0;
            }

            for (int i = 0; i < v.Length; i++)
            {
                v[i] /= vn;
            }

            problem.Multiply(v, av);
            double next = Math.Sqrt(StepKernels.Dot(av, av));
            problem.MultiplyTransposed(av, v);
            if (Math.Abs(next - sigma) <= 1e-12 * next)
            {
                return next;
            }

            sigma = next;
        }

        return sigma;
    }

    private static double MinimumNormL1(RegressionProblem problem)
    {
        int m = problem.Rows;
        var gram = new double[m * m];
        var ones = Enumerable.Repeat(1.0, problem.Cols).ToArray();
        WeightedGram.Compute(problem.A, m, problem.Cols, ones, new double[WeightedGram.BlockRows * problem.Cols], gram);
        var z = problem.YArray();
        if (!Cholesky.TryFactor(gram, m))
        {
            return problem.Y.ToArray().Max(Math.Abs);
        }

        Cholesky.Solve(gram, m, z);
        var x = new double[problem.Cols];
        problem.MultiplyTransposed(z, x);
        return x.Sum(Math.Abs);
    }

    private static void Validate(RegressionProblem problem, Parametrization p, GradientDescentOptions o)
    {
        if (p.Dimension != problem.Cols)
        {
            throw new ArgumentException(
                $"The parametrization has N = {p.Dimension} but A has {problem.Cols} columns (A is {problem.Rows}×{problem.Cols}).",
                "parametrization");
        }

        if (o.StepSize is double eta && (!(eta > 0) || !double.IsFinite(eta)))
        {
            throw new ArgumentException($"StepSize must be finite and > 0 (got {eta}); leave it null for the safe step.", "options");
        }

        if (!(o.SafetyFactor > 0 && o.SafetyFactor <= 2))
        {
            throw new ArgumentException($"SafetyFactor must be in (0, 2] (got {o.SafetyFactor}).", "options");
        }

        if (o.BatchSize is int b && (b < 1 || b > problem.Rows))
        {
            throw new ArgumentException($"BatchSize must be in [1, m] = [1, {problem.Rows}] (got {b}).", "options");
        }

        if (o.MaxIterations <= 0 || o.Patience <= 0 || o.CheckpointsPerDecade <= 0 || o.EvaluateEvery < 0)
        {
            throw new ArgumentException("MaxIterations, Patience and CheckpointsPerDecade must be > 0, EvaluateEvery ≥ 0.", "options");
        }

        if (!(o.DivergenceFactor > 1))
        {
            throw new ArgumentException($"DivergenceFactor must be greater than 1 (got {o.DivergenceFactor}).", "options");
        }

        if (!(o.LossTolerance >= 0) || !(o.GradientTolerance >= 0) || !(o.LabelNoise >= 0) || !double.IsFinite(o.LabelNoise))
        {
            throw new ArgumentException("LossTolerance, GradientTolerance and LabelNoise must be finite and ≥ 0.", "options");
        }

        if (o.WallClockBudget is TimeSpan budget && budget <= TimeSpan.Zero)
        {
            throw new ArgumentException($"WallClockBudget must be positive (got {budget}).", "options");
        }

        if (o.HeldOut is { } heldOut && heldOut.Cols != problem.Cols)
        {
            throw new ArgumentException(
                $"HeldOut has {heldOut.Cols} columns but A has {problem.Cols}.", "options");
        }
    }

    private sealed class Loop(RegressionProblem problem, Parametrization p, GradientDescentOptions o,
        GradientStepper stepper, References refs)
    {
        private readonly List<FlowCheckpoint> _trajectory = [];
        private long _nextRecord = 1;
        private int _recordIndex;

        public GradientDescentResult Run()
        {
            var clock = Stopwatch.StartNew();
            bool full = (o.BatchSize ?? problem.Rows) == problem.Rows && o.LabelNoise == 0;
            int evaluateEvery = o.EvaluateEvery > 0 ? o.EvaluateEvery
                : (int)Math.Ceiling(problem.Rows / (double)(o.BatchSize ?? problem.Rows));
            double initialLoss = stepper.Loss();
            double loss = initialLoss;
            double limitLoss = o.DivergenceFactor * Math.Max(initialLoss, double.Epsilon);
            double bestHeldOut = double.PositiveInfinity;
            double[]? bestState = null;
            long bestIteration = 0;
            int sinceBest = 0;
            var lastGood = stepper.State.ToArray();
            Record(loss);
            if (o.HeldOut is { } h0)
            {
                bestHeldOut = stepper.Loss(h0);
                bestState = stepper.State.ToArray();
            }

            while (true)
            {
                if (o.LossTolerance > 0 && loss <= o.LossTolerance)
                {
                    return Finish(SolverStatus.Success, StopReason.LossTolerance, $"loss {loss:E3} ≤ {o.LossTolerance:E3}", clock);
                }

                if (stepper.Iterations >= o.MaxIterations)
                {
                    return Finish(SolverStatus.MaxIterations, StopReason.IterationBudget,
                        $"iteration budget {o.MaxIterations} exhausted (loss {loss:E3})", clock);
                }

                if (o.WallClockBudget is TimeSpan budget && clock.Elapsed >= budget)
                {
                    return Finish(SolverStatus.Success, StopReason.WallClock, $"wall-clock budget {budget} used (loss {loss:E3})", clock);
                }

                double stepLoss = stepper.Step(full ? limitLoss : double.PositiveInfinity);
                long k = stepper.Iterations;
                if (full)
                {
                    // Pass 1 gave the loss at the current iterate; a bad one stops before updating, so the
                    // state before the last step is the last one that passed this check.
                    if (!(double.IsFinite(stepLoss) && stepLoss <= limitLoss))
                    {
                        return Diverged(stepLoss, k, stepper.PreviousState.ToArray(), clock);
                    }

                    loss = stepLoss; // at the iterate before this step: one step behind, but free
                    if (o.GradientTolerance > 0 && stepper.GradientNorm() <= o.GradientTolerance)
                    {
                        return Finish(SolverStatus.Success, StopReason.GradientTolerance,
                            $"‖g‖₂ = {stepper.GradientNorm():E3} ≤ {o.GradientTolerance:E3}", clock);
                    }
                }

                bool evaluate = !full && k % evaluateEvery == 0;
                if (evaluate || k >= _nextRecord)
                {
                    loss = stepper.Loss();
                    if (!(double.IsFinite(loss) && loss <= limitLoss))
                    {
                        return Diverged(loss, k, full ? stepper.PreviousState.ToArray() : lastGood, clock);
                    }

                    if (!full)
                    {
                        stepper.State.CopyTo(lastGood);
                    }
                }

                if (k >= _nextRecord)
                {
                    Record(loss);
                }

                if (o.HeldOut is { } heldOut && k % evaluateEvery == 0)
                {
                    double value = stepper.Loss(heldOut);
                    if (value < bestHeldOut)
                    {
                        bestHeldOut = value;
                        stepper.State.CopyTo(bestState);
                        bestIteration = k;
                        sinceBest = 0;
                    }
                    else if (++sinceBest >= o.Patience)
                    {
                        return EarlyStop(bestState!, bestIteration, bestHeldOut, clock);
                    }
                }
            }

            GradientDescentResult Diverged(double badLoss, long iteration, double[] state, Stopwatch clock)
            {
                var x = new double[problem.Cols];
                p.Forward(state, x);
                return Result(SolverStatus.Diverged, StopReason.Diverged,
                    $"diverged at iteration {iteration}: {(double.IsFinite(badLoss) ? "loss" : "non-finite loss")} {badLoss:E3} (initial {initialLoss:E3}, factor {o.DivergenceFactor:E0}); the last finite state is returned; lower the step size η = {stepper.StepSize:E3}",
                    x, state, Loss(x), clock, null);
            }

            GradientDescentResult EarlyStop(double[] state, long iteration, double value, Stopwatch clock)
            {
                var x = new double[problem.Cols];
                p.Forward(state, x);
                return Result(SolverStatus.Success, StopReason.EarlyStopping,
                    $"held-out loss stopped improving; best {value:E3} at iteration {iteration}", x, state, Loss(x), clock, value);
            }
        }

        private double Loss(double[] x)
        {
            var r = new double[problem.Rows];
            problem.Multiply(x, r);
            double sum = 0.0;
            for (int i = 0; i < r.Length; i++)
            {
                double d = r[i] - problem.Y[i];
                sum += d * d;
            }

            return 0.5 * sum;
        }

        private void Record(double loss)
        {
            long k = stepper.Iterations;
            var x = stepper.X.ToArray();
            var checkpoint = new FlowCheckpoint
            {
                Time = stepper.StepSize * k,
                RescaledTime = stepper.StepSize * k / p.TimeScale,
                Steps = k,
                Loss = loss,
                X = x,
                DistanceToL1 = References.Distance(x, refs.L1),
                DistanceToLimit = References.Distance(x, refs.Limit),
            };
            _trajectory.Add(checkpoint);
            o.Progress?.Report(checkpoint);
            while (_nextRecord <= k)
            {
                _recordIndex++;
                _nextRecord = Math.Max(_nextRecord + 1, (long)Math.Round(Math.Pow(10.0, _recordIndex / (double)o.CheckpointsPerDecade)));
            }
        }

        private GradientDescentResult Finish(SolverStatus status, StopReason reason, string message, Stopwatch clock)
        {
            var x = stepper.X.ToArray();
            double loss = stepper.Loss();
            if (_trajectory.Count == 0 || _trajectory[^1].Steps != stepper.Iterations)
            {
                Record(loss);
            }

            return Result(status, reason, message, x, stepper.State.ToArray(), loss, clock, null);
        }

        private GradientDescentResult Result(SolverStatus status, StopReason reason, string message, double[] x,
            double[] state, double loss, Stopwatch clock, double? heldOut) => new()
            {
                Status = status,
                Message = string.Create(CultureInfo.InvariantCulture, $"{message}; {stepper.Iterations} iterations, η = {stepper.StepSize:E3}{refs.Note}"),
                StopReason = reason,
                X = x,
                State = state,
                Loss = loss,
                Steps = stepper.Iterations,
                Time = stepper.StepSize * stepper.Iterations,
                Elapsed = clock.Elapsed,
                StepSize = stepper.StepSize,
                DistanceToLimit = References.Distance(x, refs.Limit),
                DistanceToL1 = References.Distance(x, refs.L1),
                Gain = stepper.TracksGain ? stepper.Gain.ToArray() : null,
                HeldOutLoss = heldOut ?? (o.HeldOut is null ? null : stepper.Loss(o.HeldOut)),
                Trajectory = _trajectory,
            };
    }
}
