using ImplicitL1.BasisPursuit;
using ImplicitL1.Problems;

namespace ImplicitL1.Tests.BasisPursuit;

public class BasisPursuitSolverTests
{
    [Fact]
    public void Recovers_the_exact_vertex_with_tiny_residual()
    {
        var inst = TestInstances.Gaussian(20, 50, 3, seed: 4);
        var bp = BasisPursuitSolver.Solve(inst.Problem);
        Assert.Equal(SolverStatus.Success, bp.Status);
        Assert.Equal(inst.Support, bp.Support);
        for (int i = 0; i < inst.XStar.Length; i++)
        {
            Assert.Equal(inst.XStar[i], bp.X[i], 1e-12);
        }

        Assert.True(bp.Residual <= 1e-12 * Math.Max(1, inst.Problem.Y.ToArray().Sum(v => v * v)));
        Assert.True(bp.Varrho!.Value < 1 && bp.Varrho.FuchsValue >= bp.Varrho.Value - 1e-12);
    }

    [Fact]
    public void Certificate_satisfies_its_equations()
    {
        var problem = TestInstances.Gaussian(40, 100, 5, seed: 2).Problem;
        var bp = BasisPursuitSolver.Solve(problem);
        var atl = new double[problem.Cols];
        problem.MultiplyTransposed(bp.Varrho!.Certificate, atl);
        for (int k = 0; k < bp.Support.Length; k++)
        {
            Assert.Equal(bp.Signs[k], atl[bp.Support[k]], 1e-9);
        }

        double offMax = Enumerable.Range(0, problem.Cols).Where(i => !bp.Support.Contains(i)).Max(i => Math.Abs(atl[i]));
        Assert.Equal(bp.Varrho.Value, offMax, 1e-15);
        // Strong duality: yᵀλ = ‖x‖₁.
        double ytl = problem.Y.ToArray().Zip(bp.Varrho.Certificate, (a, b) => a * b).Sum();
        Assert.Equal(bp.L1Norm, ytl, 1e-9);
    }

    [Fact]
    public void Both_varrho_LPs_agree_on_the_tightness_family()
    {
        foreach (double r in new[] { 0.0, 0.3, 0.5, 0.9 })
        {
            var problem = TestInstances.Tightness(r);
            var bp = BasisPursuitSolver.Solve(problem, new BasisPursuitOptions { ComputeNullSpaceForm = true });
            Assert.Equal(new[] { 0 }, bp.Support);
            Assert.Equal(r, bp.Varrho!.Value, 1e-12);
            Assert.Equal(r, bp.Varrho.NullSpaceValue, 1e-12);
        }
    }

    [Fact]
    public void Column_permutation_and_scaling_of_y_are_invariances()
    {
        var problem = TestInstances.Gaussian(20, 50, 3, seed: 9).Problem;
        var bp = BasisPursuitSolver.Solve(problem);
        var perm = Enumerable.Range(0, 50).Reverse().ToArray();
        var permuted = BasisPursuitSolver.Solve(problem.PermuteColumns(perm));
        for (int j = 0; j < 50; j++)
        {
            Assert.Equal(bp.X[perm[j]], permuted.X[j], 1e-12);
        }

        Assert.Equal(bp.Varrho!.Value, permuted.Varrho!.Value, 1e-9);
        var scaled = BasisPursuitSolver.Solve(problem.WithY(problem.Y.ToArray().Select(v => -3.5 * v).ToArray()));
        for (int i = 0; i < 50; i++)
        {
            Assert.Equal(-3.5 * bp.X[i], scaled.X[i], 1e-11);
        }

        Assert.Equal(bp.Varrho.Value, scaled.Varrho!.Value, 1e-9);
    }

    [Fact]
    public void Non_unique_BP_is_a_status_with_a_minimizer()
    {
        // A = [1, 1], y = 1: the whole segment {(t, 1 − t)} minimizes; ϱ = 1.
        var bp = BasisPursuitSolver.Solve(new RegressionProblem(new double[,] { { 1, 1 } }, [1]));
        Assert.Equal(SolverStatus.NotUnique, bp.Status);
        Assert.True(bp.Status.IsSuccess());
        Assert.Equal(1.0, bp.L1Norm, 1e-12);
        Assert.Equal(1.0, bp.Varrho!.Value, 1e-12);
        Assert.False(bp.IsUnique);
    }

    [Fact]
    public void Inconsistent_y_is_infeasible()
    {
        // Rows 0 and 1 equal, y differs: no z with Az = y.
        var problem = new RegressionProblem(new double[,] { { 1, 2, 3 }, { 1, 2, 3 } }, [1, 2]);
        var bp = BasisPursuitSolver.Solve(problem);
        Assert.Equal(SolverStatus.Infeasible, bp.Status);
        Assert.Contains("not in the range of A", bp.Message);
        Assert.Empty(bp.X);
    }

    [Fact]
    public void Rank_deficient_consistent_A_drops_rows_and_keeps_the_solution()
    {
        var inst = TestInstances.Gaussian(10, 30, 2, seed: 5);
        var p = inst.Problem;
        // Append a row that is the sum of rows 0 and 1 (with its consistent y).
        var a = p.ToArray();
        var bigger = new double[11, 30];
        for (int i = 0; i < 10; i++)
        {
            for (int j = 0; j < 30; j++)
            {
                bigger[i, j] = a[i, j];
            }
        }

        for (int j = 0; j < 30; j++)
        {
            bigger[10, j] = a[0, j] + a[1, j];
        }

        var y = p.Y.ToArray().Append(p.Y[0] + p.Y[1]).ToArray();
        var bp = BasisPursuitSolver.Solve(new RegressionProblem(bigger, y));
        Assert.Equal(SolverStatus.Success, bp.Status);
        Assert.Single(bp.DroppedRows);
        Assert.Contains("dropped dependent rows", bp.Message);
        Assert.Equal(inst.Support, bp.Support);
    }

    [Fact]
    public void Not_overparameterized_is_flagged_but_solved()
    {
        var inst = ProblemGenerator.Generate(new GeneratorOptions { M = 60, N = 50, S = 3, Seed = 1 });
        var bp = BasisPursuitSolver.Solve(inst.Problem);
        Assert.True(bp.NotOverparameterized);
        Assert.Contains("not overparameterized", bp.Message);
        Assert.Equal(inst.Support, bp.Support);
    }

    [Fact]
    public void Fuchs_value_can_exceed_one_while_BP_succeeds()
    {
        // docs/theory.md §3 pitfall: search a few seeds for Fuchs > 1 with ϱ < 1 and check it is never reported as ϱ.
        bool seen = false;
        for (long seed = 0; seed < 10 && !seen; seed++)
        {
            var bp = BasisPursuitSolver.Solve(TestInstances.Gaussian(20, 50, 3, seed).Problem);
            if (bp.Varrho!.FuchsValue > 1 && bp.Varrho.Value < 1)
            {
                seen = true;
                Assert.Equal(SolverStatus.Success, bp.Status);
            }
        }

        Assert.True(seen);
    }
}
