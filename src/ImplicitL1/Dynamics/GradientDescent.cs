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
    /// <exception cref="ArgumentNullException">A null argument.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option out of its range (named options.&lt;Property&gt;).</exception>
    /// <exception cref="ArgumentException">Mismatched N, held-out data or a reference of the wrong shape.</exception>
    public static GradientDescentResult Solve(RegressionProblem problem, Parametrization parametrization,
        GradientDescentOptions? options = null)
    {
        Checks.NotNull(problem);
        Checks.NotNull(parametrization);
        options ??= new GradientDescentOptions();
        Validate(problem, parametrization, options);
        var clock = Stopwatch.StartNew();
        double eta = options.StepSize ?? SafeStepSize(problem, parametrization, options.SafetyFactor);
        var stepper = new GradientStepper(problem, parametrization, eta, options.BatchSize, options.LabelNoise,
            options.Seed, options.TrackGain);
        return new Loop(problem, parametrization, options, stepper, options.References ?? new References(), clock).Run();
    }

    /// <summary>
    /// Full-batch gradient descent of several models on the same data at once (k initializations, α values or depths):
    /// each step reads A once for all of them (rows in chunks, every model's r and g per chunk while it is in cache),
    /// each model keeps its own step size (<see cref="GradientDescentOptions.StepSize"/> or its safe step), stopping
    /// rules and trajectory, and stops on its own. Every model's result is bit-identical to its own
    /// <see cref="Solve"/> (same passes, same sums), on any thread count.
    /// </summary>
    /// <param name="problem">The data (A, y).</param>
    /// <param name="models">The models (each N = A's columns).</param>
    /// <param name="options">Shared options (BatchSize null, LabelNoise 0: a batch is full-batch GD).</param>
    /// <param name="references">Per-model references (x_ℓ¹, x∞ of that model), or null for none.</param>
    public static GradientDescentResult[] SolveBatch(RegressionProblem problem, IReadOnlyList<Parametrization> models,
        GradientDescentOptions? options = null, IReadOnlyList<References?>? references = null)
    {
        Checks.NotNull(problem);
        Checks.NotNull(models);
        options ??= new GradientDescentOptions();
        if (options.BatchSize is not null || options.LabelNoise != 0)
        {
            throw new ArgumentException("A batch is full-batch GD: BatchSize must be null and LabelNoise 0.", nameof(options));
        }

        if (references is not null && references.Count != models.Count)
        {
            throw new ArgumentException($"{references.Count} references for {models.Count} models.", nameof(references));
        }

        var clock = Stopwatch.StartNew();
        var loops = new Loop[models.Count];
        for (int c = 0; c < loops.Length; c++)
        {
            var model = Checks.NotNull(models[c], "models");
            var refs = references?[c] ?? new References();
            Validate(problem, model, options with { References = refs });
            double eta = options.StepSize ?? SafeStepSize(problem, model, options.SafetyFactor);
            var stepper = new GradientStepper(problem, model, eta, null, 0.0, options.Seed, options.TrackGain, threads: 1);
            loops[c] = new Loop(problem, model, options, stepper, refs, clock);
        }

        var runs = loops.Select(l => l.Steps().GetEnumerator()).ToArray();
        var active = Enumerable.Range(0, loops.Length).Where(c => runs[c].MoveNext()).ToArray();
        int count = active.Length;
        while (count > 0)
        {
            SharedPass(problem, loops, active, count);
            int kept = 0;
            for (int j = 0; j < count; j++)
            {
                if (runs[active[j]].MoveNext())
                {
                    active[kept++] = active[j];
                }
            }

            count = kept;
        }

        return [.. loops.Select(l => l.Outcome!)];
    }

    // One pass over A for the active models: rows in chunks of 64 (multiples of the 8-row block, restarting at m/2 so a split
    // stepper's halves are summed exactly as in its own pass); split steppers go two at a time through the pair kernels.
    private static void SharedPass(RegressionProblem problem, Loop[] loops, int[] active, int count)
    {
        const int chunk = 64;
        int m = problem.Rows, half = m / 2;
        for (int j = 0; j < count; j++)
        {
            loops[active[j]].Stepper.BeginShared();
        }

        void Part(int part)
        {
            int start = part == 0 ? 0 : half, end = part == 0 ? half : m;
            for (int r = start; r < end; r += chunk)
            {
                int e = Math.Min(end, r + chunk);
                int j = 0;
                for (; j + 1 < count && loops[active[j]].Stepper.Splits; j += 2)
                {
                    GradientStepper.AccumulateSharedPair(loops[active[j]].Stepper, loops[active[j + 1]].Stepper, r, e);
                }

                for (; j < count; j++)
                {
                    loops[active[j]].Stepper.AccumulateShared(r, e);
                }
            }
        }

        // Split steppers sum the halves into separate buffers, so the halves may run on two threads (same bits).
        if (loops[active[0]].Stepper.Splits && Environment.ProcessorCount > 1)
        {
            Parallel.Invoke(() => Part(0), () => Part(1));
        }
        else
        {
            Part(0);
            Part(1);
        }

        for (int j = 0; j < count; j++)
        {
            loops[active[j]].Stepper.EndShared();
        }
    }

    /// <summary>
    /// The safe step factor/(κ‖A‖₂²) of docs/theory.md §6, κ = <see cref="Parametrization.Curvature"/> at
    /// X = max(‖x(0)‖∞, ‖A⁺y‖₁), A⁺y the minimum-norm solution (‖x_ℓ¹‖∞ ≤ ‖x_ℓ¹‖₁ ≤ ‖A⁺y‖₁).
    /// </summary>
    public static double SafeStepSize(RegressionProblem problem, Parametrization parametrization, double factor = 0.5)
    {
        Checks.NotNull(problem);
        Checks.NotNull(parametrization);
        if (!(factor > 0 && factor <= 2))
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "The safety factor must lie in (0, 2].");
        }

        double norm = SpectralNorm(problem);
        var x0 = new double[problem.Cols];
        parametrization.Forward(parametrization.InitialState(), x0);
        double scale = Math.Max(x0.Max(Math.Abs), MinimumNormL1(problem));
        return factor / (parametrization.Curvature(scale) * norm * norm);
    }

    /// <summary>‖A‖₂ by 200 power iterations on AᵀA from a fixed seeded start (slight underestimate at worst).</summary>
    public static double SpectralNorm(RegressionProblem problem)
    {
        Checks.NotNull(problem);
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

        if (o.StepSize is double eta)
        {
            Checks.Positive(eta, "options.StepSize");
        }

        if (!(o.SafetyFactor > 0 && o.SafetyFactor <= 2))
        {
            throw new ArgumentOutOfRangeException("options.SafetyFactor", o.SafetyFactor, "SafetyFactor must lie in (0, 2].");
        }

        if (o.BatchSize is int b && (b < 1 || b > problem.Rows))
        {
            throw new ArgumentOutOfRangeException("options.BatchSize", b, $"BatchSize must be in [1, m] = [1, {problem.Rows}].");
        }

        Checks.AtLeastOne(o.MaxIterations, "options.MaxIterations");
        Checks.AtLeastOne(o.Patience, "options.Patience");
        Checks.AtLeastOne(o.CheckpointsPerDecade, "options.CheckpointsPerDecade");
        if (o.EvaluateEvery < 0)
        {
            throw new ArgumentOutOfRangeException("options.EvaluateEvery", o.EvaluateEvery, "EvaluateEvery must be ≥ 0 (0: one epoch).");
        }

        if (!(o.DivergenceFactor > 1))
        {
            throw new ArgumentOutOfRangeException("options.DivergenceFactor", o.DivergenceFactor, "DivergenceFactor must be greater than 1.");
        }

        Checks.NonNegative(o.LossTolerance, "options.LossTolerance");
        Checks.NonNegative(o.GradientTolerance, "options.GradientTolerance");
        Checks.NonNegative(o.RelativeLossTolerance, "options.RelativeLossTolerance");
        Checks.NonNegative(o.RelativeGradientTolerance, "options.RelativeGradientTolerance");
        Checks.NonNegative(o.LabelNoise, "options.LabelNoise");
        Checks.PositiveOrNone(o.WallClockBudget, "options.WallClockBudget");

        if (o.HeldOut is { } heldOut && heldOut.Cols != problem.Cols)
        {
            throw new ArgumentException($"HeldOut has {heldOut.Cols} columns but A has {problem.Cols}.", "options.HeldOut");
        }

        o.References?.Validate(problem.Cols, "options.References");
    }

    private sealed class Loop(RegressionProblem problem, Parametrization p, GradientDescentOptions o,
        GradientStepper stepper, References refs, Stopwatch clock)
    {
        private readonly Trajectory _trajectory = new();
        private long _nextRecord = 1;
        private int _recordIndex;
        private long _lossEvaluations;

        /// <summary>The result, set when <see cref="Steps"/> has finished.</summary>
        public GradientDescentResult? Outcome { get; private set; }

        /// <summary>The stepper (a batch feeds its passes).</summary>
        public GradientStepper Stepper => stepper;

        public GradientDescentResult Run()
        {
            foreach (bool _ in Steps())
            {
            }

            return Outcome!;
        }

        /// <summary>The descent loop, pausing (yield) before each step so that a batch can compute the pass first.</summary>
        public IEnumerable<bool> Steps()
        {
            bool full = (o.BatchSize ?? problem.Rows) == problem.Rows && o.LabelNoise == 0;
            int evaluateEvery = o.EvaluateEvery > 0 ? o.EvaluateEvery
                : (int)Math.Ceiling(problem.Rows / (double)(o.BatchSize ?? problem.Rows));

            // Relative stopping rule: L ≤ max(LossTolerance, τ_L·½‖y‖²), ‖g‖₂ ≤ max(GradientTolerance, τ_g·‖Aᵀy‖₂).
            double yLoss = 0.5 * System.Numerics.Tensors.TensorPrimitives.SumOfSquares(problem.Y);
            double lossStop = Math.Max(o.LossTolerance, o.RelativeLossTolerance * (yLoss > 0 ? yLoss : 1.0));
            var aty = new double[problem.Cols];
            problem.MultiplyTransposed(problem.Y, aty);
            double gradientStop = Math.Max(o.GradientTolerance, o.RelativeGradientTolerance * System.Numerics.Tensors.TensorPrimitives.Norm(aty));
            double initialLoss = FullLoss();
            double loss = initialLoss;
            double limitLoss = o.DivergenceFactor * Math.Max(initialLoss, double.Epsilon);
            double bestHeldOut = double.PositiveInfinity;
            double[]? bestState = null;
            long bestIteration = 0;
            int sinceBest = 0;
            var lastGood = stepper.State.ToArray();
            long lastGoodIteration = 0;
            Record(loss);
            if (o.HeldOut is { } h0)
            {
                bestHeldOut = stepper.Loss(h0);
                bestState = stepper.State.ToArray();
            }

            while (true)
            {
                if (lossStop > 0 && loss <= lossStop)
                {
                    Outcome = Finish(SolverStatus.Success, StopReason.LossTolerance, $"loss {loss:E3} ≤ {lossStop:E3}");
                    yield break;
                }

                if (stepper.Iterations >= o.MaxIterations)
                {
                    Outcome = Finish(SolverStatus.MaxIterations, StopReason.IterationBudget,
                        $"iteration budget {o.MaxIterations} exhausted (loss {loss:E3})");
                    yield break;
                }

                if (o.WallClockBudget is TimeSpan budget && clock.Elapsed >= budget)
                {
                    Outcome = Finish(SolverStatus.TimeLimit, StopReason.WallClock, $"wall-clock budget {budget} used (loss {loss:E3})");
                    yield break;
                }

                if (o.Cancellation.IsCancellationRequested)
                {
                    Outcome = Finish(SolverStatus.Cancelled, StopReason.Cancelled, $"cancelled (loss {loss:E3}); the last state is returned");
                    yield break;
                }

                yield return true;
                double stepLoss = stepper.Step(full ? limitLoss : double.PositiveInfinity);
                long k = stepper.Iterations;
                if (full)
                {
                    // Pass 1 gave the loss at the current iterate; a bad one stops before updating, so the
                    // state before the last step is the last one that passed this check.
                    if (!(double.IsFinite(stepLoss) && stepLoss <= limitLoss))
                    {
                        Outcome = Diverged(stepLoss, k, Math.Max(0, k - 1), stepper.PreviousState.ToArray());
                        yield break;
                    }

                    loss = stepLoss; // at the iterate before this step: one step behind, but free
                    if (gradientStop > 0 && stepper.GradientNorm() <= gradientStop)
                    {
                        Outcome = Finish(SolverStatus.Success, StopReason.GradientTolerance,
                            $"‖g‖₂ = {stepper.GradientNorm():E3} ≤ {gradientStop:E3}");
                        yield break;
                    }
                }

                bool evaluate = !full && k % evaluateEvery == 0;
                if (evaluate || k >= _nextRecord)
                {
                    loss = FullLoss();
                    if (!(double.IsFinite(loss) && loss <= limitLoss))
                    {
                        Outcome = full
                            ? Diverged(loss, k, Math.Max(0, k - 1), stepper.PreviousState.ToArray())
                            : Diverged(loss, k, lastGoodIteration, lastGood);
                        yield break;
                    }

                    if (!full)
                    {
                        stepper.State.CopyTo(lastGood);
                        lastGoodIteration = k;
                    }
                }

                if (k >= _nextRecord)
                {
                    Record(loss);
                }

                if (o.HeldOut is { } heldOut && k % evaluateEvery == 0)
                {
                    double value = stepper.Loss(heldOut);
                    _lossEvaluations++;
                    if (value < bestHeldOut)
                    {
                        bestHeldOut = value;
                        stepper.State.CopyTo(bestState);
                        bestIteration = k;
                        sinceBest = 0;
                    }
                    else if (++sinceBest >= o.Patience)
                    {
                        Outcome = EarlyStop(bestState!, bestIteration, bestHeldOut);
                        yield break;
                    }
                }
            }

            // badIteration: the iterate whose loss failed the check; good: the last iterate that passed it.
            GradientDescentResult Diverged(double badLoss, long badIteration, long good, double[] state)
            {
                var x = new double[problem.Cols];
                p.Forward(state, x);
                return Result(SolverStatus.Diverged, StopReason.Diverged,
                    $"diverged at iteration {badIteration}: {(double.IsFinite(badLoss) ? "loss" : "non-finite loss")} {badLoss:E3} (initial {initialLoss:E3}, factor {o.DivergenceFactor:E0}); the last finite state (iteration {good}) is returned; lower the step size",
                    x, state, Loss(x), good, null);
            }

            GradientDescentResult EarlyStop(double[] state, long iteration, double value)
            {
                var x = new double[problem.Cols];
                p.Forward(state, x);
                return Result(SolverStatus.Success, StopReason.EarlyStopping,
                    $"held-out loss stopped improving; best {value:E3} at iteration {iteration}", x, state, Loss(x), iteration, value);
            }
        }

        private double FullLoss()
        {
            _lossEvaluations++;
            return stepper.Loss();
        }

        private double Loss(double[] x)
        {
            _lossEvaluations++;
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
            var point = new TrajectoryPoint
            {
                Time = stepper.StepSize * k,
                RescaledTime = stepper.StepSize * k / p.TimeScale,
                Iteration = k,
                Loss = loss,
                X = x,
                DistanceToL1 = References.Distance(x, refs.L1),
                DistanceToLimit = References.Distance(x, refs.Limit),
            };
            _trajectory.Add(point);
            if (o.Progress is { } progress)
            {
                progress.Report(new SolverProgress("gd", k, (double)k / o.MaxIterations,
                    string.Create(CultureInfo.InvariantCulture,
                        $"t = {point.Time:G4}, steps = {k}, loss = {loss:E2}, ‖x − x∞‖ = {(point.DistanceToLimit is double d ? d.ToString("E2", CultureInfo.InvariantCulture) : "n/a")}")));
            }

            while (_nextRecord <= k)
            {
                _recordIndex++;
                _nextRecord = Math.Max(_nextRecord + 1, (long)Math.Round(Math.Pow(10.0, _recordIndex / (double)o.CheckpointsPerDecade)));
            }
        }

        private GradientDescentResult Finish(SolverStatus status, StopReason reason, string message)
        {
            var x = stepper.X.ToArray();
            double loss = FullLoss();
            if (_trajectory.Count == 0 || _trajectory.Last.Iteration != stepper.Iterations)
            {
                Record(loss);
            }

            return Result(status, reason, message, x, stepper.State.ToArray(), loss, stepper.Iterations, null);
        }

        private GradientDescentResult Result(SolverStatus status, StopReason reason, string message, double[] x,
            double[] state, double loss, long iteration, double? heldOut) => new()
            {
                Status = status,
                Message = string.Create(CultureInfo.InvariantCulture, $"{message}; {stepper.Iterations} iterations, η = {stepper.StepSize:E3}{refs.Note}"),
                StopReason = reason,
                X = x,
                State = state,
                Loss = loss,
                Stats = new SolverStats
                {
                    Iterations = stepper.Iterations,
                    FunctionEvaluations = _lossEvaluations,
                    MatrixEvaluations = (2 * stepper.Iterations) + _lossEvaluations,
                    WallTime = clock.Elapsed,
                },
                Iteration = iteration,
                Time = stepper.StepSize * iteration,
                StepSize = stepper.StepSize,
                DistanceToLimit = References.Distance(x, refs.Limit),
                DistanceToL1 = References.Distance(x, refs.L1),
                Gain = stepper.TracksGain ? stepper.Gain.ToArray() : null,
                HeldOutLoss = heldOut ?? (o.HeldOut is null ? null : stepper.Loss(o.HeldOut)),
                Trajectory = _trajectory,
            };
    }
}
