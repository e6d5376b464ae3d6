using System.Numerics.Tensors;

namespace ImplicitL1.LinearAlgebra;

/// <summary>In-place Cholesky H = LLᵀ of a small dense symmetric matrix (row-major), and the solve LLᵀz = b.</summary>
internal static class Cholesky
{
    /// <summary>Overwrites the lower triangle of <paramref name="h"/> (n×n) with L; false when H is not numerically positive definite.</summary>
    public static bool TryFactor(Span<double> h, int n)
    {
        for (int j = 0; j < n; j++)
        {
            var rowJ = h.Slice(j * n, j);
            double diag = h[(j * n) + j] - TensorPrimitives.Dot(rowJ, rowJ);

            if (!(diag > 0) || !double.IsFinite(diag))
            {
                return false;
            }

            double ljj = Math.Sqrt(diag);
            h[(j * n) + j] = ljj;
            for (int i = j + 1; i < n; i++)
            {
                double sum = h[(i * n) + j] - TensorPrimitives.Dot(h.Slice(i * n, j), rowJ);
                h[(i * n) + j] = sum / ljj;
            }
        }

        return true;
    }

    /// <summary>Solves LLᵀz = b in place (b becomes z) with L from <see cref="TryFactor"/>.</summary>
    public static void Solve(ReadOnlySpan<double> l, int n, Span<double> b)
    {
        for (int i = 0; i < n; i++)
        {
            double sum = b[i];
            for (int k = 0; k < i; k++)
            {
                sum -= l[(i * n) + k] * b[k];
            }

            b[i] = sum / l[(i * n) + i];
        }

        for (int i = n - 1; i >= 0; i--)
        {
            double sum = b[i];
            for (int k = i + 1; k < n; k++)
            {
                sum -= l[(k * n) + i] * b[k];
            }

            b[i] = sum / l[(i * n) + i];
        }
    }
}
