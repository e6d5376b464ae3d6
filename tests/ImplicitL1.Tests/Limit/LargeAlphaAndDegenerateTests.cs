using System.Numerics.Tensors;
using ImplicitL1.BasisPursuit;
using ImplicitL1.Limit;
using ImplicitL1.Problems;
using MathNet.Numerics.LinearAlgebra;
using Xunit.Abstractions;

namespace ImplicitL1.Tests.Limit;

public class LargeAlphaAndDegenerateTests(ITestOutputHelper output)
{
    private static double[] MinimumNorm(RegressionProblem problem)
    {
        var a = Matrix<double>.Build.DenseOfArray(problem.ToArray());
        var y = Vector<double>.Build.Dense(problem.YArray());
        return (a.Transpose() * (a * a.Transpose()).Solve(y)).ToArray();
    }

    [Theory]
    [InlineData(2.0)]
    [InlineData(3.0)]
    public void Large_alpha_moves_continuously_to_the_minimum_norm_interpolator(double depth)
    {
        var problem = TestInstances.Gaussian(40, 100, 5, seed: 1).Problem;
        var bp = BasisPursuitSolver.Solve(problem);
        var pinv = MinimumNorm(problem);
        double scale = TensorPrimitives.Norm(pinv);
        double[] exponents = [0, 1, 2, 4, 8, 14, 30, 100, 200, 300];
        var result = DualNewton.Solve(problem, depth, [.. exponents.Select(e => LogAlpha.FromLog10(e))], basisPursuit: bp);
        double previous = double.PositiveInfinity;
        for (int k = 0; k < exponents.Length; k++)
        {
            var p = result.Points[k];
            Assert.True(p.Status == SolverStatus.Success, p + " " + p.Message);
            double distance = TensorPrimitives.Distance(p.X, pinv) / scale;
            output.WriteLine($"D={depth} α=1e{exponents[k]}: ‖x∞ − A⁺y‖/‖A⁺y‖ = {distance:E3}, error_to_l1 = {p.ErrorToL1:E6}");
            // Monotone approach down to the rounding floor: x = exp(log α + log h(w)) carries ε·|log α| relative.
            Assert.True(distance <= Math.Max(previous * 1.0001, 1e-15 * (10 + Math.Abs(exponents[k]))), $"α=1e{exponents[k]}: {distance:E3} after {previous:E3}");
            previous = distance;
        }

        Assert.True(previous <= 1e-10, $"at α = 1e300 the distance to A⁺y is {previous:E3}");
        Assert.True(Math.Abs((result.Points[^1].ErrorToL1!.Value / TensorPrimitives.Distance(pinv, bp.X)) - 1) <= 1e-10);
    }

    [Theory]
    [InlineData(2.0)]
    [InlineData(3.0)]
    [InlineData(4.0)]
    public void A_square_invertible_matrix_has_one_feasible_point(double depth)
    {
        var rng = new Random(5);
        var a = new double[6, 6];
        for (int i = 0; i < 6; i++)
        {
            for (int j = 0; j < 6; j++)
            {
                a[i, j] = rng.NextDouble() - 0.5 + (i == j ? 2 : 0);
            }
        }

        var problem = new RegressionProblem(a, [1, -2, 0.5, 3, -1, 0.25]);
        var exact = Matrix<double>.Build.DenseOfArray(a).Solve(Vector<double>.Build.Dense(problem.YArray())).ToArray();
        var result = DualNewton.Solve(problem, depth, [1e2, 1, 1e-6, 1e-30, 1e-300]);
        foreach (var p in result.Points)
        {
            Assert.True(p.Status == SolverStatus.Success, p + " " + p.Message);
            Assert.Equal(0.0, p.ErrorToL1);
            Assert.True(TensorPrimitives.Distance(p.X, exact) <= 1e-12 * TensorPrimitives.Norm(exact), p.ToString());
        }
    }

    [Theory]
    [InlineData(2.0)]
    [InlineData(3.0)]
    public void Zero_and_duplicate_columns_are_handled(double depth)
    {
        var instance = TestInstances.Gaussian(20, 50, 3, seed: 4);
        var a = instance.Problem.ToArray();
        int n = instance.Problem.Cols, m = instance.Problem.Rows;
        var off = Enumerable.Range(0, n).First(i => instance.XStar[i] == 0);
        var a2 = new double[m, n + 2];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                a2[i, j] = a[i, j];
            }

            a2[i, n] = 0.0;          // a zero column
            a2[i, n + 1] = a[i, off]; // a duplicate of an off-support column
        }

        var wide = new RegressionProblem(a2, instance.Problem.YArray());
        var baseline = DualNewton.Solve(instance.Problem, depth, [1e-4, 1e-12]).Points;
        var result = DualNewton.Solve(wide, depth, [1e-4, 1e-12]).Points;
        for (int k = 0; k < 2; k++)
        {
            Assert.True(result[k].Status == SolverStatus.Success, result[k] + " " + result[k].Message);
            Assert.Equal(0.0, result[k].X[n]);
            // Duplicated columns share w, so they split equally what the single column carried … at the same w,
            // x_dup = α h(w) each; the rest of the solution moves accordingly. Check the duplicate's equality only.
            Assert.Equal(result[k].X[off], result[k].X[n + 1], 1e-14 * Math.Abs(result[k].X[off]) + 1e-300);
            Assert.True(result[k].Residual <= 1e-13 * 10, result[k].ToString());
            output.WriteLine($"{baseline[k].ErrorToL1:E6} → {result[k].ErrorToL1:E6}");
        }
    }
}
