using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace ImplicitL1.Dynamics;

/// <summary>
/// The two passes over A of one gradient step, summed in a fixed order (four <see cref="Vector{T}"/> accumulators
/// from index 0, then a scalar tail) so the bits depend only on the hardware vector width, never on thread count
/// or on how an array happens to be aligned (TensorPrimitives' reductions align large inputs first).
/// </summary>
internal static class StepKernels
{
    /// <summary>Σᵢ aᵢ·bᵢ in the fixed order described on the type.</summary>
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int n = a.Length;
        int width = Vector<double>.Count;
        var va = MemoryMarshal.Cast<double, Vector<double>>(a);
        var vb = MemoryMarshal.Cast<double, Vector<double>>(b[..n]);
        Vector<double> s0 = Vector<double>.Zero, s1 = Vector<double>.Zero, s2 = Vector<double>.Zero, s3 = Vector<double>.Zero;
        int k = 0;
        for (; k + 4 <= va.Length; k += 4)
        {
            s0 += va[k] * vb[k];
            s1 += va[k + 1] * vb[k + 1];
            s2 += va[k + 2] * vb[k + 2];
            s3 += va[k + 3] * vb[k + 3];
        }

        for (; k < va.Length; k++)
        {
            s0 += va[k] * vb[k];
        }

