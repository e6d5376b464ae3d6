using ImplicitL1.BasisPursuit;
using ImplicitL1.Limit;
using ImplicitL1.Problems;

namespace ImplicitL1.Tests.Limit;

public class DualNewtonEdgeTests
{
    [Theory]
    [InlineData(2.0)]
    [InlineData(3.0)]
    [InlineData(4.0)]
    [InlineData(2.5)]
    public void Down_to_1e300_every_point_is_verified_or_says_precision_is_exhausted(double depth)
    {
        var problem = TestInstances.Gaussian(20, 50, 3, seed: 1).Problem;
        double[] alphas = [1, 1e-3, 1e-6, 1e-9, 1e-12, 1e-16, 1e-30, 1e-60, 1e-120, 1e-200, 1e-300];
        var result = DualNewton.Solve(problem, depth, alphas);
        var varrho = result.BasisPursuit.Varrho!.Value;
        LimitPoint? reference = null;
        foreach (var p in result.Points)
        {
            // The support gap variables keep every digit: no point down to 1e-300 may give up.
            Assert.True(p.Status == SolverStatus.Success, p + " " + p.Message);

            if (p.Status == SolverStatus.Success)
            {
                Assert.True(p.Residual <= 1e-12 && p.Stationarity <= 1e-10, p.ToString());
                if (reference is not null && p.Alpha < 1e-9)
                {
                    // A successful point past 1e-9 must follow the rate from the last one: not a silently wrong number.
                    double exponent = depth == 2.0 ? 1 - varrho : 1.0;
                    double predicted = reference.ErrorToL1!.Value * Math.Pow(p.Alpha / reference.Alpha, exponent);
                    Assert.InRange(p.ErrorToL1!.Value / predicted, 0.9, 1.1);
                }

                if (p.Alpha <= 1e-9)
                {
                    reference = p; // the rate holds between neighbours (the D = 2 constant still drifts at 1e-9)
                }
            }
            else
            {
                Assert.Null(p.ErrorToL1);
                Assert.False(string.IsNullOrWhiteSpace(p.Message));
            }
        }
    }

