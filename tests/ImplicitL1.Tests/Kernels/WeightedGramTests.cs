using ImplicitL1.Kernels;

namespace ImplicitL1.Tests.Kernels;

public class WeightedGramTests
{
    [Fact]
    public void Matches_a_scalar_reference_at_every_small_shape()
    {
        var rng = new ImplicitL1.Problems.SeededRandom(11);
        for (int rows = 1; rows <= 9; rows++)
        {
            for (int cols = 0; cols <= 3 * System.Numerics.Vector<double>.Count + 3; cols++)
            {
                if (cols == 0)
                {
                    continue;
                }

                var b = Enumerable.Range(0, rows * cols).Select(_ => rng.NextGaussian()).ToArray();
                var d = Enumerable.Range(0, cols).Select(_ => rng.NextDouble() + 0.1).ToArray();
                var h = new double[rows * rows];
                WeightedGram.Compute(b, rows, cols, d, new double[WeightedGram.BlockRows * cols], h);
                for (int j = 0; j < rows; j++)
                {
                    for (int l = 0; l < rows; l++)
                    {
                        double expected = 0;
                        for (int i = 0; i < cols; i++)
                        {
                            expected += b[(j * cols) + i] * d[i] * b[(l * cols) + i];
                        }

                        Assert.True(Math.Abs(h[(j * rows) + l] - expected) <= 1e-13 * (1 + Math.Abs(expected)), $"rows={rows} cols={cols} ({j},{l})");
                    }
                }
            }
        }
    }

    [Fact]
    public void Rejects_a_short_scratch_buffer() =>
        Assert.Throws<ArgumentException>(() => WeightedGram.Compute(new double[6], 2, 3, new double[3], new double[3], new double[4]));

