using ImplicitL1.BasisPursuit;
using ImplicitL1.Kernels;
using ImplicitL1.LinearAlgebra;

namespace ImplicitL1.Tests.BasisPursuit;

/// <summary>The pieces of the homotopy: the paired-dot pass, the updatable Cholesky, and the working-set restarts.</summary>
public class HomotopyKernelTests
{
    private static double[] Random(int count, int seed) => TestInstances.Uniform(count, seed);

    [Theory]
    [InlineData(13, 7)]
    [InlineData(64, 40)]
    [InlineData(1003, 1100)] // above the parallel threshold, rows not a multiple of 8
    public void Paired_dots_equal_two_plain_products(int rows, int cols)
    {
        var m = Random(rows * cols, 1);
        var r = Random(rows, 2);
        var u = Random(rows, 3);
        var cr = new double[cols];
        var cu = new double[cols];
        PairedDots.Compute(m, rows, cols, r, u, cr, cu);
        for (int j = 0; j < cols; j++)
        {
            double pr = 0, pu = 0;
            for (int i = 0; i < rows; i++)
            {
                pr += m[(j * rows) + i] * r[i];
                pu += m[(j * rows) + i] * u[i];
            }

            Assert.Equal(pr, cr[j], 1e-12);
            Assert.Equal(pu, cu[j], 1e-12);
        }
    }

    // Append 6 columns, delete each position in turn: LLᵀz = b must solve the Gram of the remaining columns.
    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(5)]
    public void Cholesky_append_and_remove_match_the_reduced_Gram(int removed)
    {
        const int rows = 9, count = 6;
        var m = Random(rows * count, 7);
        double Dot(int p, int q) => Enumerable.Range(0, rows).Sum(i => m[(p * rows) + i] * m[(q * rows) + i]);
        var chol = new ActiveSetCholesky(count);
        for (int k = 0; k < count; k++)
        {
            var g = Enumerable.Range(0, k).Select(p => Dot(p, k)).ToArray();
            Assert.True(chol.TryAppend(g, Dot(k, k), 1e-12));
        }

        chol.Remove(removed);
        var kept = Enumerable.Range(0, count).Where(k => k != removed).ToArray();
        var b = Random(kept.Length, 8);
        var z = (double[])b.Clone();
        chol.Solve(z);
        for (int p = 0; p < kept.Length; p++)
        {
            double gz = Enumerable.Range(0, kept.Length).Sum(q => Dot(kept[p], kept[q]) * z[q]);
            Assert.Equal(b[p], gz, 1e-12);
        }

        // A column in the span of the others is refused and changes nothing.
        var g2 = kept.Select(p => Dot(p, kept[0])).ToArray();
        Assert.False(chol.TryAppend(g2, Dot(kept[0], kept[0]), 1e-12));
        Assert.Equal(count - 1, chol.Count);
    }

    // From order 384 two right-hand sides are solved on two threads: each must keep the bits of its own solve.
    [Fact]
    public void Two_right_hand_sides_keep_the_bits_of_one_and_solve_the_Gram()
    {
        const int rows = 500, count = 400;
        var m = Random(rows * count, 9);
        var chol = new ActiveSetCholesky(count);
        var g = new double[count];
        for (int k = 0; k < count; k++)
        {
            var column = m.AsSpan(k * rows, rows);
            for (int p = 0; p < k; p++)
            {
                g[p] = System.Numerics.Tensors.TensorPrimitives.Dot(m.AsSpan(p * rows, rows), column);
            }

            Assert.True(chol.TryAppend(g.AsSpan(0, k), System.Numerics.Tensors.TensorPrimitives.Dot(column, column), 1e-12));
        }

        var (b1, b2) = (Random(count, 10), Random(count, 11));
        var (one, two) = ((double[])b1.Clone(), (double[])b2.Clone());
        chol.Solve(one);
        chol.Solve(two);
        var (p1, p2) = ((double[])b1.Clone(), (double[])b2.Clone());
        chol.Solve(p1, p2);
        Assert.Equal(one, p1);
        Assert.Equal(two, p2);
        // M_Eᵀ(M_E z) = b: z solves the Gram system.
        var mz = new double[rows];
        for (int k = 0; k < count; k++)
        {
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(m.AsSpan(k * rows, rows), p1[k], mz, mz);
        }

        for (int k = 0; k < count; k += 37)
        {
            Assert.Equal(b1[k], System.Numerics.Tensors.TensorPrimitives.Dot(m.AsSpan(k * rows, rows), mz), 1e-8);
        }
    }

    // The working-set driver (start with 3 columns, resume from checkpoints) ends where the homotopy on all columns ends.
    [Fact]
    public void Working_set_restarts_reach_the_full_block_end()
    {
        var inst = TestInstances.Gaussian(30, 120, 4, seed: 11);
        var p = inst.Problem;
        var all = Enumerable.Range(0, p.Cols).ToList();
        double[] Block(IReadOnlyList<int> columns)
        {
            var block = new double[p.Rows * columns.Count];
            for (int k = 0; k < columns.Count; k++)
            {
                for (int i = 0; i < p.Rows; i++)
                {
                    block[(k * p.Rows) + i] = p[i, columns[k]];
                }
            }

            return block;
        }

        var y = p.YArray();
        var whole = L1Homotopy.Solve(Block(all), p.Rows, p.Cols, y, new HomotopyOptions());
        Assert.True(whole.Reached, whole.Why);
        var run = L1Homotopy.SolveWorking((columns, block) => Block(columns).CopyTo(block), p.Rows, y, [0, 1, 2], p.Cols, (r, g) => p.MultiplyTransposed(r, g), _ => true,
            1e-12, 2, 100, new HomotopyOptions());
        Assert.True(run.Path.Reached, run.Path.Why);
        Assert.True(run.Rounds > 1);
        var x = new double[p.Cols];
        for (int k = 0; k < run.Working.Count; k++)
        {
            x[run.Working[k]] = run.Path.X[k];
        }

        for (int j = 0; j < p.Cols; j++)
        {
            Assert.Equal(whole.X[j], x[j], 1e-10);
            Assert.Equal(inst.XStar[j], x[j], 1e-10);
        }
    }
}