    [Fact]
    public void Every_single_alpha_solve_succeeds_on_seeded_instances()
    {
        // Regression: D = 5, seed 6, α = 10^-2.5 once stopped as "stalled" far from convergence (scaled residual 0.11).
        var failures = new List<string>();
        for (long seed = 1; seed <= 10; seed++)
        {
            var problem = TestInstances.Gaussian(20, 50, 3, seed).Problem;
            var bp = BasisPursuitSolver.Solve(problem);
            foreach (double depth in new[] { 2.0, 2.5, 3.0, 4.0, 5.0 })
            {
                for (double exponent = -1; exponent >= -4; exponent -= 0.5)
                {
                    var p = DualNewton.Solve(problem, depth, [Math.Pow(10, exponent)], basisPursuit: bp).Points[0];
                    if (p.Status != SolverStatus.Success)
                    {
                        failures.Add($"seed {seed} D {depth} α 1e{exponent}: {p.Status} {p.Message}");
                    }
                }
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public void Noisy_data_with_a_full_support_is_verified()
    {
        // Regression: with |S| = m and ϱ ≈ 0.998 some support coordinates of x∞ are ~1e-9 while x_ℓ¹ᵢ ~ 1e-3; an
        // unconditional least-squares polish added 1e-16 absolute round-off to them (stationarity 1e-7).
        var problem = TestInstances.Gaussian(100, 400, 10, seed: 1, noise: 0.03).Problem;
        var result = DualNewton.Solve(problem, 2.0, [1e-7, 1e-10]);
        Assert.Equal(100, result.BasisPursuit.Support.Length);
        foreach (var p in result.Points)
        {
            Assert.True(p.Status == SolverStatus.Success, p + " " + p.Message);
            Assert.True(p.Stationarity <= 1e-12 && p.Residual <= 1e-12, p.ToString());
        }
    }

    [Fact]
    public void KKT_holds_at_moderate_alpha_for_every_depth()
    {
        var problem = TestInstances.Gaussian(40, 100, 5, seed: 3).Problem;
        foreach (double depth in new[] { 2.0, 2.5, 3.0, 4.0 })
        {
            var p = DualNewton.Solve(problem, depth, [1e-3]).Points[0];
            Assert.Equal(SolverStatus.Success, p.Status);
            Assert.True(p.Residual <= 1e-12 && p.Stationarity <= 1e-10, p.ToString());
        }
    }

    [Fact]
    public void Scaling_alpha_and_y_together_scales_the_limit()
    {
        // Q_{cα}(cz) = c·Q_α(z), so x∞(cα; cy) = c·x∞(α; y).
        var problem = TestInstances.Gaussian(20, 50, 3, seed: 2).Problem;
        var scaled = problem.WithY(problem.Y.ToArray().Select(v => 4.0 * v).ToArray());
        foreach (double depth in new[] { 2.0, 3.0 })
        {
            var x = DualNewton.Solve(problem, depth, [1e-4]).Points[0].X;
            var xs = DualNewton.Solve(scaled, depth, [4e-4]).Points[0].X;
            for (int i = 0; i < x.Length; i++)
            {
                Assert.Equal(4.0 * x[i], xs[i], 1e-11);
            }
        }
    }

    [Fact]
    public void Permuting_columns_permutes_the_limit()
    {
        var problem = TestInstances.Gaussian(20, 50, 3, seed: 6).Problem;
        var perm = Enumerable.Range(0, 50).Select(i => (i * 7) % 50).ToArray();
        var x = DualNewton.Solve(problem, 3.0, [1e-6]).Points[0].X;
        var xp = DualNewton.Solve(problem.PermuteColumns(perm), 3.0, [1e-6]).Points[0].X;
        for (int j = 0; j < 50; j++)
        {
            Assert.Equal(x[perm[j]], xp[j], 1e-12);
        }
    }

    [Fact]
    public void Order_of_requested_alphas_is_kept()
    {
        var problem = TestInstances.Tightness(0.5);
        var result = DualNewton.Solve(problem, 2.0, [1e-6, 1e-2, 1e-4]);
        Assert.Equal(new[] { 1e-6, 1e-2, 1e-4 }, result.Points.Select(p => p.Alpha));
        Assert.True(result.Points[0].ErrorToL1 < result.Points[2].ErrorToL1);
    }

    [Fact]
    public void Non_unique_BP_gives_a_limit_without_an_error_to_l1()
    {
        var problem = new RegressionProblem(new double[,] { { 1, 1, 0.5 }, { 0, 0, 1 } }, [1, 0]);
        var result = DualNewton.Solve(problem, 2.0, [1e-4]);
        Assert.Equal(SolverStatus.NotUnique, result.BasisPursuit.Status);
        var p = result.Points[0];
        Assert.Equal(SolverStatus.Success, p.Status);
        Assert.Null(p.ErrorToL1);
        Assert.Contains("not unique", p.Message);
        // Symmetric columns 0 and 1: gradient flow splits the mass equally.
        Assert.Equal(p.X[0], p.X[1], 1e-12);
    }

    [Fact]
    public void Infeasible_data_is_a_status()
    {
        var problem = new RegressionProblem(new double[,] { { 1, 2, 3 }, { 2, 4, 6 } }, [1, 0]);
        var result = DualNewton.Solve(problem, 3.0, [1e-3]);
        Assert.Equal(SolverStatus.Infeasible, result.Points[0].Status);
    }

    [Fact]
    public void Bad_arguments_throw_with_the_parameter_named()
    {
        var problem = TestInstances.Tightness(0.5);
        Assert.Equal("alphas", Assert.Throws<ArgumentOutOfRangeException>(() => DualNewton.Solve(problem, 2.0, [0.0])).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => DualNewton.Solve(problem, 2.0, [double.NaN]));
        Assert.Throws<ArgumentException>(() => DualNewton.Solve(problem, 2.0, Array.Empty<double>()));
        Assert.Equal("depth", Assert.Throws<ArgumentOutOfRangeException>(() => DualNewton.Solve(problem, 1.0, [1e-2])).ParamName);
    }
}
