using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ImplicitL1.Kernels;

/// <summary>
/// Products with the active columns E of a column-major M (rows×cols), the homotopy's per-breakpoint work: the two
/// combinations (p, q) += (Σ_k a_k M_{E_k}, Σ_k b_k M_{E_k}) in one read of M_E, and the dots g_k = M_{E_k}ᵀx.
/// Every combination entry is one fused multiply–add chain over k in increasing order and every dot one fixed
/// four-lane sum, so the bits do not depend on the thread count (rows, resp. columns, are split between threads).
/// </summary>
internal static class ActiveColumns
{
    /// <summary>Rows of one combination tile: both outputs' tiles (4 KB) stay in L1 while M_E streams past.</summary>
    private const int RowTile = 256;

    /// <summary>Below this many entries of M_E one thread does the work (a parallel loop costs more than it saves).</summary>
    private const long ParallelMinEntries = 1 << 17;

    /// <summary>p += Σ_k a_k M_{E_k} and q += Σ_k b_k M_{E_k} over k &lt; |E| (E = <paramref name="columns"/>).</summary>
    public static void AddCombinations(double[] m, int rows, List<int> columns, double[] a, double[] p, double[] b, double[] q)
    {
        int e = columns.Count;
        if (a.Length < e || b.Length < e || p.Length != rows || q.Length != rows)
        {
            throw new ArgumentException("ActiveColumns: weights need |E| entries and the outputs one per row.");
        }

        int tiles = (rows + RowTile - 1) / RowTile;
        if ((long)rows * e < ParallelMinEntries || tiles == 1 || Environment.ProcessorCount == 1)
        {
            AddRows(m, rows, CollectionsMarshal.AsSpan(columns), a, p, b, q, 0, rows);
            return;
        }

        Parallel.For(0, tiles, t =>
            AddRows(m, rows, CollectionsMarshal.AsSpan(columns), a, p, b, q, t * RowTile, Math.Min(rows, (t + 1) * RowTile)));
    }

    /// <summary>g_k = M_{E_k}ᵀx for k &lt; |E|.</summary>
    public static void Dots(double[] m, int rows, List<int> columns, ReadOnlySpan<double> x, Span<double> g)
    {
        int e = columns.Count;
        if (x.Length != rows || g.Length < e)
        {
            throw new ArgumentException("ActiveColumns: x needs one entry per row and g |E| entries.");
        }

        if ((long)rows * e < ParallelMinEntries || Environment.ProcessorCount == 1)
        {
            DotRange(m, rows, CollectionsMarshal.AsSpan(columns), x, g, 0, e);
            return;
        }

        // Groups of 64 columns, whatever the thread count.
        int groups = (e + 63) / 64;
        unsafe
        {
            fixed (double* px = x, pg = g)
            {
                var (ax, ag) = ((nint)px, (nint)pg);
                Parallel.For(0, groups, t => DotRange(m, rows, CollectionsMarshal.AsSpan(columns), new ReadOnlySpan<double>((void*)ax, rows),
                    new Span<double>((void*)ag, e), t * 64, Math.Min(e, (t + 1) * 64)));
            }
        }
    }

