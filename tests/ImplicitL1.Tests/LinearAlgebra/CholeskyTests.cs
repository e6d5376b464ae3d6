using ImplicitL1.LinearAlgebra;

namespace ImplicitL1.Tests.LinearAlgebra;

public class CholeskyTests
{
    // B·Bᵀ for a k×n B with k rows: rank min(k, n), so k < n gives a singular matrix that needs a shift.
    private static double[] Gram(int n, int k, int seed)
    {
        var rng = new ImplicitL1.Problems.SeededRandom(seed);
        var b = Enumerable.Range(0, n * k).Select(_ => rng.NextGaussian()).ToArray();
        var h = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int l = 0; l < k; l++)
                {
                    sum += b[(i * k) + l] * b[(j * k) + l];
                }

                h[(i * n) + j] = sum + (i == j ? 1e-3 * (k >= n ? 1 : 0) : 0);
            }
        }

        return h;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(37)]
    public void Solve_returns_z_with_h_z_equal_to_b(int n)
    {
        var h = Gram(n, n + 3, n);
        var l = (double[])h.Clone();
        Assert.True(Cholesky.TryFactor(l, n));
        var b = Enumerable.Range(0, n).Select(i => Math.Sin(i + 1.0)).ToArray();
        var z = (double[])b.Clone();
        Cholesky.Solve(l, n, z);
        for (int i = 0; i < n; i++)
        {
            double hz = 0, scale = 0;
            for (int j = 0; j < n; j++)
            {
                hz += h[(i * n) + j] * z[j];
                scale += Math.Abs(h[(i * n) + j] * z[j]);
            }

            Assert.True(Math.Abs(hz - b[i]) <= 1e-12 * (scale + Math.Abs(b[i])), $"row {i}: {hz:R} vs {b[i]:R}");
        }
    }

    [Fact]
    public void The_in_place_factor_gives_the_bits_of_the_copying_one()
    {
        int n = 7;
        var h = Gram(n, 12, 1);
        var factor = new double[n * n];
        var scale = new double[n];
        Assert.True(Cholesky.TryFactorScaled(h, factor, n, scale));
        var inPlace = (double[])h.Clone();
        var scale2 = new double[n];
        Assert.True(Cholesky.TryFactorScaledInPlace(inPlace, n, scale2, new double[n]));
        Assert.Equal(scale, scale2);
        var b = Enumerable.Range(0, n).Select(i => Math.Cos(i + 0.5)).ToArray();
        var z1 = (double[])b.Clone();
        var z2 = (double[])b.Clone();
        Cholesky.SolveScaled(factor, n, scale, z1);
        Cholesky.SolveScaled(inPlace, n, scale2, z2);
        Assert.Equal(z1, z2);
        for (int i = 0; i < n; i++)
        {
            double hz = Enumerable.Range(0, n).Sum(j => h[(i * n) + j] * z2[j]);
            Assert.Equal(b[i], hz, 1e-9);
        }
    }

    [Fact]
    public void A_singular_matrix_is_factored_in_place_with_a_shift_from_the_restored_triangle()
    {
        int n = 9;
        var h = Gram(n, 4, 2); // rank 4: the unshifted attempt fails
        Assert.False(Cholesky.TryFactor((double[])h.Clone(), n));
        var f = (double[])h.Clone();
        var scale = new double[n];
        Assert.True(Cholesky.TryFactorScaledInPlace(f, n, scale, new double[n]));

        // L·Lᵀ = S·H·S + δ·I with one shift δ ∈ [1e-15, 1] on the whole diagonal.
        double shift = double.NaN;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double llt = 0;
                for (int k = 0; k <= j; k++)
                {
                    llt += f[(i * n) + k] * f[(j * n) + k];
                }

                double shs = h[(i * n) + j] * scale[i] * scale[j];
                if (i == j)
                {
                    shift = double.IsNaN(shift) ? llt - shs : shift;
                    Assert.Equal(shift, llt - shs, 1e-12);
                }
                else
                {
                    Assert.Equal(shs, llt, 1e-12);
                }
            }
        }

        Assert.InRange(shift, 1e-16, 1.0);
    }

    [Fact]
    public void A_non_positive_diagonal_is_refused_in_place()
    {
        var h = new double[] { 1, 0, 0, -1 };
        Assert.False(Cholesky.TryFactorScaledInPlace(h, 2, new double[2], new double[2]));
    }
}
