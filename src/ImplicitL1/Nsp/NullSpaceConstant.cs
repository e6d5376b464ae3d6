using ImplicitL1.BasisPursuit;
using ImplicitL1.Problems;

namespace ImplicitL1.Nsp;

/// <summary>
/// ρ_s (docs/theory.md §3) [reconstructed]. Exact: |T| = s suffices (enlarging T only raises the ratio), and for each T
/// ρ(T) = max_ε max { ⟨ε, v_T⟩ : Av = 0, ‖v_{Tᶜ}‖₁ ≤ 1 }, one LP per sign pattern ε with ε₁ = +1 (v ↦ −v), i.e.
/// C(N,s)·2^{s−1} LPs. Bounds for larger N: a lower bound by LP ascent from greedy and sampled supports, an upper
/// bound from the N single-coordinate LPs cⱼ = max { vⱼ : Av = 0, ‖v_{{j}ᶜ}‖₁ ≤ 1 }: with βⱼ = cⱼ/(1+cⱼ),
/// |vⱼ| ≤ βⱼ‖v‖₁ for every v ∈ ker A, so ‖v_T‖₁ ≤ B‖v‖₁ with B the sum of the s largest βⱼ, and B &lt; 1 gives
/// ρ_s ≤ B/(1−B) (exact for s = 1).
/// </summary>
public static class NullSpaceConstant
{
    /// <summary>C(N,s)·2^{s−1}, the LPs of exact enumeration (saturates at long.MaxValue).</summary>
    public static long ExactLpCount(int n, int order)
    {
        double count = 1;
        for (int k = 0; k < order; k++)
        {
            count = count * (n - k) / (k + 1);
        }

        count *= Math.Pow(2, order - 1);
        return count >= long.MaxValue ? long.MaxValue : (long)Math.Round(count);
    }

    /// <summary>Exact ρ_s by enumeration.</summary>
    /// <exception cref="ArgumentOutOfRangeException">order outside [1, N−1], or more LPs than <see cref="NspOptions.ExactLpLimit"/> (the message gives the count and points to <see cref="Bounds"/>).</exception>
    public static NspResult Compute(RegressionProblem problem, int order, NspOptions? options = null, IProgress<double>? progress = null)
    {
        options = Validate(problem, order, options);
        long count = ExactLpCount(problem.Cols, order);
        if (count > options.ExactLpLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(order), order,
                $"Exact ρ_{order} for N = {problem.Cols} needs C({problem.Cols},{order})·2^{order - 1} = {count} LPs, above the limit of {options.ExactLpLimit}. " +
                "Use NullSpaceConstant.Bounds for certified lower and upper bounds, or raise NspOptions.ExactLpLimit.");
        }