    [Theory]
    [InlineData(5, 255)]
    [InlineData(9, 256)]
    [InlineData(13, 257)]
    [InlineData(17, 600)]
    public void Matches_the_sequential_FMA_chain_across_panel_boundaries(int rows, int cols)
    {
        var rng = new ImplicitL1.Problems.SeededRandom(rows + cols);
        var b = Enumerable.Range(0, rows * cols).Select(_ => rng.NextGaussian()).ToArray();
        var d = Enumerable.Range(0, cols).Select(_ => rng.NextDouble() + 0.1).ToArray();
        var h = new double[rows * rows];
        WeightedGram.Compute(b, rows, cols, d, new double[WeightedGram.BlockRows * cols], h);
        for (int j = 0; j < rows; j++)
        {
            for (int l = 0; l < rows; l++)
            {
                // The kernel's order: one FMA chain over i for the upper-triangle entry (min(j,l), max(j,l)).
                int r = Math.Min(j, l), c = Math.Max(j, l);
                double expected = 0;
                for (int i = 0; i < cols; i++)
                {
                    expected = Math.FusedMultiplyAdd(b[(r * cols) + i] * d[i], b[(c * cols) + i], expected);
                }

                Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(h[(j * rows) + l]));
            }
        }
    }

    [Theory]
    [InlineData(15, 7)]
    [InlineData(16, 8)]
    [InlineData(17, 9)]
    [InlineData(63, 31)]
    [InlineData(64, 40)]
    [InlineData(65, 257)]
    [InlineData(81, 23)]
    [InlineData(150, 777)]
    public void Matches_the_sequential_FMA_chain_at_tile_and_group_edges_on_two_threads(int rows, int cols)
    {
        // 8×16 tiles, 64-row groups, 8×8 transposes and 256-column panels each end inside some of these shapes; 150×777
        // has three groups on two workers and four panels, so both halves of the double-buffered Bᵀ panel are reused.
        var rng = new ImplicitL1.Problems.SeededRandom((7 * rows) + cols);
        var b = Enumerable.Range(0, rows * cols).Select(_ => rng.NextGaussian()).ToArray();
        var d = Enumerable.Range(0, cols).Select(_ => rng.NextDouble() + 0.1).ToArray();
        var h = new double[rows * rows];
        WeightedGram.Compute(b, rows, cols, d, new double[WeightedGram.BlockRows * cols], h, threads: 2);
        Assert.Equal(SequentialChains(b, rows, cols, d), h.Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void Concurrent_calls_on_a_busy_pool_finish_with_the_same_bits()
    {
        // Each call's workers claim tasks from a shared counter and wait only on claimed tasks, so a call whose second
        // worker never starts (every pool thread busy with another call) still finishes, with unchanged bits.
        const int rows = 130, cols = 600;
        var rng = new ImplicitL1.Problems.SeededRandom(5);
        var b = Enumerable.Range(0, rows * cols).Select(_ => rng.NextGaussian()).ToArray();
        var d = Enumerable.Range(0, cols).Select(_ => rng.NextDouble()).ToArray();
        var expected = new double[rows * rows];
        WeightedGram.Compute(b, rows, cols, d, new double[WeightedGram.BlockRows * cols], expected, threads: 1);
        var results = new double[32][];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 16 }, c =>
        {
            results[c] = new double[rows * rows];
            WeightedGram.Compute(b, rows, cols, d, new double[WeightedGram.BlockRows * cols], results[c], threads: 2);
        });
        Assert.All(results, h => Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), h.Select(BitConverter.DoubleToInt64Bits)));
    }

    [Theory]
    [InlineData(64, 2000)]
    [InlineData(67, 1501)]
    [InlineData(130, 700)]
    [InlineData(200, 1100)]
    public void One_and_two_threads_give_the_same_bits(int rows, int cols)
    {
        var rng = new ImplicitL1.Problems.SeededRandom(3);
        var b = Enumerable.Range(0, rows * cols).Select(_ => rng.NextGaussian()).ToArray();
        var d = Enumerable.Range(0, cols).Select(_ => rng.NextDouble()).ToArray();
        var one = new double[rows * rows];
        var two = new double[rows * rows];
        WeightedGram.Compute(b, rows, cols, d, new double[WeightedGram.BlockRows * cols], one, threads: 1);
        WeightedGram.Compute(b, rows, cols, d, new double[WeightedGram.BlockRows * cols], two, threads: 2);
        Assert.Equal(one.Select(BitConverter.DoubleToInt64Bits), two.Select(BitConverter.DoubleToInt64Bits));
        Assert.Contains(one, v => v != 0);
        var four = new double[rows * rows];
        WeightedGram.Compute(b, rows, cols, d, new double[WeightedGram.BlockRows * cols], four, threads: 4);
        Assert.Equal(one.Select(BitConverter.DoubleToInt64Bits), four.Select(BitConverter.DoubleToInt64Bits));
    }

    [Theory]
    [InlineData(3, 4, 300, 2)]
    [InlineData(0, 9, 257, 1)]
    [InlineData(7, 0, 40, 2)]
    [InlineData(5, 12, 600, 2)]
    [InlineData(70, 33, 530, 2)]
    public void Stacked_strided_blocks_give_the_bits_of_the_contiguous_matrix(int topRows, int bottomRows, int cols, int threads)
    {
        var rng = new ImplicitL1.Problems.SeededRandom(topRows + (3 * bottomRows) + cols);
        int topStride = cols + 5, bottomStride = cols + 11, topOffset = 3, bottomOffset = 7;
        var top = Enumerable.Range(0, topOffset + (topRows * topStride)).Select(_ => rng.NextGaussian()).ToArray();
        var bottom = Enumerable.Range(0, bottomOffset + (bottomRows * bottomStride)).Select(_ => rng.NextGaussian()).ToArray();
        var d = Enumerable.Range(0, cols).Select(_ => rng.NextDouble() + 0.1).ToArray();
        int rows = topRows + bottomRows;
        var dense = new double[rows * cols];
        for (int r = 0; r < rows; r++)
        {
            var src = r < topRows ? top.AsSpan(topOffset + (r * topStride), cols) : bottom.AsSpan(bottomOffset + ((r - topRows) * bottomStride), cols);
            src.CopyTo(dense.AsSpan(r * cols, cols));
        }

        var expected = new double[rows * rows];
        var actual = new double[rows * rows];
        WeightedGram.Compute(dense, rows, cols, d, new double[WeightedGram.BlockRows * cols], expected, threads);
        WeightedGram.Compute(new StackedRows(top, topOffset, topStride, topRows, bottom, bottomOffset, bottomStride, bottomRows, cols), d, actual, threads);
        Assert.Equal(expected, actual);
        Assert.Contains(actual, v => v != 0);
    }

    [Fact]
    public void Stacked_blocks_that_overrun_their_arrays_are_refused()
    {
        var block = new double[20];
        var h = new double[16];
        var d = new double[5];
        Assert.Throws<ArgumentException>(() => WeightedGram.Compute(new StackedRows(block, 0, 5, 2, block, 12, 5, 2, 5), d, h, 1));
        Assert.Throws<ArgumentException>(() => WeightedGram.Compute(new StackedRows(block, 0, 4, 2, block, 0, 5, 2, 5), d, h, 1));
    }

    // Bits of H[j,l] as one FMA chain over i of (B[r,i]·d[i])·B[c,i], (r, c) = (min, max)(j, l): the kernel's order.
    private static long[] SequentialChains(double[] b, int rows, int cols, double[] d)
    {
        var bits = new long[rows * rows];
        for (int j = 0; j < rows; j++)
        {
            for (int l = 0; l < rows; l++)
            {
                int r = Math.Min(j, l), c = Math.Max(j, l);
                double sum = 0;
                for (int i = 0; i < cols; i++)
                {
                    sum = Math.FusedMultiplyAdd(b[(r * cols) + i] * d[i], b[(c * cols) + i], sum);
                }

                bits[(j * rows) + l] = BitConverter.DoubleToInt64Bits(sum);
            }
        }

        return bits;
    }
}
