using System.Diagnostics;
using ImplicitL1.Problems;

namespace ImplicitL1.Dynamics;

/// <summary>
/// The preallocated inner loop of (stochastic, label-noise) gradient descent θ ← θ − η∇_θL: pass 1 rᵢ = A_i·x − ỹᵢ
/// over the used rows, pass 2 g = (m/B)·Σ rᵢA_i, then one fused O(N) sweep updating θ and x (and the gain).
/// <see cref="Step"/> allocates nothing; sums run in a fixed order, so a seed fixes every bit. A full-batch step on a
/// large A (m·N ≥ <see cref="SplitEntries"/>) sums two fixed row halves separately, g = g₀ + g₁, the second half on a
/// process-wide helper thread when more than one thread is allowed and the helper is free (otherwise inline): the split
/// depends on the size only, so the bits are the same on 1 and 2 threads.
/// </summary>
internal sealed class GradientStepper
{
    /// <summary>m·N from which a full-batch step is split into two row halves.</summary>
    public const long SplitEntries = 1L << 18;

    private readonly bool _split;
    private readonly bool _parallel;
    private readonly double[] _gHalf;
    private readonly ManualResetEventSlim _halfDone = new(false);
    private double _lossHalf, _sharedLoss;
    private bool _shared;
    private readonly RegressionProblem _problem;
    private readonly Parametrization _parametrization;
    private readonly double[] _state, _previous, _x, _r, _noise, _gain;
    private double[] _g, _gNext;
    private readonly int[] _rows;
    private readonly int _batch;
    private readonly double _labelNoise;
    private readonly bool _trackGain;
    private readonly double _gainStep;
    private readonly SeededRandom _random;

    /// <summary>Creates the stepper at θ(0) of <paramref name="parametrization"/>.</summary>
    /// <param name="problem">The data (A, y).</param>
    /// <param name="parametrization">The network; its N must equal A's column count.</param>
    /// <param name="stepSize">η. Must be finite and &gt; 0.</param>
    /// <param name="batchSize">Rows per step, in [1, m]; null for full batch.</param>
    /// <param name="labelNoise">Standard deviation δ of Gaussian noise added to y at every step. Default 0.</param>
    /// <param name="seed">Seed of the row sampling and label noise.</param>
    /// <param name="trackGain">Accumulate Even et al.'s gain (balanced D = 2 and u⊙v).</param>
    /// <param name="threads">Threads a split step may use (1 or more; default all cores). The result does not depend on it.</param>
    public GradientStepper(RegressionProblem problem, Parametrization parametrization, double stepSize,
        int? batchSize = null, double labelNoise = 0.0, long seed = 0, bool trackGain = false, int? threads = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(parametrization);
        if (parametrization.Dimension != problem.Cols)
        {
            throw new ArgumentException(
                $"The parametrization has N = {parametrization.Dimension} but A has {problem.Cols} columns (A is {problem.Rows}×{problem.Cols}).",
                nameof(parametrization));
        }

        if (!(stepSize > 0) || !double.IsFinite(stepSize))
        {
            throw new ArgumentException($"The step size η must be finite and > 0 (got {stepSize}).", nameof(stepSize));
        }

        if (batchSize is int b && (b < 1 || b > problem.Rows))
        {
            throw new ArgumentException($"The batch size must be in [1, m] = [1, {problem.Rows}] (got {b}).", nameof(batchSize));
        }

        if (!(labelNoise >= 0) || !double.IsFinite(labelNoise))
        {
            throw new ArgumentException($"The label noise δ must be finite and ≥ 0 (got {labelNoise}).", nameof(labelNoise));
        }

        _problem = problem;
        _parametrization = parametrization;
        StepSize = stepSize;
        _batch = batchSize ?? problem.Rows;
        _labelNoise = labelNoise;
        _trackGain = trackGain && parametrization is BalancedParametrization { Depth: 2.0 } or ProductParametrization;
        _gainStep = parametrization is ProductParametrization ? stepSize : 2.0 * stepSize;
        _random = new SeededRandom(seed);
        _state = parametrization.InitialState();
        _previous = (double[])_state.Clone();
        _x = new double[problem.Cols];
        _r = new double[problem.Rows];
        _g = new double[problem.Cols];
        _gNext = new double[problem.Cols];
        _noise = new double[problem.Rows];
        _gain = new double[_trackGain ? problem.Cols : 0];
        _rows = Enumerable.Range(0, problem.Rows).ToArray();
        _split = _batch == problem.Rows && labelNoise == 0 && problem.Rows >= 2 && (long)problem.Rows * problem.Cols >= SplitEntries;
        _parallel = _split && (threads ?? Environment.ProcessorCount) > 1;
        _gHalf = new double[_split ? problem.Cols : 0];
        _ = _halfDone.WaitHandle; // create the kernel event now, so that a blocking Wait in Step never allocates
        parametrization.Forward(_state, _x);
    }

