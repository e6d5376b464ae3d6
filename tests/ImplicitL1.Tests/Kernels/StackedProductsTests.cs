using ImplicitL1.Kernels;
using ImplicitL1.Problems;

namespace ImplicitL1.Tests.Kernels;

public class StackedProductsTests
{
    // B stacked from rows 0..top−1 of a (stride topStride, from column 1) over rows of b (stride bottomStride, from column 2).
    private static (StackedRows Rows, double[,] Dense) Stacked(SeededRandom rng, int topRows, int bottomRows, int cols)
    {
        int topStride = cols + 3, bottomStride = cols + 5;
        var a = Enumerable.Range(0, 1 + (topRows * topStride)).Select(_ => rng.NextGaussian()).ToArray();
        var b = Enumerable.Range(0, 2 + (bottomRows * bottomStride)).Select(_ => rng.NextGaussian()).ToArray();
        var rows = new StackedRows(a, 1, topStride, topRows, b, 2, bottomStride, bottomRows, cols);
        var dense = new double[topRows + bottomRows, cols];
        for (int j = 0; j < topRows + bottomRows; j++)
        {
            for (int i = 0; i < cols; i++)
            {
                dense[j, i] = j < topRows ? a[1 + (j * topStride) + i] : b[2 + ((j - topRows) * bottomStride) + i];
            }
        }

        return (rows, dense);
    }

    private static double[] Vector(SeededRandom rng, int n, double shift = 0.0) =>
        [.. Enumerable.Range(0, n).Select(_ => shift > 0 ? rng.NextDouble() + shift : rng.NextGaussian())];

    [Theory]
    [InlineData(1, 0, 1)]
    [InlineData(3, 2, 7)]
    [InlineData(5, 4, 13)]
    [InlineData(0, 9, 37)]
    [InlineData(6, 3, 301)]
    [InlineData(40, 33, 8001)] // past the parallel threshold (2¹⁹ entries) and several column blocks
    public void Every_product_matches_a_scalar_reference(int topRows, int bottomRows, int cols)
    {
        var rng = new SeededRandom(topRows + (7 * cols));
        var (rows, dense) = Stacked(rng, topRows, bottomRows, cols);
        int m = topRows + bottomRows;
        var (nu, x, f, d) = (Vector(rng, m), Vector(rng, cols), Vector(rng, cols, 0.1), Vector(rng, cols, 0.1));

        var w = new double[cols];
        StackedProducts.TransposeTimes(rows, nu, w, 2);
        var (bx, absBf, y) = (new double[m], new double[m], new double[m]);
        StackedProducts.TimesAndAbs(rows, x, f, bx, absBf, 2);
        StackedProducts.Hessian(rows, d, nu, y, new double[StackedProducts.WorkLength(m, cols)], 2);

        for (int i = 0; i < cols; i++)
        {
            double expected = 0, size = 0;
            for (int j = 0; j < m; j++)
            {
                expected += dense[j, i] * nu[j];
                size += Math.Abs(dense[j, i] * nu[j]);
            }

            Assert.True(Math.Abs(w[i] - expected) <= 1e-14 * (1 + size), $"Bᵀν[{i}] = {w[i]}, expected {expected}");
        }

        var t = new double[cols];
        for (int i = 0; i < cols; i++)
        {
            for (int j = 0; j < m; j++)
            {
                t[i] += dense[j, i] * nu[j];
            }

            t[i] *= d[i];
        }

        for (int j = 0; j < m; j++)
        {
            double ex = 0, ea = 0, ey = 0, sx = 0, sy = 0;
            for (int i = 0; i < cols; i++)
            {
                ex += dense[j, i] * x[i];
                sx += Math.Abs(dense[j, i] * x[i]);
                ea += Math.Abs(dense[j, i]) * f[i];
                ey += dense[j, i] * t[i];
                sy += Math.Abs(dense[j, i] * t[i]);
            }

            Assert.True(Math.Abs(bx[j] - ex) <= 1e-14 * (1 + sx), $"(Bx)[{j}] = {bx[j]}, expected {ex}");
            Assert.True(Math.Abs(absBf[j] - ea) <= 1e-14 * (1 + ea), $"(|B|f)[{j}] = {absBf[j]}, expected {ea}");
            Assert.True(Math.Abs(y[j] - ey) <= 1e-12 * (1 + sy), $"(B(d⊙Bᵀν))[{j}] = {y[j]}, expected {ey}");
        }
    }

    [Fact]
    public void The_bits_do_not_depend_on_the_thread_count()
    {
        var rng = new SeededRandom(5);
        var (rows, _) = Stacked(rng, 37, 41, 7003);
        int m = rows.Rows, n = rows.Cols;
        var (nu, x, f, d) = (Vector(rng, m), Vector(rng, n), Vector(rng, n, 0.1), Vector(rng, n, 0.1));
        (double[] W, double[] Bx, double[] Abs, double[] Y) Run(int threads)
        {
            var (w, bx, abs, y) = (new double[n], new double[m], new double[m], new double[m]);
            StackedProducts.TransposeTimes(rows, nu, w, threads);
            StackedProducts.TimesAndAbs(rows, x, f, bx, abs, threads);
            StackedProducts.Hessian(rows, d, nu, y, new double[StackedProducts.WorkLength(m, n)], threads);
            return (w, bx, abs, y);
        }

        var one = Run(1);
        foreach (int threads in new[] { 2, 3, 4, 8 })
        {
            var other = Run(threads);
            Assert.Equal(one.W, other.W);
            Assert.Equal(one.Bx, other.Bx);
            Assert.Equal(one.Abs, other.Abs);
            Assert.Equal(one.Y, other.Y);
        }
    }

    [Fact]
    public void Wrong_shapes_are_refused()
    {
        var (rows, _) = Stacked(new SeededRandom(1), 2, 2, 5);
        var ex = Assert.Throws<ArgumentException>(() => StackedProducts.TransposeTimes(rows, new double[3], new double[5], 1));
        Assert.Contains("match B's shape", ex.Message);
        Assert.Throws<ArgumentException>(() => StackedProducts.Hessian(rows, new double[5], new double[4], new double[4], new double[1], 1));
        var outside = rows with { BottomRows = 50 };
        Assert.Throws<ArgumentException>(() => StackedProducts.TimesAndAbs(outside, new double[5], new double[5], new double[52], new double[52], 1));
    }
}