        return Enumerate(problem, order, options, progress, stopAtOne: false);
    }

    /// <summary>Exact ρ_s when within <see cref="NspOptions.ExactLpLimit"/>, otherwise <see cref="Bounds"/> (what `nsp --order s` reports).</summary>
    public static NspResult Evaluate(RegressionProblem problem, int order, NspOptions? options = null, IProgress<double>? progress = null)
    {
        options = Validate(problem, order, options);
        long count = ExactLpCount(problem.Cols, order);
        if (count <= options.ExactLpLimit)
        {
            return Enumerate(problem, order, options, progress, stopAtOne: false);
        }

        var bounds = Bounds(problem, order, options, progress);
        return bounds with { Message = $"exact enumeration refused ({count} LPs > limit {options.ExactLpLimit}); " + bounds.Message };
    }

    /// <summary>
    /// Does A have the stable NSP of order s (ρ_s &lt; 1)? Exact enumeration that stops at the first ρ(T) ≥ 1, so the
    /// returned value is ρ_s only when the answer is yes (LpsSolved then depends on scheduling). Above the LP limit
    /// the bounds decide, and HasNsp is null when they straddle 1.
    /// </summary>
    public static NspResult HasNsp(RegressionProblem problem, int order, NspOptions? options = null, IProgress<double>? progress = null)
    {
        options = Validate(problem, order, options);
        return ExactLpCount(problem.Cols, order) <= options.ExactLpLimit
            ? Enumerate(problem, order, options, progress, stopAtOne: true)
            : Bounds(problem, order, options, progress);
    }

    /// <summary>Certified bounds Lower ≤ ρ_s ≤ Upper (see the class summary); Exact is false and RhoS null.</summary>
    public static NspResult Bounds(RegressionProblem problem, int order, NspOptions? options = null, IProgress<double>? progress = null)
    {
        options = Validate(problem, order, options);
        int n = problem.Cols;

        // Upper bound: the N single-coordinate LPs.
        var single = new (double Value, double[] V, bool Ok)[n];
        RunParallel(n, options, j =>
        {
            var (value, v, lp) = Varrho.NullSpaceLp(problem, [j], [1]);
            single[j] = lp.Unbounded ? (double.PositiveInfinity, [], true) : (value, v, lp.Optimal);
            return false;
        }, progress, 0.0, 0.3);
        bool failed = single.Any(r => !r.Ok);
        var betas = single.Select(r => double.IsPositiveInfinity(r.Value) ? 1.0 : Math.Max(0.0, r.Value) / (1.0 + Math.Max(0.0, r.Value)))
            .OrderByDescending(b => b).ToArray();
        double sumB = betas.Take(order).Sum();
        double upper = sumB < 1.0 && !failed ? sumB / (1.0 - sumB) : double.PositiveInfinity;

        // Lower bound: ascent from each single-coordinate maximizer and from sampled supports.
        var rng = new SeededRandom(options.Seed);
        var starts = new List<double[]>();
        foreach (var r in single)
        {
            if (r.V.Length == n)
            {
                starts.Add(r.V);
            }
        }

        for (int k = 0; k < options.Samples; k++)
        {
            var v = new double[n];
            for (int i = 0; i < n; i++)
            {
                v[i] = rng.NextGaussian();
            }

            starts.Add(v);
        }

        var ascents = new Ascent[starts.Count];
        RunParallel(starts.Count, options, k =>
        {
            ascents[k] = Ascend(problem, order, starts[k], options.AscentSteps);
            return false;
        }, progress, 0.3, 1.0);
        failed |= ascents.Any(a => a.Failed);
        var best = ascents[0];
        foreach (var a in ascents)
        {
            if (a.Value > best.Value)
            {
                best = a;
            }
        }

        long lps = n + ascents.Sum(a => (long)a.Lps);
        if (double.IsPositiveInfinity(best.Value))
        {
            upper = double.PositiveInfinity;
        }

        return new NspResult
        {
            Order = order,
            RhoS = null,
            Exact = false,
            Lower = best.Value,
            Upper = Math.Max(upper, best.Value),
            LpsSolved = lps,
            Status = failed ? SolverStatus.NumericalTrouble : SolverStatus.Success,
            Message = $"bounds, not ρ_{order}: lower = best of {starts.Count} LP ascents (greedy from the N single-coordinate maximizers, {options.Samples} sampled), " +
                $"upper = B/(1−B) with B = {sumB:R} the sum of the {order} largest cⱼ/(1+cⱼ); {lps} LPs" + (failed ? "; some LPs failed" : string.Empty),
            WorstSupport = best.Support,
            WorstVector = best.Vector,
        };
    }

    private readonly record struct Ascent(double Value, int[] Support, double[] Vector, int Lps, bool Failed);

    // T ← the s largest |vᵢ| (ties by index), ε ← sign(v_T), solve the LP; stop when T no longer changes. The ratio never decreases.
    private static Ascent Ascend(RegressionProblem problem, int order, double[] start, int steps)
    {
        var v = start;
        Ascent best = new(double.NegativeInfinity, [], [], 0, false);
        int lps = 0;
        int[]? previous = null;
        for (int step = 0; step < steps; step++)
        {
            var support = Enumerable.Range(0, v.Length).OrderByDescending(i => Math.Abs(v[i])).ThenBy(i => i).Take(order).Order().ToArray();
            if (previous is not null && support.SequenceEqual(previous))
            {
                break;
            }

            var signs = support.Select(i => v[i] < 0 ? -1 : 1).ToArray();
            var (value, next, lp) = Varrho.NullSpaceLp(problem, support, signs);
            lps++;
            if (lp.Unbounded)
            {
                return new Ascent(double.PositiveInfinity, support, [], lps, false);
            }

            if (!lp.Optimal)
            {
                return best with { Lps = lps, Failed = true };
            }

            if (value > best.Value)
            {
                best = new Ascent(value, support, next, lps, false);
            }

            previous = support;
            v = next;
        }

        return best with { Lps = lps };
    }

    private static NspResult Enumerate(RegressionProblem problem, int order, NspOptions options, IProgress<double>? progress, bool stopAtOne)
    {
        int n = problem.Cols;
        var supports = Combinations(n, order);
        int patterns = 1 << (order - 1);
        var values = new double[supports.Count];
        var vectors = new double[supports.Count][];
        var solved = new int[supports.Count];
        var failed = new bool[supports.Count];
        values.AsSpan().Fill(double.NaN);
        bool stopped = RunParallel(supports.Count, options, t =>
        {
            var support = supports[t];
            double best = double.NegativeInfinity;
            double[] bestV = [];
            var signs = new int[order];
            for (int p = 0; p < patterns; p++)
            {
                signs[0] = 1;
                for (int k = 1; k < order; k++)
                {
                    signs[k] = ((p >> (k - 1)) & 1) == 0 ? 1 : -1;
                }

                var (value, v, lp) = Varrho.NullSpaceLp(problem, support, signs);
                solved[t]++;
                if (lp.Unbounded)
                {
                    best = double.PositiveInfinity;
                    bestV = [];
                    break;
                }

                if (!lp.Optimal)
                {
                    failed[t] = true;
                    continue;
                }

                if (value > best)
                {
                    best = value;
                    bestV = v;
                }
            }

            values[t] = best;
            vectors[t] = bestV;
            return stopAtOne && best >= 1.0;
        }, progress, 0.0, 1.0);

        // Deterministic reduction: largest value, ties to the first support in lexicographic order.
        int arg = -1;
        for (int t = 0; t < values.Length; t++)
        {
            if (!double.IsNaN(values[t]) && (arg < 0 || values[t] > values[arg]))
            {
                arg = t;
            }
        }

        long lps = solved.Sum(c => (long)c);
        bool anyFailed = failed.Any(f => f);
        double rho = values[arg];
        bool complete = !stopped;
        string what = complete ? $"exact ρ_{order} by enumerating C({n},{order}) = {supports.Count} supports × {patterns} sign patterns"
            : $"stopped at the first support with ρ(T) ≥ 1, so ρ_{order} ≥ {rho:R} (not the exact value)";
        return new NspResult
        {
            Order = order,
            RhoS = complete ? rho : null,
            Exact = complete,
            Lower = rho,
            Upper = complete ? rho : double.PositiveInfinity,
            LpsSolved = lps,
            Status = anyFailed ? SolverStatus.NumericalTrouble : SolverStatus.Success,
            Message = what + $"; {lps} LPs" + (anyFailed ? "; some LPs failed, so the value covers only the solved ones" : string.Empty),
            WorstSupport = supports[arg],
            WorstVector = vectors[arg],
        };
    }

    // Runs body(0..count−1) in parallel; body returns true to request a stop. Returns true if stopped early.
    private static bool RunParallel(int count, NspOptions options, Func<int, bool> body, IProgress<double>? progress, double from, double to)
    {
        int done = 0;
        int every = Math.Max(1, count / 100);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism ?? -1 };
        var loop = Parallel.For(0, count, parallel, (i, state) =>
        {
            if (body(i))
            {
                state.Stop();
            }

            int d = Interlocked.Increment(ref done);
            if (progress is not null && (d % every == 0 || d == count))
            {
                progress.Report(from + ((to - from) * d / count));
            }
        });
        return !loop.IsCompleted;
    }

    /// <summary>All s-subsets of {0..N−1} in lexicographic order.</summary>
    internal static List<int[]> Combinations(int n, int s)
    {
        var result = new List<int[]>();
        var c = Enumerable.Range(0, s).ToArray();
        while (true)
        {
            result.Add((int[])c.Clone());
            int k = s - 1;
            while (k >= 0 && c[k] == n - s + k)
            {
                k--;
            }

            if (k < 0)
            {
                return result;
            }

            c[k]++;
            for (int j = k + 1; j < s; j++)
            {
                c[j] = c[j - 1] + 1;
            }
        }
    }

    private static NspOptions Validate(RegressionProblem problem, int order, NspOptions? options)
    {
        ArgumentNullException.ThrowIfNull(problem);
        options ??= new NspOptions();
        if (order < 1 || order >= problem.Cols)
        {
            throw new ArgumentOutOfRangeException(nameof(order), order,
                $"The order s must be in [1, N − 1] = [1, {problem.Cols - 1}] (for s = N, Tᶜ is empty).");
        }

        if (options.ExactLpLimit < 1 || options.Samples < 0 || options.AscentSteps < 1 || options.MaxDegreeOfParallelism is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options,
                "NspOptions: ExactLpLimit ≥ 1, Samples ≥ 0, AscentSteps ≥ 1 and MaxDegreeOfParallelism ≥ 1 (or null) are required.");
        }

        return options;
    }
}
