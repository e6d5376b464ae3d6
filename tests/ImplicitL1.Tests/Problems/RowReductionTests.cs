using ImplicitL1.Problems;

namespace ImplicitL1.Tests.Problems;

public class RowReductionTests
{
    // A random 6×20 A whose last row is row 0 + row 1 plus a perturbation of relative size eps (eps = 0: dependent).
    private static RegressionProblem NearDependent(double eps)
    {
        var a = TestInstances.Gaussian(6, 20, 2, 3).Problem;
        var rows = new double[6 * 20];
        a.A.CopyTo(rows);
        for (int i = 0; i < 20; i++)
        {
            rows[(5 * 20) + i] = rows[i] + rows[20 + i] + (eps * Math.Cos(i));
        }

        var y = new double[6];
        var x = Enumerable.Range(0, 20).Select(i => i % 7 == 0 ? 1.0 : 0.0).ToArray();
        var problem = new RegressionProblem(rows, 6, 20, y);
        problem.Multiply(x, y);
        return problem.WithY(y);
    }

    [Fact]
    public void Full_row_rank_keeps_every_row_and_the_problem_itself()
    {
        var problem = TestInstances.Gaussian(20, 50, 3, 1).Problem;
        var rows = RowReduction.Analyze(problem);
        Assert.Equal(20, rows.Rank);
        Assert.Empty(rows.DroppedRows);
        Assert.Same(problem, rows.Reduced);
        Assert.Same(rows, RowReduction.Analyze(problem)); // kept per problem
    }

    [Theory]
    [InlineData(0.0, 5)]      // exactly dependent: dropped
    [InlineData(1e-13, 5)]    // below the 1e-10 tolerance: dropped
    [InlineData(1e-8, 6)]     // near-dependent but above it: kept (the Gram fast path refuses, Gram–Schmidt decides)
    [InlineData(1e-2, 6)]
    public void Near_dependent_rows_are_decided_by_the_exact_analysis(double eps, int rank)
    {
        var rows = RowReduction.Analyze(NearDependent(eps));
        Assert.Equal(rank, rows.Rank);
        Assert.True(rows.IsConsistent);
    }

    [Fact]
    public void A_dependent_row_with_an_inconsistent_y_is_reported()
    {
        var problem = NearDependent(0.0);
        var y = problem.Y.ToArray();
        y[5] += 1.0;
        var rows = RowReduction.Analyze(problem.WithY(y));
        Assert.Equal(5, rows.Rank);
        Assert.False(rows.IsConsistent);
    }
}