    /// <summary>η.</summary>
    public double StepSize { get; }

    /// <summary>Iterations taken.</summary>
    public long Iterations { get; private set; }

    /// <summary>Current weights θ.</summary>
    public ReadOnlySpan<double> State => _state;

    /// <summary>Weights before the last step (the last finite state when a step overflowed).</summary>
    public ReadOnlySpan<double> PreviousState => _previous;

    /// <summary>Current x = F(θ).</summary>
    public ReadOnlySpan<double> X => _x;

    /// <summary>The last gradient g = Aᵀr (scaled by m/B for mini-batches).</summary>
    public ReadOnlySpan<double> LastGradient => _g;

    /// <summary>True when the stepper accumulates <see cref="Gain"/>.</summary>
    public bool TracksGain => _trackGain;

    /// <summary>
    /// Even et al. (2023)'s gain per coordinate, Σₖ q(zₖ), q(z) = −½log((1−z²)²). u² − v²: zₖ = 2ηgₖ (u is multiplied
    /// by 1 − zₖ and v by 1 + zₖ at step k, so u⊙v = α·exp(−gain): GD shrinks the effective α). u⊙v: zₖ = ηgₖ (u + v is
    /// multiplied by 1 − zₖ and u − v by 1 + zₖ, so u² − v² = (u₀² − v₀²)·exp(−gain)). Empty unless tracked.
    /// </summary>
    public ReadOnlySpan<double> Gain => _gain;

    /// <summary>
    /// One step from the current θ. Returns the loss ½‖Ax − y‖² at θ before the step when the batch is full and
    /// there is no label noise (computed in pass 1 for free), NaN otherwise. When that loss is not finite or
    /// exceeds <paramref name="lossLimit"/>, θ is left unchanged and no iteration is counted.
    /// </summary>
    public double Step(double lossLimit = double.PositiveInfinity)
    {
        var a = _problem.A;
        var y = _problem.Y;
        int cols = _problem.Cols, m = _problem.Rows;
        bool full = _batch == m;
        if (_shared)
        {
            // A shared batch pass (GradientDescent.SolveBatch) already filled _gNext and the loss for this θ.
            _shared = false;
            return Apply(_sharedLoss, lossLimit, exact: true);
        }

        if (!full)
        {
            for (int k = 0; k < _batch; k++)
            {
                int j = k + _random.NextInt(m - k);
                (_rows[k], _rows[j]) = (_rows[j], _rows[k]);
            }
        }

        // One pass over the rows of the batch: rᵢ = a_iᵀx − yᵢ, then g += s·rᵢ·a_i while a_i is still in cache.
        double scale = full ? 1.0 : m / (double)_batch;
        var g = _gNext;
        g.AsSpan().Clear();
        double loss = 0.0;
        if (_split)
        {
            // Rows [m/2, m) into _gHalf (on the helper thread when it is free), rows [0, m/2) into g; then g += _gHalf.
            _halfDone.Reset();
            if (!(_parallel && HalfWorker.TryPost(this)))
            {
                Execute();
            }

            RowPass(0, m / 2, g, ref loss);
            _halfDone.Wait();
            System.Numerics.Tensors.TensorPrimitives.Add(g, _gHalf, g);
            loss += _lossHalf;
        }

        for (int k = 0; k < _batch && !_split; k++)
        {
            int i = _rows[k];
            var row = a.Slice(i * cols, cols);
            double r = StepKernels.Dot(row, _x) - y[i];
            loss += r * r;
            if (_labelNoise > 0)
            {
                r -= _labelNoise * _random.NextGaussian();
            }

            _r[k] = r;
            StepKernels.AddScaled(row, scale * r, g);
        }

        return Apply(loss, lossLimit, full && _labelNoise == 0);
    }

    /// <summary>True when a full-batch step on this A would sum two row halves (see the type).</summary>
    internal bool Splits => _split;

