using ImplicitL1.Limit;
using ImplicitL1.Problems;

namespace ImplicitL1.Tests.Limit;

public class ThreadCountTests
{
    // 60×10000: past the thresholds where the Gram, the Hessian–vector products, Ãᵀν and the residual rows split.
    [Theory]
    [InlineData(2.0)]
    [InlineData(3.0)]
    public void The_limit_is_the_same_bits_on_one_two_and_three_threads(double depth)
    {
        var problem = TestInstances.Gaussian(60, 10000, 5, seed: 4).Problem;
        double[] alphas = [1.0, 1e-3, 1e-8];
        LimitResult Run(int threads) => DualNewton.Solve(problem, depth, alphas, new LimitOptions { Threads = threads });

        var one = Run(1);
        Assert.All(one.Points, p => Assert.True(p.Status == SolverStatus.Success, p.Message));
        Assert.True(one.Stats.KrylovIterations > 0, "the GMRES path was not exercised");
        foreach (int threads in new[] { 2, 3 })
        {
            var other = Run(threads);
            for (int k = 0; k < alphas.Length; k++)
            {
                Assert.Equal(one.Points[k].X, other.Points[k].X);
                Assert.Equal(one.Points[k].Nu, other.Points[k].Nu);
                Assert.Equal(one.Points[k].ErrorToL1, other.Points[k].ErrorToL1);
                Assert.Equal(one.Points[k].Stats.Iterations, other.Points[k].Stats.Iterations);
            }
        }
    }

    [Fact]
    public void A_negative_thread_count_is_refused()
    {
        var problem = TestInstances.Gaussian(10, 30, 2, seed: 1).Problem;
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => DualNewton.Solve(problem, 3.0, [1e-3], new LimitOptions { Threads = -1 }));
        Assert.Contains("Threads must be ≥ 0", ex.Message);
    }
}
