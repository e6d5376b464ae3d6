using ImplicitL1.BasisPursuit;
using ImplicitL1.Limit;
using ImplicitL1.LinearAlgebra;
using ImplicitL1.Problems;

namespace ImplicitL1.Tests.Limit;

public class RotatedDataTests
{
    private static RegressionProblem Instance(int m, int n, int s, int seed) =>
        ProblemGenerator.Generate(new GeneratorOptions { M = m, N = n, S = s, Seed = seed }).Problem;

    [Fact]
    public void Householder_WY_factors_the_block_and_applies_an_orthogonal_Q()
    {
        var p = Instance(30, 2500, 3, 4);
        int m = p.Rows, s = 7, n = p.Cols;
        var qr = HouseholderWY.Factor(m, s, (i, k) => p.RowMajorArray[(i * n) + (5 * k)]);
        // Qᵀ C = [R; 0]: apply to each column of the block.
        for (int k = 0; k < s; k++)
        {
            var column = Enumerable.Range(0, m).Select(i => p.RowMajorArray[(i * n) + (5 * k)]).ToArray();
            var rotated = qr.ApplyTransposed(column);
            for (int i = 0; i < m; i++)
            {
                double expected = i <= k && i < s ? qr.R[(i * s) + k] : 0.0;
                Assert.True(Math.Abs(rotated[i] - expected) <= 1e-13 * 10, $"(Qᵀ C)[{i},{k}] = {rotated[i]}, expected {expected}");
            }
        }

        // Q Qᵀ y = y and ‖Qᵀ y‖ = ‖y‖.
        var y = p.YArray();
        var back = qr.Apply(qr.ApplyTransposed(y));
        Assert.All(Enumerable.Range(0, m), i => Assert.Equal(y[i], back[i], 1e-13));
        Assert.Equal(System.Numerics.Tensors.TensorPrimitives.Norm(y), System.Numerics.Tensors.TensorPrimitives.Norm(qr.ApplyTransposed(y)), 1e-12);

        // The blocked matrix form (2500 columns: two column blocks) equals the vector form column by column.
        var all = new double[m * n];
        qr.ApplyTransposed(p.RowMajorArray, n, all);
        foreach (int c in new[] { 0, 1, 2047, 2048, 2049, n - 1 })
        {
            var column = qr.ApplyTransposed(Enumerable.Range(0, m).Select(i => p.RowMajorArray[(i * n) + c]).ToArray());
            Assert.All(Enumerable.Range(0, m), i => Assert.Equal(column[i], all[(i * n) + c], 1e-13));
        }
    }

    [Fact]
    public void The_rotated_data_is_exact_on_the_support_and_shared_by_every_depth()
    {
        var p = Instance(40, 100, 5, 2);
        var bp = BasisPursuitSolver.Solve(p);
        var data = RotatedData.For(p, bp);
        int s = data.S, n = data.N, nc = data.Nc;
        Assert.Equal(bp.Support, data.Support);
        Assert.Equal(data.Order[..s], bp.Support);
        for (int j = 0; j < data.M; j++)
        {
            for (int k = 0; k < s; k++)
            {
                Assert.Equal(j < s ? data.R[(j * s) + k] : 0.0, data.At[(j * n) + k]); // exactly R_S, then exactly 0
            }
        }

        // R K = Ã_{S,Sᶜ}, g = x_ℓ¹ on S, ‖Ã x‖ = ‖A x‖ for x in the permuted order.
        for (int k = 0; k < s; k++)
        {
            for (int c = 0; c < nc; c++)
            {
                double rk = 0;
                for (int l = k; l < s; l++)
                {
                    rk += data.R[(k * s) + l] * data.K[(l * nc) + c];
                }

                Assert.Equal(data.At[(k * n) + s + c], rk, 1e-12);
            }

            Assert.Equal(bp.X[bp.Support[k]], data.G[k], 1e-10);
        }

        var x = Enumerable.Range(0, n).Select(i => Math.Sin(i + 1.0)).ToArray();
        var permuted = data.Order.Select(i => x[i]).ToArray();
        double rotated = Math.Sqrt(Enumerable.Range(0, data.M).Sum(j => Math.Pow(System.Numerics.Tensors.TensorPrimitives.Dot(data.At.AsSpan(j * n, n), permuted), 2)));
        Assert.Equal(Norm(p, x), rotated, 1e-10);

        // Depth 2 and 3 (and a second call) reuse the one rotation.
        DualNewton.Solve(p, 2.0, [1e-3], basisPursuit: bp);
        DualNewton.Solve(p, 3.0, [1e-3], basisPursuit: bp);
        Assert.Same(data, RotatedData.For(p, bp));
    }

    private static double Norm(RegressionProblem p, double[] x)
    {
        double sum = 0;
        for (int j = 0; j < p.Rows; j++)
        {
            double r = System.Numerics.Tensors.TensorPrimitives.Dot(p.Row(j), x);
            sum += r * r;
        }

        return Math.Sqrt(sum);
    }
}
