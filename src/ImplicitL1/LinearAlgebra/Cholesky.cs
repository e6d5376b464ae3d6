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

    /// <summary>
    /// Factors the Jacobi-scaled S·H·S = LLᵀ, S = diag(H)^{−½}, of <paramref name="original"/> into
    /// <paramref name="factor"/> (n×n) and <paramref name="scale"/> (S's diagonal); when that is not numerically positive
    /// definite, retries with the shifts 1e-15, 1e-13, … ≤ 1 on the unit diagonal. False when H has a diagonal entry that
    /// is not finite and &gt; 0 or no shift helps.
    /// </summary>
    public static bool TryFactorScaled(ReadOnlySpan<double> original, Span<double> factor, int n, Span<double> scale)
    {
        for (int j = 0; j < n; j++)
        {
            double diag = original[(j * n) + j];
            if (!(diag > 0) || !double.IsFinite(diag))
            {
                return false;
            }

            scale[j] = 1.0 / Math.Sqrt(diag);
        }

        for (double shift = 0.0; shift <= 1.0; shift = shift == 0.0 ? 1e-15 : shift * 100.0)
        {
            for (int j = 0; j < n; j++)
            {
                for (int l = 0; l < n; l++)
                {
                    factor[(j * n) + l] = original[(j * n) + l] * scale[j] * scale[l];
                }

                factor[(j * n) + j] += shift;
            }

            if (TryFactor(factor[..(n * n)], n))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <see cref="TryFactorScaled"/> without a second n×n array: the symmetric <paramref name="h"/> is Jacobi-scaled in
    /// place and its lower triangle becomes L; a failed attempt is undone from the untouched upper triangle and the
    /// scaled diagonal kept in <paramref name="diagonal"/> (length n), then retried with the same shifts.
    /// </summary>
    public static bool TryFactorScaledInPlace(Span<double> h, int n, Span<double> scale, Span<double> diagonal)
    {
        for (int j = 0; j < n; j++)
        {
            double diag = h[(j * n) + j];
            if (!(diag > 0) || !double.IsFinite(diag))
            {
                return false;
            }

            scale[j] = 1.0 / Math.Sqrt(diag);
        }

        for (int j = 0; j < n; j++)
        {
            for (int l = 0; l < n; l++)
            {
                h[(j * n) + l] = h[(j * n) + l] * scale[j] * scale[l];
            }

            diagonal[j] = h[(j * n) + j];
        }

        for (double shift = 0.0; shift <= 1.0; shift = shift == 0.0 ? 1e-15 : shift * 100.0)
        {
            if (shift > 0)
            {
                for (int j = 0; j < n; j++)
                {
                    for (int l = 0; l < j; l++)
                    {
                        h[(j * n) + l] = h[(l * n) + j];
                    }

                    h[(j * n) + j] = diagonal[j] + shift;
                }
            }

            if (TryFactor(h[..(n * n)], n))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Solves H z = b in place with the factor and scale of <see cref="TryFactorScaled"/>: z = S(LLᵀ)⁻¹S b.</summary>
    public static void SolveScaled(ReadOnlySpan<double> factor, int n, ReadOnlySpan<double> scale, Span<double> b)
    {
        TensorPrimitives.Multiply(b, scale, b);
        Solve(factor[..(n * n)], n, b);
        TensorPrimitives.Multiply(b, scale, b);
    }

    /// <summary>Solves LLᵀz = b in place (b becomes z) with L from <see cref="TryFactor"/>.</summary>
    public static void Solve(ReadOnlySpan<double> l, int n, Span<double> b)
    {
        // L u = b by rows: uᵢ = (bᵢ − L_{i,<i}·u_{<i}) / Lᵢᵢ.
        for (int i = 0; i < n; i++)
        {
            b[i] = (b[i] - TensorPrimitives.Dot(l.Slice(i * n, i), b[..i])) / l[(i * n) + i];
        }

        // Lᵀz = u by columns of Lᵀ (rows of L): zᵢ = uᵢ / Lᵢᵢ, then u_{<i} −= zᵢ·L_{i,<i}.
        for (int i = n - 1; i >= 0; i--)
        {
            b[i] /= l[(i * n) + i];
            TensorPrimitives.MultiplyAdd(l.Slice(i * n, i), -b[i], b[..i], b[..i]);
        }
    }
}
