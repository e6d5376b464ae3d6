using System.Diagnostics;
using System.Numerics.Tensors;
using ImplicitL1.Problems;

namespace ImplicitL1.BasisPursuit;

/// <summary>The homotopy method of <see cref="BasisPursuitSolver"/> and its fallback to the LP working set.</summary>
public static partial class BasisPursuitSolver
{
    /// <summary>Working-set rounds (restarts with more columns) before the LP fallback.</summary>
    private const int HomotopyRounds = 40;

    /// <summary>A column outside W violates when |Â_jᵀr| &gt; λ(1 + tol): 1e-12.</summary>
    private const double OutsideTolerance = 1e-12;

    // x̂ = homotopy BP on Â_W (Â = A/a, ŷ = y/max|y|), W grown until no column of Â violates along the path or at its
    // end (so the end's θ certifies on all N) → x = x̂·max|y|/a → Finish (polish, ϱ over all N, Verify). Anything short
    // of a certified unique answer with rank(A) = m certified goes to the LP working set, which analyzes the rows and
    // settles ties and non-uniqueness.
    private static BasisPursuitResult SolveByHomotopy(RegressionProblem problem, BasisPursuitOptions options, Stopwatch clock)
    {
        int m = problem.Rows, n = problem.Cols;
        bool notOver = !problem.IsOverparameterized;
        var scaled = new ScaledColumns(problem);
        double yMax = Math.Abs(TensorPrimitives.MaxMagnitude(problem.Y));
        var yHat = new double[m];
        TensorPrimitives.Multiply(problem.Y, yMax > 0 ? 1.0 / yMax : 1.0, yHat);
        string why = "y = 0";
        var spent = SolverStats.Empty;
        if (yMax > 0)
        {
            var scratch = new double[m];
            var run = L1Homotopy.SolveWorking((w, block) => scaled.ColumnMajor(w, m, block), m, yHat, InitialColumns(problem, options), n,
                (r, g) => scaled.MultiplyTransposed(r, g, scratch), _ => true, OutsideTolerance, Math.Max(32, m / 2),
                HomotopyRounds, new HomotopyOptions { Stage = "bp", Progress = options.Progress });
            var path = run.Path;
            spent = new SolverStats { Iterations = run.Steps, MatrixEvaluations = run.Passes + run.Rounds + 2 };
            why = path.Why;
            if (path.Reached)
            {
                var x = new double[n];
                double unscale = yMax * scaled.Inverse;
                for (int k = 0; k < run.Working.Count; k++)
                {
                    x[run.Working[k]] = path.X[k] * unscale;
                }

                var vertex = new Vertex(x, [.. path.Theta.Select(t => t * scaled.Inverse)], new LpSolution("HOMOTOPY_END", true, false, false, double.NaN, [], [], 0),
                    0, 0, spent.MatrixEvaluations, $"homotopy ({run.Working.Count} of {n} columns, {run.Steps} steps, {run.Rounds} rounds)")
                {
                    Columns = run.Working,
                    Steps = Math.Max(1, run.Steps),
                };
                var result = Finish(problem, problem, vertex, [], notOver, options, clock, 0);
                bool ranked = result.Status == SolverStatus.Success && (result.Varrho!.SpansRows || HasFullRowRank(problem, run.Working));
                if (ranked)
                {
                    return result;
                }

                why = result.Status == SolverStatus.Success ? "rank(A) = m was not certified" : result.Message;
            }
        }

        options.Progress?.Report(new SolverProgress("bp", 0, null, $"BP homotopy could not certify ({why}); LP working set"));
        var lp = Solve(problem, options with
        {
            Method = BasisPursuitMethod.WorkingSet,
            VarrhoMethod = options.VarrhoMethod == VarrhoMethod.Homotopy ? VarrhoMethod.RowGeneration : options.VarrhoMethod,
        });
        return lp with
        {
            Message = $"{lp.Message}; LP working set used because the homotopy could not certify ({why})",
            Stats = lp.Stats.Merge(spent) with { WallTime = clock.Elapsed },
        };
    }
}
