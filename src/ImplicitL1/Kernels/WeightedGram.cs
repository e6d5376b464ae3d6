using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ImplicitL1.Kernels;

/// <summary>H = B·diag(d)·Bᵀ for row-major B (m×N): the Hessian of the dual problem (docs/theory.md §2).</summary>
public static class WeightedGram
{
    /// <summary>Rows of B·diag(d) formed per pass; <c>scratch</c> must hold this many rows.</summary>
    public const int BlockRows = 4;

    /// <summary>
    /// Fills the m×m row-major <paramref name="destination"/> with H[j,l] = Σᵢ dᵢ·B[j,i]·B[l,i]. Register-blocked:
    /// four weighted rows meet two rows of B per pass (eight running sums), so B streams m/4 times instead of m.
    /// <paramref name="scratch"/> has length ≥ 4·N. Sums run in a fixed order: the same bits on every call.
    /// </summary>
    public static void Compute(ReadOnlySpan<double> b, int rows, int cols, ReadOnlySpan<double> d, Span<double> scratch,
        Span<double> destination)
    {
        if (b.Length != rows * cols || d.Length != cols || scratch.Length < BlockRows * cols || destination.Length != rows * rows)
        {
            throw new ArgumentException("WeightedGram: B must be rows×cols, d of length cols, scratch ≥ 4·cols, destination rows×rows.");
        }

        Span<double> sums = stackalloc double[BlockRows * 2];
        for (int j = 0; j < rows; j += BlockRows)
        {
            int jb = Math.Min(BlockRows, rows - j);
            for (int q = 0; q < BlockRows; q++)
            {
                // Missing rows of a short last block repeat the block's first row; their sums are not stored.
                int row = j + (q < jb ? q : 0);
                TensorPrimitives.Multiply(b.Slice(row * cols, cols), d, scratch.Slice(q * cols, cols));
            }

            for (int l = j; l < rows; l += 2)
            {
                int l1 = Math.Min(l + 1, rows - 1);
                Dot4x2(scratch, b.Slice(l * cols, cols), b.Slice(l1 * cols, cols), cols, sums);
                for (int q = 0; q < jb; q++)
                {
                    Store(destination, rows, j + q, l, sums[2 * q]);
                    Store(destination, rows, j + q, l1, sums[(2 * q) + 1]);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Span<double> h, int n, int row, int col, double value)
    {
        h[(row * n) + col] = value;
        h[(col * n) + row] = value;
    }

    // sums[2q + k] = Σᵢ w_q[i]·b_k[i] for the four weighted rows w_q (in scratch) and two rows b_0, b_1.
    private static void Dot4x2(ReadOnlySpan<double> w, ReadOnlySpan<double> b0, ReadOnlySpan<double> b1, int n, Span<double> sums)
    {
        ref double w0 = ref MemoryMarshal.GetReference(w);
        ref double w1 = ref Unsafe.Add(ref w0, n);
        ref double w2 = ref Unsafe.Add(ref w0, 2 * n);
        ref double w3 = ref Unsafe.Add(ref w0, 3 * n);
        ref double r0 = ref MemoryMarshal.GetReference(b0);
        ref double r1 = ref MemoryMarshal.GetReference(b1);
        var a00 = Vector<double>.Zero; var a01 = Vector<double>.Zero;
        var a10 = Vector<double>.Zero; var a11 = Vector<double>.Zero;
        var a20 = Vector<double>.Zero; var a21 = Vector<double>.Zero;
        var a30 = Vector<double>.Zero; var a31 = Vector<double>.Zero;
        int width = Vector<double>.Count, i = 0;
        for (; i <= n - width; i += width)
        {
            var x0 = Vector.LoadUnsafe(ref r0, (nuint)i);
            var x1 = Vector.LoadUnsafe(ref r1, (nuint)i);
            var v = Vector.LoadUnsafe(ref w0, (nuint)i);
            a00 = Vector.FusedMultiplyAdd(v, x0, a00);
            a01 = Vector.FusedMultiplyAdd(v, x1, a01);
            v = Vector.LoadUnsafe(ref w1, (nuint)i);
            a10 = Vector.FusedMultiplyAdd(v, x0, a10);
            a11 = Vector.FusedMultiplyAdd(v, x1, a11);
            v = Vector.LoadUnsafe(ref w2, (nuint)i);
            a20 = Vector.FusedMultiplyAdd(v, x0, a20);
            a21 = Vector.FusedMultiplyAdd(v, x1, a21);
            v = Vector.LoadUnsafe(ref w3, (nuint)i);
            a30 = Vector.FusedMultiplyAdd(v, x0, a30);
            a31 = Vector.FusedMultiplyAdd(v, x1, a31);
        }

        double s00 = Vector.Sum(a00), s01 = Vector.Sum(a01), s10 = Vector.Sum(a10), s11 = Vector.Sum(a11);
        double s20 = Vector.Sum(a20), s21 = Vector.Sum(a21), s30 = Vector.Sum(a30), s31 = Vector.Sum(a31);
        for (; i < n; i++)
        {
            double x0 = Unsafe.Add(ref r0, i), x1 = Unsafe.Add(ref r1, i);
            s00 += Unsafe.Add(ref w0, i) * x0;
            s01 += Unsafe.Add(ref w0, i) * x1;
            s10 += Unsafe.Add(ref w1, i) * x0;
            s11 += Unsafe.Add(ref w1, i) * x1;
            s20 += Unsafe.Add(ref w2, i) * x0;
            s21 += Unsafe.Add(ref w2, i) * x1;
            s30 += Unsafe.Add(ref w3, i) * x0;
            s31 += Unsafe.Add(ref w3, i) * x1;
        }

        sums[0] = s00; sums[1] = s01; sums[2] = s10; sums[3] = s11;
        sums[4] = s20; sums[5] = s21; sums[6] = s30; sums[7] = s31;
    }
}
