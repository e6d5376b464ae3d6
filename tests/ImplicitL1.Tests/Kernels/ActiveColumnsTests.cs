using System.Numerics.Tensors;
using ImplicitL1.Kernels;
using ImplicitL1.Problems;

namespace ImplicitL1.Tests.Kernels;

/// <summary>The homotopy's products with its active columns, and Aᵀr by column chunks.</summary>
public class ActiveColumnsTests
{
    private static double[] Random(int count, int seed) => TestInstances.Uniform(count, seed);

    // A scattered subset of the columns, in a shuffled order (the active set's order is its join order).
    private static List<int> Columns(int cols, int count, int seed)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, cols).OrderBy(_ => rng.Next()).Take(count)];
    }

    [Theory]
    [InlineData(1, 7, 1)]
    [InlineData(13, 40, 9)]
    [InlineData(257, 60, 31)] // two row tiles, rows not a multiple of 4
    [InlineData(1003, 400, 171)] // past the parallel threshold (2¹⁷ entries of M_E): four row tiles split between threads
    public void Combinations_are_the_fused_chain_over_k_bit_for_bit(int rows, int cols, int count)
    {
        var m = Random(rows * cols, rows + cols);
        var columns = Columns(cols, count, 3);
        var (a, b) = (Random(count, 4), Random(count, 5));
        var (p, q) = (Random(rows, 6), Random(rows, 7));
        var (expectedP, expectedQ) = ((double[])p.Clone(), (double[])q.Clone());
        for (int i = 0; i < rows; i++)
        {
            for (int k = 0; k < columns.Count; k++)
            {
                double entry = m[(columns[k] * rows) + i];
                expectedP[i] = Math.FusedMultiplyAdd(entry, a[k], expectedP[i]);
                expectedQ[i] = Math.FusedMultiplyAdd(entry, b[k], expectedQ[i]);
            }
        }

        ActiveColumns.AddCombinations(m, rows, columns, a, p, b, q);

        Assert.Equal(expectedP, p);
        Assert.Equal(expectedQ, q);
    }

    [Theory]
    [InlineData(1, 7, 1)]
    [InlineData(13, 40, 9)]
    [InlineData(1003, 400, 171)]
    public void Dots_match_a_plain_sum_and_do_not_depend_on_the_grouping(int rows, int cols, int count)
    {
        var m = Random(rows * cols, rows + cols);
        var columns = Columns(cols, count, 8);
        var x = Random(rows, 9);
        var g = new double[count];
        ActiveColumns.Dots(m, rows, columns, x, g);
        for (int k = 0; k < count; k++)
        {
            Assert.Equal(TensorPrimitives.Dot(m.AsSpan(columns[k] * rows, rows), x), g[k], 1e-12);
        }

        // One column at a time (always one thread) gives the same bits as the whole set (split between threads).
        for (int k = 0; k < count; k++)
        {
            var one = new double[1];
            ActiveColumns.Dots(m, rows, [columns[k]], x, one);
            Assert.Equal(g[k], one[0]);
        }
    }

    [Fact]
    public void Wrong_lengths_are_refused()
    {
        const int rows = 5;
        var m = Random(rows * 4, 13);
        List<int> columns = [0, 2, 3];
        var (three, two, five, six) = (new double[3], new double[2], new double[rows], new double[rows + 1]);
        Assert.Throws<ArgumentException>(() => ActiveColumns.AddCombinations(m, rows, columns, two, five, three, five));
        Assert.Throws<ArgumentException>(() => ActiveColumns.AddCombinations(m, rows, columns, three, five, two, five));
        Assert.Throws<ArgumentException>(() => ActiveColumns.AddCombinations(m, rows, columns, three, six, three, five));
        Assert.Throws<ArgumentException>(() => ActiveColumns.AddCombinations(m, rows, columns, three, five, three, six));
        Assert.Throws<ArgumentException>(() => ActiveColumns.Dots(m, rows, columns, six, three));
        Assert.Throws<ArgumentException>(() => ActiveColumns.Dots(m, rows, columns, five, two));
        ActiveColumns.AddCombinations(m, rows, columns, three, five, three, five);
        ActiveColumns.Dots(m, rows, columns, five, three);
    }

    [Fact]
    public void Transposed_product_by_column_chunks_equals_the_row_by_row_chain()
    {
        // 200×9000: past the parallel threshold (2²⁰ entries), three column chunks of 4096.
        const int rows = 200, cols = 9000;
        var a = Random(rows * cols, 11);
        var r = Random(rows, 12);
        var problem = new RegressionProblem(a, rows, cols, new double[rows]);
        var expected = new double[cols];
        for (int i = 0; i < rows; i++)
        {
            TensorPrimitives.MultiplyAdd(a.AsSpan(i * cols, cols), r[i], expected, expected);
        }

        var actual = new double[cols];
        problem.MultiplyTransposed(r, actual);

        Assert.Equal(expected, actual);
    }
}