    /// <summary>Clears the pass buffers before a shared batch pass (<see cref="GradientDescent.SolveBatch"/>) feeds this stepper rows.</summary>
    internal void BeginShared()
    {
        _gNext.AsSpan().Clear();
        _gHalf.AsSpan().Clear();
        (_sharedLoss, _lossHalf) = (0.0, 0.0);
    }

    /// <summary>
    /// Rows [from, to) of a full-batch pass, in order, into the same buffers and with the same kernels as
    /// <see cref="Step"/>'s own pass (a split stepper's chunks must not straddle m/2), so the bits are the same.
    /// </summary>
    internal void AccumulateShared(int from, int to)
    {
        int m = _problem.Rows;
        if (_split)
        {
            if (from < m / 2)
            {
                RowPass(from, to, _gNext, ref _sharedLoss);
            }
            else
            {
                RowPass(from, to, _gHalf, ref _lossHalf);
            }

            return;
        }

        var a = _problem.A;
        var y = _problem.Y;
        int cols = _problem.Cols;
        for (int i = from; i < to; i++)
        {
            var row = a.Slice(i * cols, cols);
            double r = StepKernels.Dot(row, _x) - y[i];
            _sharedLoss += r * r;
            _r[i] = r;
            StepKernels.AddScaled(row, r, _gNext);
        }
    }

    /// <summary>Completes a batch pass: g = g₀ + g₁ for a split stepper; the next <see cref="Step"/> uses it.</summary>
    internal void EndShared()
    {
        if (_split)
        {
            System.Numerics.Tensors.TensorPrimitives.Add(_gNext, _gHalf, _gNext);
            _sharedLoss += _lossHalf;
        }

        _shared = true;
    }

    // The loss check, then g ← the pass's gradient, the gain, θ ← θ − ηg and x = F(θ).
    private double Apply(double loss, double lossLimit, bool exact)
    {
        var g = _gNext;
        if (exact && !(double.IsFinite(loss) && 0.5 * loss <= lossLimit))
        {
            return 0.5 * loss;
        }

        (_g, _gNext) = (g, _g);
        if (_trackGain)
        {
            for (int i = 0; i < _gain.Length; i++)
            {
                double z = _gainStep * _g[i];
                _gain[i] -= Math.Log(Math.Abs(1.0 - (z * z)));
            }
        }

        _state.CopyTo(_previous, 0);
        _parametrization.DescentStep(_state, _g, StepSize, _x);
        Iterations++;
        return exact ? 0.5 * loss : double.NaN;
    }

    /// <summary>The second row half of a split step (run by <see cref="HalfWorker"/> or inline).</summary>
    public void Execute()
    {
        _gHalf.AsSpan().Clear();
        _lossHalf = 0.0;
        RowPass(_problem.Rows / 2, _problem.Rows, _gHalf, ref _lossHalf);
        _halfDone.Set();
    }

    // Σᵢ rᵢ² and g += rᵢ·a_i over rows [from, to), rᵢ = a_iᵀx − yᵢ: eight rows at a time (x and g each read once per
    // eight rows), then single rows.
    private void RowPass(int from, int to, double[] g, ref double loss)
    {
        var a = _problem.A;
        var y = _problem.Y;
        int cols = _problem.Cols;
        int i = from;
        const int block = StepKernels.BlockRows;
        for (; i + block <= to; i += block)
        {
            var rows = a.Slice(i * cols, block * cols);
            var r = _r.AsSpan(i, block);
            StepKernels.DotBlock(rows, cols, _x, r);
            for (int k = 0; k < block; k++)
            {
                r[k] -= y[i + k];
                loss += r[k] * r[k];
            }

            StepKernels.AddScaledBlock(rows, cols, r, g, i + (2 * block) <= to ? a.Slice((i + block) * cols, block * cols) : default);
        }

        RowTail(i, to, g, ref loss);
    }

    // The rows of RowPass past its last whole block, one at a time.
    private void RowTail(int from, int to, double[] g, ref double loss)
    {
        var a = _problem.A;
        var y = _problem.Y;
        int cols = _problem.Cols;
        for (int i = from; i < to; i++)
        {
            var row = a.Slice(i * cols, cols);
            double r = StepKernels.Dot(row, _x) - y[i];
            loss += r * r;
            _r[i] = r;
            StepKernels.AddScaled(row, r, g);
        }
    }

