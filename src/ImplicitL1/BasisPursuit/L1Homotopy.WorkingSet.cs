using System.Numerics.Tensors;
using ImplicitL1.LinearAlgebra;

namespace ImplicitL1.BasisPursuit;

/// <summary>A path on a working set: the last run, the final W, steps and rounds in all, passes over the outside columns.</summary>
internal sealed record WorkingPath(HomotopyResult Path, List<int> Working, long Steps, int Rounds, long Passes);

/// <summary>The homotopy on a working set of columns of a larger matrix, grown until no outside column violates.</summary>
internal static partial class L1Homotopy
{
    /// <summary>Columns with |M_jᵀr| ≥ this·λ join W along with a violator: 0.8.</summary>
    private const double NearViolation = 0.8;

    /// <summary>
    /// The homotopy on the columns W of a larger M (<paramref name="totalColumns"/> of them, M_W written by
    /// <paramref name="fill"/>): every column outside W is priced by <paramref name="correlate"/> (r ↦ Mᵀr, one pass),
    /// and when some violate, the most violating <paramref name="batch"/> join W and the path resumes from its last
    /// checked state. The result's X and Active index <see cref="WorkingPath.Working"/>.
    /// </summary>
    public static WorkingPath SolveWorking(Action<IReadOnlyList<int>, Span<double>> fill, int rows, double[] b, List<int> initial,
        int totalColumns, Action<double[], double[]> correlate, Func<int, bool> eligible, double tolerance, int batch,
        int maxRounds, HomotopyOptions options)
    {
        // W only grows, by appending: block positions (and so checkpoints) stay valid from round to round, and the
        // block and the factor are reused rather than rebuilt.
        var working = new List<int>(initial);
        var block = new double[(long)rows * Math.Min(totalColumns, working.Count + batch)];
        fill(working, block.AsSpan(0, rows * working.Count));
        var factor = new ActiveSetCholesky(Math.Min(rows, totalColumns));
        var snapshot = new ActiveSetCholesky(factor.Capacity);
        var inWorking = new bool[totalColumns];
        var score = new double[totalColumns];
        HomotopyStart? start = null;
        long steps = 0, passes = 0;
        for (int round = 1; ; round++)
        {
            foreach (int j in working)
            {
                inWorking[j] = true;
            }

            IReadOnlyList<int> Outside(double lambda, double[] r)
            {
                correlate(r, score);
                passes++;
                TensorPrimitives.Abs(score, score);
                var violating = ScaledColumns.TopK(score, 1, j => !inWorking[j] && eligible(j), lambda * (1 + tolerance));
                // With one violator, the columns nearest to violating join too (they are the next to enter).
                return violating.Count == 0 ? violating : ScaledColumns.TopK(score, batch, j => !inWorking[j] && eligible(j), lambda * NearViolation);
            }

            // A check costs one pass over all columns, a breakpoint one over W's; a violation found k breakpoints late
            // costs ≤ k redone breakpoints. Checking every 8·N/|W| breakpoints keeps both small.
            int every = Math.Clamp(8 * totalColumns / Math.Max(1, working.Count), 4, 128);
            var path = Solve(block, rows, working.Count, b, options with { Outside = Outside, CheckEvery = every, Start = start, Snapshot = snapshot }, factor);
            steps += path.Steps;
            options.Progress?.Report(new SolverProgress(options.Stage, round, null,
                $"{options.Stage} homotopy round {round}: {working.Count} of {totalColumns} columns, {path.Steps} steps, {(path.Reached ? $"ended with {path.Active.Length} active" : $"stopped ({path.Why})")}"));
            if (path.Violators.Count == 0 || round >= maxRounds)
            {
                return new WorkingPath(path, working, steps, round, passes);
            }

            start = path.Checkpoint;
            int old = working.Count;
            working.AddRange(path.Violators);
            if ((long)rows * working.Count > block.Length)
            {
                var grown = new double[(long)rows * Math.Min(totalColumns, working.Count + Math.Max(batch, working.Count / 2))];
                block.AsSpan(0, rows * old).CopyTo(grown);
                block = grown;
            }

            fill(path.Violators, block.AsSpan(rows * old, rows * path.Violators.Count));
        }
    }
}
