using ImplicitL1.Kernels;

namespace ImplicitL1.Tests.Kernels;

public class RowCombinationTests
{
    [Theory]
    [InlineData(7, 130, 5)]    // a partial last tile and a scalar tail
    [InlineData(40, 64, 40)]   // one exact tile
    [InlineData(3, 1, 2)]
    public void Rows_of_the_product_are_the_combinations_of_rows(int m, int n, int k)
    {
        var random = new Random(m * 1000 + n);
        var b = Enumerable.Range(0, m * n).Select(_ => random.NextDouble() - 0.5).ToArray();
        var w = Enumerable.Range(0, k * m).Select(_ => random.NextDouble() - 0.5).ToArray();
        var c = new double[k * n];
        RowCombination.Compute(b, m, n, w, k, c);
        for (int j = 0; j < k; j++)
        {
            for (int i = 0; i < n; i++)
            {
                double expected = 0, scale = 0;
                for (int l = 0; l < m; l++)
                {
                    expected += w[(j * m) + l] * b[(l * n) + i];
                    scale += Math.Abs(w[(j * m) + l] * b[(l * n) + i]);
                }

                Assert.True(Math.Abs(c[(j * n) + i] - expected) <= 1e-14 * scale + 1e-300, $"C[{j},{i}] = {c[(j * n) + i]:R}, expected {expected:R}");
            }
        }

        Assert.Throws<ArgumentException>(() => RowCombination.Compute(b, m, n + 1, w, k, c));
    }
}
