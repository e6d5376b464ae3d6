using ImplicitL1.BasisPursuit;
using ImplicitL1.LinearAlgebra;
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

    /// <summary>ρ_s as <see cref="NspOptions.Mode"/> asks: exact, exact-or-bounds, the NSP decision, or bounds.</summary>
    /// <remarks>
    /// A kernel vector supported on at most s coordinates (a zero column, or for s ≥ 2 two parallel columns, or any
    /// rank-deficient A_T with |T| ≤ s met by the enumeration) makes ρ_s = +∞ exactly: v_{Tᶜ} = 0 with v_T ≠ 0. This
    /// is decided before any LP, since GLOP reports such unbounded LPs unreliably.
    /// </remarks>
    /// <exception cref="ArgumentNullException">A null argument.</exception>
    /// <exception cref="ArgumentOutOfRangeException">options.Order outside [1, N−1], another option out of range, or (Mode Exact) more LPs than <see cref="NspOptions.ExactLpLimit"/> (the message gives the count).</exception>
    public static NspResult Solve(RegressionProblem problem, NspOptions options)
    {
        Validate(problem, options);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int order = options.Order;
        long count = ExactLpCount(problem.Cols, order);
        if (options.Mode == NspMode.Exact && count > options.ExactLpLimit)
        {
            throw new ArgumentOutOfRangeException("options.Order", order,
                $"Exact ρ_{order} for N = {problem.Cols} needs C({problem.Cols},{order})·2^{order - 1} = {count} LPs, above the limit of {options.ExactLpLimit}. " +
                "Use NspMode.Bounds for certified lower and upper bounds, or raise NspOptions.ExactLpLimit.");
        }

        NspResult result;
        if (SmallKernelVector(problem, order) is { } degenerate)
        {
            result = degenerate;
        }
        else
        {
            bool enumerate = options.Mode switch
            {
                NspMode.Exact => true,
                NspMode.Bounds => false,
                _ => count <= options.ExactLpLimit,
            };
            result = enumerate
                ? Enumerate(problem, order, options, stopAtOne: options.Mode == NspMode.Decide)
                : Bounds(problem, order, options);
            if (!enumerate && options.Mode == NspMode.Auto)
            {
                result = result with { Message = $"exact enumeration refused ({count} LPs > limit {options.ExactLpLimit}); " + result.Message };
            }
        }

        return result with { Stats = result.Stats with { WallTime = clock.Elapsed } };
    }

    // ρ_s = +∞ exactly when ker A holds a vector supported on ≤ s coordinates; checked here for a zero column
    // (support 1) and, for s ≥ 2, a pair of parallel columns a_j ∥ a_k (support 2: v = ‖a_k‖a_j ∓ ‖a_j‖a_k direction).
    private static NspResult? SmallKernelVector(RegressionProblem problem, int order)
    {
        int m = problem.Rows, n = problem.Cols;
        var columns = new double[n][];
        var norms = new double[n];
        for (int j = 0; j < n; j++)
        {
            columns[j] = new double[m];
            for (int i = 0; i < m; i++)
            {
                columns[j][i] = problem[i, j];
            }

            norms[j] = System.Numerics.Tensors.TensorPrimitives.Norm(columns[j]);
        }

        double scale = norms.Max();
        for (int j = 0; j < n; j++)
        {
            if (norms[j] <= 1e-14 * scale)
            {
                var v = new double[n];
                v[j] = 1.0;
                return Infinite(order, Pad([j], order, n), v, $"column {j} of A is zero, so e_{j} ∈ ker A and ρ_{order} = +∞ exactly (no LP needed)");
            }
        }

        if (order >= 2)
        {
            for (int j = 0; j < n; j++)
            {
                for (int k = j + 1; k < n; k++)
                {
                    double cosine = System.Numerics.Tensors.TensorPrimitives.Dot(columns[j], columns[k]) / (norms[j] * norms[k]);
                    if (Math.Abs(cosine) >= 1.0 - 1e-14)
                    {
                        var v = new double[n];
                        v[j] = norms[k];
                        v[k] = -Math.Sign(cosine) * norms[j];
                        return Infinite(order, Pad([j, k], order, n), v,
                            $"columns {j} and {k} of A are parallel, so a kernel vector is supported on 2 ≤ s coordinates and ρ_{order} = +∞ exactly (no LP needed)");
                    }
                }
            }
        }

        return null;
    }

    // The support T attaining +∞: the given coordinates, filled up to s with the smallest other indices.
    private static int[] Pad(int[] core, int order, int n) =>
        [.. core.Concat(Enumerable.Range(0, n).Where(i => !core.Contains(i)).Take(order - core.Length)).Order()];

    private static NspResult Infinite(int order, int[] support, double[] v, string message) => new()
    {
        Order = order,
        RhoS = double.PositiveInfinity,
        Exact = true,
        Lower = double.PositiveInfinity,
        Upper = double.PositiveInfinity,
        Stats = SolverStats.Empty,
        Status = SolverStatus.Success,
        Message = message,
        WorstSupport = support,
        WorstVector = v,
    };

    // Certified bounds Lower ≤ ρ_s ≤ Upper (see the class summary); Exact is false and RhoS null.
    private static NspResult Bounds(RegressionProblem problem, int order, NspOptions options)
    {
        int n = problem.Cols;
        long lpIterations = 0;

        // Upper bound: the N single-coordinate LPs.
        var single = new (double Value, double[] V, bool Ok)[n];
        bool cancelled = RunParallel(n, options, j =>
        {
            var (value, v, lp) = Varrho.NullSpaceLp(problem, [j], [1]);
            Interlocked.Add(ref lpIterations, lp.Iterations);
            single[j] = lp.Unbounded ? (double.PositiveInfinity, [], true) : (value, v, lp.Optimal);
            return false;
        }, "nsp bounds", 0.0, 0.3);
        if (cancelled)
        {
            return Cancelled(order, n, lpIterations);
        }

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
        cancelled = RunParallel(starts.Count, options, k =>
        {
            ascents[k] = Ascend(problem, order, starts[k], options.AscentSteps);
            Interlocked.Add(ref lpIterations, ascents[k].LpIterations);
            return false;
        }, "nsp bounds", 0.3, 1.0);
        if (cancelled)
        {
            return Cancelled(order, n + ascents.Sum(a => (long)a.Lps), lpIterations);
        }

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
            Stats = new SolverStats { Iterations = starts.Count, LinearPrograms = lps, LpIterations = lpIterations },
            Status = failed ? SolverStatus.NumericalTrouble : SolverStatus.Success,
            Message = $"bounds, not ρ_{order}: lower = best of {starts.Count} LP ascents (greedy from the N single-coordinate maximizers, {options.Samples} sampled), " +
                $"upper = B/(1−B) with B = {sumB:R} the sum of the {order} largest cⱼ/(1+cⱼ); {lps} LPs" + (failed ? "; some LPs failed" : string.Empty),
            WorstSupport = best.Support,
            WorstVector = best.Vector,
        };
    }

    private readonly record struct Ascent(double Value, int[] Support, double[] Vector, int Lps, bool Failed, long LpIterations = 0);

    // T ← the s largest |vᵢ| (ties by index), ε ← sign(v_T), solve the LP; stop when T no longer changes. The ratio never decreases.
    private static Ascent Ascend(RegressionProblem problem, int order, double[] start, int steps)
    {
        var v = start;
        Ascent best = new(double.NegativeInfinity, [], [], 0, false);
        int lps = 0;
        long iterations = 0;
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
            iterations += lp.Iterations;
            if (lp.Unbounded)
            {
                return new Ascent(double.PositiveInfinity, support, [], lps, false, iterations);
            }

            if (!lp.Optimal)
            {
                return best with { Lps = lps, Failed = true, LpIterations = iterations };
            }

            if (value > best.Value)
            {
                best = new Ascent(value, support, next, lps, false);
            }

            previous = support;
            v = next;
        }

        return best with { Lps = lps, LpIterations = iterations };
    }

    private static NspResult Enumerate(RegressionProblem problem, int order, NspOptions options, bool stopAtOne)
    {
        long lpIterations = 0;
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

            // A rank-deficient A_T holds a kernel vector with v_{Tᶜ} = 0: ρ(T) = +∞ exactly, without an LP.
            if (!DenseColumns.HasFullColumnRank(DenseColumns.Select(problem, support), 1e-12))
            {
                values[t] = double.PositiveInfinity;
                vectors[t] = [];
                return stopAtOne;
            }

            for (int p = 0; p < patterns; p++)
            {
                signs[0] = 1;
                for (int k = 1; k < order; k++)
                {
                    signs[k] = ((p >> (k - 1)) & 1) == 0 ? 1 : -1;
                }

                var (value, v, lp) = Varrho.NullSpaceLp(problem, support, signs);
                solved[t]++;
                Interlocked.Add(ref lpIterations, lp.Iterations);
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
        }, "nsp exact", 0.0, 1.0);
        bool cancelled = options.Cancellation.IsCancellationRequested;

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
        if (arg < 0)
        {
            return Cancelled(order, lps, lpIterations);
        }

        bool anyFailed = failed.Any(f => f);
        double rho = values[arg];
        bool complete = !stopped;
        string what = complete ? $"exact ρ_{order} by enumerating C({n},{order}) = {supports.Count} supports × {patterns} sign patterns"
            : cancelled ? $"cancelled after {values.Count(v => !double.IsNaN(v))} of {supports.Count} supports, so ρ_{order} ≥ {rho:R} (not the exact value)"
            : $"stopped at the first support with ρ(T) ≥ 1, so ρ_{order} ≥ {rho:R} (not the exact value)";
        return new NspResult
        {
            Order = order,
            RhoS = complete ? rho : null,
            Exact = complete,
            Lower = rho,
            Upper = complete ? rho : double.PositiveInfinity,
            Stats = new SolverStats { Iterations = values.Count(v => !double.IsNaN(v)), LinearPrograms = lps, LpIterations = lpIterations },
            Status = cancelled ? SolverStatus.Cancelled : anyFailed ? SolverStatus.NumericalTrouble : SolverStatus.Success,
            Message = what + $"; {lps} LPs" + (anyFailed ? "; some LPs failed, so the value covers only the solved ones" : string.Empty),
            WorstSupport = supports[arg],
            WorstVector = vectors[arg],
        };
    }

    // Runs body(0..count−1) in parallel; body returns true to request a stop; cancellation stops too. Returns true if stopped early.
    private static bool RunParallel(int count, NspOptions options, Func<int, bool> body, string stage, double from, double to)
    {
        int done = 0;
        int every = Math.Max(1, count / 100);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism ?? -1 };
        var loop = Parallel.For(0, count, parallel, (i, state) =>
        {
            if (options.Cancellation.IsCancellationRequested || body(i))
            {
                state.Stop();
                return;
            }

            int d = Interlocked.Increment(ref done);
            if (options.Progress is { } progress && (d % every == 0 || d == count))
            {
                progress.Report(new SolverProgress(stage, d, from + ((to - from) * d / count), $"{d} of {count}"));
            }
        });
        return !loop.IsCompleted;
    }

    private static NspResult Cancelled(int order, long lps, long lpIterations) => new()
    {
        Order = order,
        RhoS = null,
        Exact = false,
        Lower = double.NegativeInfinity,
        Upper = double.PositiveInfinity,
        Stats = new SolverStats { LinearPrograms = lps, LpIterations = lpIterations },
        Status = SolverStatus.Cancelled,
        Message = $"cancelled before a value was known; {lps} LPs",
        WorstSupport = [],
        WorstVector = [],
    };

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

    private static void Validate(RegressionProblem problem, NspOptions options)
    {
        Checks.NotNull(problem);
        Checks.NotNull(options);
        int order = options.Order;
        if (order < 1 || order >= problem.Cols)
        {
            throw new ArgumentOutOfRangeException("options.Order", order,
                $"The order s must be in [1, N − 1] = [1, {problem.Cols - 1}] (for s = N, Tᶜ is empty).");
        }

        Checks.AtLeastOne(options.ExactLpLimit, "options.ExactLpLimit");
        Checks.AtLeastOne(options.AscentSteps, "options.AscentSteps");
        if (options.Samples < 0)
        {
            throw new ArgumentOutOfRangeException("options.Samples", options.Samples, "Samples must be ≥ 0.");
        }

        if (options.MaxDegreeOfParallelism is int p)
        {
            Checks.AtLeastOne(p, "options.MaxDegreeOfParallelism");
        }
    }
}