    // Rows lo..hi−1 of (p, q) += (M_E a, M_E b): four columns per pass over the tile, k increasing within each entry.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddRows(double[] m, int rows, ReadOnlySpan<int> columns, double[] a, double[] p, double[] b, double[] q, int lo, int hi)
    {
        ref double m0 = ref MemoryMarshal.GetArrayDataReference(m);
        ref double pr = ref MemoryMarshal.GetArrayDataReference(p);
        ref double qr = ref MemoryMarshal.GetArrayDataReference(q);
        for (int t0 = lo; t0 < hi; t0 += RowTile)
        {
            int t1 = Math.Min(hi, t0 + RowTile), vectorEnd = t0 + ((t1 - t0) & ~3);
            int k = 0;
            for (; k + 4 <= columns.Length; k += 4)
            {
                ref double c0 = ref Unsafe.Add(ref m0, (nint)columns[k] * rows);
                ref double c1 = ref Unsafe.Add(ref m0, (nint)columns[k + 1] * rows);
                ref double c2 = ref Unsafe.Add(ref m0, (nint)columns[k + 2] * rows);
                ref double c3 = ref Unsafe.Add(ref m0, (nint)columns[k + 3] * rows);
                var (a0, a1, a2, a3) = (Vector256.Create(a[k]), Vector256.Create(a[k + 1]), Vector256.Create(a[k + 2]), Vector256.Create(a[k + 3]));
                var (b0, b1, b2, b3) = (Vector256.Create(b[k]), Vector256.Create(b[k + 1]), Vector256.Create(b[k + 2]), Vector256.Create(b[k + 3]));
                for (int i = t0; i < vectorEnd; i += 4)
                {
                    var x = Vector256.LoadUnsafe(ref pr, (nuint)i);
                    var y = Vector256.LoadUnsafe(ref qr, (nuint)i);
                    var v0 = Vector256.LoadUnsafe(ref c0, (nuint)i);
                    var v1 = Vector256.LoadUnsafe(ref c1, (nuint)i);
                    var v2 = Vector256.LoadUnsafe(ref c2, (nuint)i);
                    var v3 = Vector256.LoadUnsafe(ref c3, (nuint)i);
                    x = Vector256.FusedMultiplyAdd(v3, a3, Vector256.FusedMultiplyAdd(v2, a2, Vector256.FusedMultiplyAdd(v1, a1, Vector256.FusedMultiplyAdd(v0, a0, x))));
                    y = Vector256.FusedMultiplyAdd(v3, b3, Vector256.FusedMultiplyAdd(v2, b2, Vector256.FusedMultiplyAdd(v1, b1, Vector256.FusedMultiplyAdd(v0, b0, y))));
                    x.StoreUnsafe(ref pr, (nuint)i);
                    y.StoreUnsafe(ref qr, (nuint)i);
                }

                for (int i = vectorEnd; i < t1; i++)
                {
                    double v0 = Unsafe.Add(ref c0, i), v1 = Unsafe.Add(ref c1, i), v2 = Unsafe.Add(ref c2, i), v3 = Unsafe.Add(ref c3, i);
                    p[i] = Math.FusedMultiplyAdd(v3, a[k + 3], Math.FusedMultiplyAdd(v2, a[k + 2], Math.FusedMultiplyAdd(v1, a[k + 1], Math.FusedMultiplyAdd(v0, a[k], p[i]))));
                    q[i] = Math.FusedMultiplyAdd(v3, b[k + 3], Math.FusedMultiplyAdd(v2, b[k + 2], Math.FusedMultiplyAdd(v1, b[k + 1], Math.FusedMultiplyAdd(v0, b[k], q[i]))));
                }
            }

            for (; k < columns.Length; k++)
            {
                ref double c0 = ref Unsafe.Add(ref m0, (nint)columns[k] * rows);
                for (int i = t0; i < t1; i++)
                {
                    double v0 = Unsafe.Add(ref c0, i);
                    p[i] = Math.FusedMultiplyAdd(v0, a[k], p[i]);
                    q[i] = Math.FusedMultiplyAdd(v0, b[k], q[i]);
                }
            }
        }
    }

    // g_k = M_{E_k}ᵀx for k in lo..hi−1: one Vector256 chain per column (four columns per pass over x), then the tail.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DotRange(double[] m, int rows, ReadOnlySpan<int> columns, ReadOnlySpan<double> x, Span<double> g, int lo, int hi)
    {
        ref double m0 = ref MemoryMarshal.GetArrayDataReference(m);
        ref double xr = ref MemoryMarshal.GetReference(x);
        int vectorEnd = rows & ~3;
        int k = lo;
        for (; k + 4 <= hi; k += 4)
        {
            ref double c0 = ref Unsafe.Add(ref m0, (nint)columns[k] * rows);
            ref double c1 = ref Unsafe.Add(ref m0, (nint)columns[k + 1] * rows);
            ref double c2 = ref Unsafe.Add(ref m0, (nint)columns[k + 2] * rows);
            ref double c3 = ref Unsafe.Add(ref m0, (nint)columns[k + 3] * rows);
            var (s0, s1, s2, s3) = (Vector256<double>.Zero, Vector256<double>.Zero, Vector256<double>.Zero, Vector256<double>.Zero);
            for (int i = 0; i < vectorEnd; i += 4)
            {
                var xv = Vector256.LoadUnsafe(ref xr, (nuint)i);
                s0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref c0, (nuint)i), xv, s0);
                s1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref c1, (nuint)i), xv, s1);
                s2 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref c2, (nuint)i), xv, s2);
                s3 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref c3, (nuint)i), xv, s3);
            }

            g[k] = Tail(ref c0, ref xr, vectorEnd, rows, Vector256.Sum(s0));
            g[k + 1] = Tail(ref c1, ref xr, vectorEnd, rows, Vector256.Sum(s1));
            g[k + 2] = Tail(ref c2, ref xr, vectorEnd, rows, Vector256.Sum(s2));
            g[k + 3] = Tail(ref c3, ref xr, vectorEnd, rows, Vector256.Sum(s3));
        }

        for (; k < hi; k++)
        {
            ref double c0 = ref Unsafe.Add(ref m0, (nint)columns[k] * rows);
            var s0 = Vector256<double>.Zero;
            for (int i = 0; i < vectorEnd; i += 4)
            {
                s0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref c0, (nuint)i), Vector256.LoadUnsafe(ref xr, (nuint)i), s0);
            }

            g[k] = Tail(ref c0, ref xr, vectorEnd, rows, Vector256.Sum(s0));
        }
    }

    private static double Tail(ref double column, ref double x, int from, int rows, double sum)
    {
        for (int i = from; i < rows; i++)
        {
            sum = Math.FusedMultiplyAdd(Unsafe.Add(ref column, i), Unsafe.Add(ref x, i), sum);
        }

        return sum;
    }
}
