using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ImplicitL1.Kernels;

/// <summary>
/// (Mᵀr, Mᵀu) for a column-major M (rows×cols) in one pass over M: the homotopy's correlations and their rate of
/// change, each column read once for both dot products (the pass is memory-bound, so the second one is nearly free).
/// </summary>
internal static class PairedDots
{
    private const int ParallelMinEntries = 1 << 20;

    /// <summary>cr[j] = M_jᵀr, cu[j] = M_jᵀu for every column j; the bits do not depend on the thread count.</summary>
    public static void Compute(ReadOnlySpan<double> m, int rows, int cols, ReadOnlySpan<double> r, ReadOnlySpan<double> u,
        Span<double> cr, Span<double> cu)
    {
        if (m.Length < (long)rows * cols || r.Length != rows || u.Length != rows || cr.Length < cols || cu.Length < cols)
        {
            throw new ArgumentException("PairedDots: M must be rows×cols, r and u of length rows, outputs of length cols.");
        }

        if ((long)rows * cols < ParallelMinEntries || Environment.ProcessorCount == 1)
        {
            Range(m, rows, r, u, cr, cu, 0, cols);
            return;
        }

        unsafe
        {
            fixed (double* pm = m, pr = r, pu = u, pcr = cr, pcu = cu)
            {
                var (am, ar, au, acr, acu) = ((nint)pm, (nint)pr, (nint)pu, (nint)pcr, (nint)pcu);
                int workers = Environment.ProcessorCount;
                int chunk = (cols + workers - 1) / workers;
                Parallel.For(0, workers, w =>
                {
                    int lo = w * chunk, hi = Math.Min(cols, lo + chunk);
                    if (lo < hi)
                    {
                        Range(new ReadOnlySpan<double>((void*)am, rows * cols), rows, new ReadOnlySpan<double>((void*)ar, rows),
                            new ReadOnlySpan<double>((void*)au, rows), new Span<double>((void*)acr, cols),
                            new Span<double>((void*)acu, cols), lo, hi);
                    }
                });
            }
        }
    }

    // Columns lo..hi−1: four Vector256 FMA chains (two per dot product), then the scalar tail.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Range(ReadOnlySpan<double> m, int rows, ReadOnlySpan<double> r, ReadOnlySpan<double> u,
        Span<double> cr, Span<double> cu, int lo, int hi)
    {
        ref double rr = ref MemoryMarshal.GetReference(r);
        ref double ru = ref MemoryMarshal.GetReference(u);
        int vectorEnd = rows - (rows % 8);
        for (int j = lo; j < hi; j++)
        {
            ref double col = ref Unsafe.Add(ref MemoryMarshal.GetReference(m), (nint)j * rows);
            var a0 = Vector256<double>.Zero;
            var a1 = Vector256<double>.Zero;
            var b0 = Vector256<double>.Zero;
            var b1 = Vector256<double>.Zero;
            for (int i = 0; i < vectorEnd; i += 8)
            {
                var c0 = Vector256.LoadUnsafe(ref col, (nuint)i);
                var c1 = Vector256.LoadUnsafe(ref col, (nuint)(i + 4));
                a0 = Vector256.FusedMultiplyAdd(c0, Vector256.LoadUnsafe(ref rr, (nuint)i), a0);
                a1 = Vector256.FusedMultiplyAdd(c1, Vector256.LoadUnsafe(ref rr, (nuint)(i + 4)), a1);
                b0 = Vector256.FusedMultiplyAdd(c0, Vector256.LoadUnsafe(ref ru, (nuint)i), b0);
                b1 = Vector256.FusedMultiplyAdd(c1, Vector256.LoadUnsafe(ref ru, (nuint)(i + 4)), b1);
            }

            double sr = Vector256.Sum(a0 + a1), su = Vector256.Sum(b0 + b1);
            for (int i = vectorEnd; i < rows; i++)
            {
                double c = Unsafe.Add(ref col, i);
                sr = Math.FusedMultiplyAdd(c, Unsafe.Add(ref rr, i), sr);
                su = Math.FusedMultiplyAdd(c, Unsafe.Add(ref ru, i), su);
            }

            cr[j] = sr;
            cu[j] = su;
        }
    }
}