    /// <summary>
    /// <see cref="AccumulateShared"/> for two split steppers of one problem at once: each block of A is loaded once for
    /// both (<see cref="StepKernels.DotBlockPair"/>, <see cref="StepKernels.AddScaledBlockPair"/>), and each stepper
    /// gets the bits of its own call.
    /// </summary>
    internal static void AccumulateSharedPair(GradientStepper p, GradientStepper q, int from, int to)
    {
        if (!p._split || !q._split || !ReferenceEquals(p._problem, q._problem))
        {
            throw new ArgumentException("A shared pair needs two split steppers of one problem.", nameof(q));
        }

        var a = p._problem.A;
        var y = p._problem.Y;
        int cols = p._problem.Cols;
        bool first = from < p._problem.Rows / 2;
        var (gp, gq) = first ? (p._gNext, q._gNext) : (p._gHalf, q._gHalf);
        ref double lp = ref first ? ref p._sharedLoss : ref p._lossHalf;
        ref double lq = ref first ? ref q._sharedLoss : ref q._lossHalf;
        int i = from;
        const int block = StepKernels.BlockRows;
        for (; i + block <= to; i += block)
        {
            var rows = a.Slice(i * cols, block * cols);
            var rp = p._r.AsSpan(i, block);
            var rq = q._r.AsSpan(i, block);
            StepKernels.DotBlockPair(rows, cols, p._x, q._x, rp, rq);
            for (int k = 0; k < block; k++)
            {
                rp[k] -= y[i + k];
                lp += rp[k] * rp[k];
                rq[k] -= y[i + k];
                lq += rq[k] * rq[k];
            }

            StepKernels.AddScaledBlockPair(rows, cols, rp, rq, gp, gq);
        }

        p.RowTail(i, to, gp, ref lp);
        q.RowTail(i, to, gq, ref lq);
    }

    /// <summary>½‖Ax − y‖² at the current θ (one pass over A).</summary>
    public double Loss() => Loss(_problem);

    /// <summary>½‖Bx − z‖² at the current x for other data (B, z) with the same N (e.g. a held-out set).</summary>
    public double Loss(RegressionProblem data)
    {
        var a = data.A;
        var y = data.Y;
        int cols = data.Cols;
        double sum = 0.0;
        for (int i = 0; i < data.Rows; i++)
        {
            double r = StepKernels.Dot(a.Slice(i * cols, cols), _x) - y[i];
            sum += r * r;
        }

        return 0.5 * sum;
    }

    /// <summary>‖g‖₂ of the last step.</summary>
    public double GradientNorm() => Math.Sqrt(StepKernels.Dot(_g, _g));
}

/// <summary>
/// One process-wide background thread that computes the second row half of a split GD step, so a step never waits on
/// the thread pool (a parallel sweep's pool threads would starve it). Busy: the caller does the half itself.
/// Posting and waking allocate nothing.
/// </summary>
internal static class HalfWorker
{
    private static readonly SemaphoreSlim Start = new(0);
    private static readonly Lazy<Thread> Thread = new(() =>
    {
        var t = new Thread(Loop) { IsBackground = true, Name = "ImplicitL1 GD half" };
        t.Start();
        return t;
    });

    private static readonly long SpinTicks = Stopwatch.Frequency / 5_000; // 200 µs

    private static GradientStepper? _job;
    private static int _busy;

    /// <summary>Hands the second half of <paramref name="stepper"/>'s step to the helper; false when it is busy.</summary>
    public static bool TryPost(GradientStepper stepper)
    {
        if (Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            return false;
        }

        _ = Thread.Value;
        Volatile.Write(ref _job, stepper);
        Start.Release();
        return true;
    }

    private static void Loop()
    {
        while (true)
        {
            // Steps follow each other within microseconds: look for the next post for up to SpinTicks (yielding the
            // core to anyone else who wants it) before blocking, so a run of steps wakes the thread once, not per step.
            long until = Stopwatch.GetTimestamp() + SpinTicks;
            var spin = default(SpinWait);
            while (Start.CurrentCount == 0 && Stopwatch.GetTimestamp() < until)
            {
                spin.SpinOnce(sleep1Threshold: -1);
            }

            Start.Wait();
            var job = Volatile.Read(ref _job)!;
            Volatile.Write(ref _job, null);
            Volatile.Write(ref _busy, 0);
            job.Execute();
        }
    }
}
