using System.Numerics.Tensors;

namespace ImplicitL1.Kernels;

/// <summary>H = B·diag(d)·Bᵀ for row-major B (m×N): the Hessian of the dual problem (THEORY.md §2).</summary>
public static class WeightedGram
{
    /// <summary>
    /// Fills the m×m row-major <paramref name="destination"/> with Σᵢ dᵢ·B[j,i]·B[l,i]; <paramref name="scratch"/>
    /// has length N. Only the upper triangle is computed and mirrored.
    /// </summary>
    public static void Compute(ReadOnlySpan<double> b, int rows, int cols, ReadOnlySpan<double> d, Span<double> scratch,
        Span<double> destination)
    {
        if (b.Length != rows * cols || d.Length != cols || scratch.Length < cols || destination.Length != rows * rows)
        {
            throw new ArgumentException("WeightedGram: B must be rows×cols, d and scratch of length cols, destination rows×rows.");
        }

        var weighted = scratch[..cols];
        for (int j = 0; j < rows; j++)
        {
            TensorPrimitives.Multiply(b.Slice(j * cols, cols), d, weighted);
            for (int l = j; l < rows; l++)
            {
                double value = TensorPrimitives.Dot(weighted, b.Slice(l * cols, cols));
                destination[(j * rows) + l] = value;
                destination[(l * rows) + j] = value;
            }
        }
    }
}