        double sum = Vector.Sum((s0 + s1) + (s2 + s3));
        for (int i = va.Length * width; i < n; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    /// <summary>Rows per block of <see cref="DotBlock"/> and <see cref="AddScaledBlock"/>.</summary>
    public const int BlockRows = 8;

    /// <summary>
    /// dₖ = aₖᵀx for eight consecutive rows at once (x is read once for the eight): one fused <see cref="Vector{T}"/>
    /// chain per row (eight in flight), then a scalar tail, in a fixed order.
    /// </summary>
    public static void DotBlock(ReadOnlySpan<double> rows, int cols, ReadOnlySpan<double> x, Span<double> d)
    {
        var vx = MemoryMarshal.Cast<double, Vector<double>>(x[..cols]);
        Rows(rows, cols, out var v0, out var v1, out var v2, out var v3, out var v4, out var v5, out var v6, out var v7);
        Vector<double> s0 = Vector<double>.Zero, s1 = Vector<double>.Zero, s2 = Vector<double>.Zero, s3 = Vector<double>.Zero;
        Vector<double> s4 = Vector<double>.Zero, s5 = Vector<double>.Zero, s6 = Vector<double>.Zero, s7 = Vector<double>.Zero;
        for (int k = 0; k < vx.Length; k++)
        {
            var xk = vx[k];
            s0 = Vector.FusedMultiplyAdd(v0[k], xk, s0);
            s1 = Vector.FusedMultiplyAdd(v1[k], xk, s1);
            s2 = Vector.FusedMultiplyAdd(v2[k], xk, s2);
            s3 = Vector.FusedMultiplyAdd(v3[k], xk, s3);
            s4 = Vector.FusedMultiplyAdd(v4[k], xk, s4);
            s5 = Vector.FusedMultiplyAdd(v5[k], xk, s5);
            s6 = Vector.FusedMultiplyAdd(v6[k], xk, s6);
            s7 = Vector.FusedMultiplyAdd(v7[k], xk, s7);
        }

        (d[0], d[1], d[2], d[3]) = (Vector.Sum(s0), Vector.Sum(s1), Vector.Sum(s2), Vector.Sum(s3));
        (d[4], d[5], d[6], d[7]) = (Vector.Sum(s4), Vector.Sum(s5), Vector.Sum(s6), Vector.Sum(s7));
        for (int i = vx.Length * Vector<double>.Count; i < cols; i++)
        {
            for (int r = 0; r < BlockRows; r++)
            {
                d[r] = Math.FusedMultiplyAdd(rows[(r * cols) + i], x[i], d[r]);
            }
        }
    }

    /// <summary>
    /// destination += Σₖ sₖaₖ over eight consecutive rows (destination read and written once), one fused chain per
    /// entry in row order. The rows come from cache (<see cref="DotBlock"/> just read them); when <paramref name="next"/>
    /// holds the next eight rows they are prefetched meanwhile, so memory keeps streaming during this pass (no
    /// effect on the result).
    /// </summary>
    public static unsafe void AddScaledBlock(ReadOnlySpan<double> rows, int cols, ReadOnlySpan<double> s, Span<double> destination,
        ReadOnlySpan<double> next = default)
    {
        if (Sse.IsSupported && next.Length >= BlockRows * cols)
        {
            fixed (double* p = next)
            {
                AddScaledBlockCore(rows, cols, s, destination, p);
            }

            return;
        }

        AddScaledBlockCore(rows, cols, s, destination, null);
    }

    // The kernel of AddScaledBlock; prefetch (may be null) points at the next block's first row.
    private static unsafe void AddScaledBlockCore(ReadOnlySpan<double> rows, int cols, ReadOnlySpan<double> s, Span<double> destination, double* prefetch)
    {
        var vd = MemoryMarshal.Cast<double, Vector<double>>(destination[..cols]);
        Rows(rows, cols, out var v0, out var v1, out var v2, out var v3, out var v4, out var v5, out var v6, out var v7);
        Vector<double> c0 = new(s[0]), c1 = new(s[1]), c2 = new(s[2]), c3 = new(s[3]), c4 = new(s[4]), c5 = new(s[5]), c6 = new(s[6]), c7 = new(s[7]);
        int lineStride = Math.Max(1, 64 / (Vector<double>.Count * sizeof(double))); // vectors per 64-byte cache line
        for (int k = 0; k < vd.Length; k++)
        {
            if (prefetch != null && k % lineStride == 0)
            {
                double* line = prefetch + (k * Vector<double>.Count);
                for (int r = 0; r < BlockRows; r++)
                {
                    Sse.Prefetch1(line + (r * cols));
                }
            }

            var acc = Vector.FusedMultiplyAdd(v3[k], c3, Vector.FusedMultiplyAdd(v2[k], c2, Vector.FusedMultiplyAdd(v1[k], c1, Vector.FusedMultiplyAdd(v0[k], c0, vd[k]))));
            vd[k] = Vector.FusedMultiplyAdd(v7[k], c7, Vector.FusedMultiplyAdd(v6[k], c6, Vector.FusedMultiplyAdd(v5[k], c5, Vector.FusedMultiplyAdd(v4[k], c4, acc))));
        }

        for (int i = vd.Length * Vector<double>.Count; i < cols; i++)
        {
            double acc = destination[i];
            for (int r = 0; r < BlockRows; r++)
            {
                acc = Math.FusedMultiplyAdd(rows[(r * cols) + i], s[r], acc);
            }

            destination[i] = acc;
        }
    }

    /// <summary>
    /// <see cref="DotBlock"/> for two models at once (dₖ = aₖᵀx, eₖ = aₖᵀz): each row is loaded once for both, and
    /// every sum is the same chain as in <see cref="DotBlock"/>, so each model gets the bits of its own call.
    /// </summary>
    public static void DotBlockPair(ReadOnlySpan<double> rows, int cols, ReadOnlySpan<double> x, ReadOnlySpan<double> z, Span<double> d, Span<double> e)
    {
        var vx = MemoryMarshal.Cast<double, Vector<double>>(x[..cols]);
        var vz = MemoryMarshal.Cast<double, Vector<double>>(z[..cols]);
        Rows(rows, cols, out var v0, out var v1, out var v2, out var v3, out var v4, out var v5, out var v6, out var v7);
        Vector<double> s0 = default, s1 = default, s2 = default, s3 = default, s4 = default, s5 = default, s6 = default, s7 = default;
        Vector<double> t0 = default, t1 = default, t2 = default, t3 = default, t4 = default, t5 = default, t6 = default, t7 = default;
        for (int k = 0; k < vx.Length; k++)
        {
            var (xk, zk) = (vx[k], vz[k]);
            FusedPair(v0[k], xk, zk, ref s0, ref t0);
            FusedPair(v1[k], xk, zk, ref s1, ref t1);
            FusedPair(v2[k], xk, zk, ref s2, ref t2);
            FusedPair(v3[k], xk, zk, ref s3, ref t3);
            FusedPair(v4[k], xk, zk, ref s4, ref t4);
            FusedPair(v5[k], xk, zk, ref s5, ref t5);
            FusedPair(v6[k], xk, zk, ref s6, ref t6);
            FusedPair(v7[k], xk, zk, ref s7, ref t7);
        }

        (d[0], d[1], d[2], d[3]) = (Vector.Sum(s0), Vector.Sum(s1), Vector.Sum(s2), Vector.Sum(s3));
        (d[4], d[5], d[6], d[7]) = (Vector.Sum(s4), Vector.Sum(s5), Vector.Sum(s6), Vector.Sum(s7));
        (e[0], e[1], e[2], e[3]) = (Vector.Sum(t0), Vector.Sum(t1), Vector.Sum(t2), Vector.Sum(t3));
        (e[4], e[5], e[6], e[7]) = (Vector.Sum(t4), Vector.Sum(t5), Vector.Sum(t6), Vector.Sum(t7));
        for (int i = vx.Length * Vector<double>.Count; i < cols; i++)
        {
            for (int r = 0; r < BlockRows; r++)
            {
                d[r] = Math.FusedMultiplyAdd(rows[(r * cols) + i], x[i], d[r]);
                e[r] = Math.FusedMultiplyAdd(rows[(r * cols) + i], z[i], e[r]);
            }
        }
    }

    /// <summary>
    /// <see cref="AddScaledBlock"/> for two models at once (destination += Σₖ sₖaₖ, other += Σₖ tₖaₖ): each row is
    /// loaded once for both, every entry is the same chain as in <see cref="AddScaledBlock"/>.
    /// </summary>
    public static void AddScaledBlockPair(ReadOnlySpan<double> rows, int cols, ReadOnlySpan<double> s, ReadOnlySpan<double> t,
        Span<double> destination, Span<double> other)
    {
        var vd = MemoryMarshal.Cast<double, Vector<double>>(destination[..cols]);
        var ve = MemoryMarshal.Cast<double, Vector<double>>(other[..cols]);
        Rows(rows, cols, out var v0, out var v1, out var v2, out var v3, out var v4, out var v5, out var v6, out var v7);
        Vector<double> c0 = new(s[0]), c1 = new(s[1]), c2 = new(s[2]), c3 = new(s[3]), c4 = new(s[4]), c5 = new(s[5]), c6 = new(s[6]), c7 = new(s[7]);
        Vector<double> e0 = new(t[0]), e1 = new(t[1]), e2 = new(t[2]), e3 = new(t[3]), e4 = new(t[4]), e5 = new(t[5]), e6 = new(t[6]), e7 = new(t[7]);
        for (int k = 0; k < vd.Length; k++)
        {
            var (a0, a1, a2, a3) = (v0[k], v1[k], v2[k], v3[k]);
            var acc = Vector.FusedMultiplyAdd(a3, c3, Vector.FusedMultiplyAdd(a2, c2, Vector.FusedMultiplyAdd(a1, c1, Vector.FusedMultiplyAdd(a0, c0, vd[k]))));
            var bcc = Vector.FusedMultiplyAdd(a3, e3, Vector.FusedMultiplyAdd(a2, e2, Vector.FusedMultiplyAdd(a1, e1, Vector.FusedMultiplyAdd(a0, e0, ve[k]))));
            var (a4, a5, a6, a7) = (v4[k], v5[k], v6[k], v7[k]);
            vd[k] = Vector.FusedMultiplyAdd(a7, c7, Vector.FusedMultiplyAdd(a6, c6, Vector.FusedMultiplyAdd(a5, c5, Vector.FusedMultiplyAdd(a4, c4, acc))));
            ve[k] = Vector.FusedMultiplyAdd(a7, e7, Vector.FusedMultiplyAdd(a6, e6, Vector.FusedMultiplyAdd(a5, e5, Vector.FusedMultiplyAdd(a4, e4, bcc))));
        }

        for (int i = vd.Length * Vector<double>.Count; i < cols; i++)
        {
            double acc = destination[i], bcc = other[i];
            for (int r = 0; r < BlockRows; r++)
            {
                acc = Math.FusedMultiplyAdd(rows[(r * cols) + i], s[r], acc);
                bcc = Math.FusedMultiplyAdd(rows[(r * cols) + i], t[r], bcc);
            }

            (destination[i], other[i]) = (acc, bcc);
        }
    }

    // s += a·x, t += a·z (one load of a for both chains).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FusedPair(Vector<double> a, Vector<double> x, Vector<double> z, ref Vector<double> s, ref Vector<double> t)
    {
        s = Vector.FusedMultiplyAdd(a, x, s);
        t = Vector.FusedMultiplyAdd(a, z, t);
    }

    // The eight rows of a block as vectors (row r = rows[r·cols, (r + 1)·cols)).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Rows(ReadOnlySpan<double> rows, int cols, out ReadOnlySpan<Vector<double>> v0, out ReadOnlySpan<Vector<double>> v1,
        out ReadOnlySpan<Vector<double>> v2, out ReadOnlySpan<Vector<double>> v3, out ReadOnlySpan<Vector<double>> v4,
        out ReadOnlySpan<Vector<double>> v5, out ReadOnlySpan<Vector<double>> v6, out ReadOnlySpan<Vector<double>> v7)
    {
        v0 = MemoryMarshal.Cast<double, Vector<double>>(rows[..cols]);
        v1 = MemoryMarshal.Cast<double, Vector<double>>(rows.Slice(cols, cols));
        v2 = MemoryMarshal.Cast<double, Vector<double>>(rows.Slice(2 * cols, cols));
        v3 = MemoryMarshal.Cast<double, Vector<double>>(rows.Slice(3 * cols, cols));
        v4 = MemoryMarshal.Cast<double, Vector<double>>(rows.Slice(4 * cols, cols));
        v5 = MemoryMarshal.Cast<double, Vector<double>>(rows.Slice(5 * cols, cols));
        v6 = MemoryMarshal.Cast<double, Vector<double>>(rows.Slice(6 * cols, cols));
        v7 = MemoryMarshal.Cast<double, Vector<double>>(rows.Slice(7 * cols, cols));
    }

    /// <summary>destination += s·a (elementwise, so the result does not depend on alignment).</summary>
    public static void AddScaled(ReadOnlySpan<double> a, double s, Span<double> destination)
    {
        int n = a.Length;
        var va = MemoryMarshal.Cast<double, Vector<double>>(a);
        var vd = MemoryMarshal.Cast<double, Vector<double>>(destination[..n]);
        var vs = new Vector<double>(s);
        for (int k = 0; k < va.Length; k++)
        {
            vd[k] += va[k] * vs;
        }

        for (int i = va.Length * Vector<double>.Count; i < n; i++)
        {
            destination[i] += a[i] * s;
        }
    }
}
