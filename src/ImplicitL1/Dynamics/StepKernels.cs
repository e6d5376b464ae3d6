using System.Numerics;
using System.Runtime.InteropServices;

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

    /// <summary>
    /// dₖ = aₖᵀx for four rows at once (x is read once for the four): two fused <see cref="Vector{T}"/> chains per row
    /// (even and odd vectors, eight in flight), then a scalar tail, in a fixed order.
    /// </summary>
    public static void Dot4(ReadOnlySpan<double> rows, int cols, ReadOnlySpan<double> x, Span<double> d)
    {
        var v0 = MemoryMarshal.Cast<double, Vector<double>>(rows[..cols]);
        var v1 = MemoryMarshal.Cast<double, Vector<double>>(rows.Slice(cols, cols));
        var v2 = MemoryMarshal.Cast<double, Vector<double>>(rows.Slice(2 * cols, cols));
        var v3 = MemoryMarshal.Cast<double, Vector<double>>(rows.Slice(3 * cols, cols));
        var vx = MemoryMarshal.Cast<double, Vector<double>>(x[..cols]);
        Vector<double> s0 = Vector<double>.Zero, s1 = Vector<double>.Zero, s2 = Vector<double>.Zero, s3 = Vector<double>.Zero;
        Vector<double> t0 = Vector<double>.Zero, t1 = Vector<double>.Zero, t2 = Vector<double>.Zero, t3 = Vector<double>.Zero;
        int k = 0;
        for (; k + 2 <= vx.Length; k += 2)
        {
            var xk = vx[k];
            var xl = vx[k + 1];
            s0 = Vector.FusedMultiplyAdd(v0[k], xk, s0);
            s1 = Vector.FusedMultiplyAdd(v1[k], xk, s1);
            s2 = Vector.FusedMultiplyAdd(v2[k], xk, s2);
            s3 = Vector.FusedMultiplyAdd(v3[k], xk, s3);
            t0 = Vector.FusedMultiplyAdd(v0[k + 1], xl, t0);
            t1 = Vector.FusedMultiplyAdd(v1[k + 1], xl, t1);
            t2 = Vector.FusedMultiplyAdd(v2[k + 1], xl, t2);
            t3 = Vector.FusedMultiplyAdd(v3[k + 1], xl, t3);
        }

        if (k < vx.Length)
        {
            var xk = vx[k];
            s0 = Vector.FusedMultiplyAdd(v0[k], xk, s0);
            s1 = Vector.FusedMultiplyAdd(v1[k], xk, s1);
            s2 = Vector.FusedMultiplyAdd(v2[k], xk, s2);
            s3 = Vector.FusedMultiplyAdd(v3[k], xk, s3);
        }

        double d0 = Vector.Sum(s0 + t0), d1 = Vector.Sum(s1 + t1), d2 = Vector.Sum(s2 + t2), d3 = Vector.Sum(s3 + t3);
        for (int i = vx.Length * Vector<double>.Count; i < cols; i++)
        {
            d0 = Math.FusedMultiplyAdd(rows[i], x[i], d0);
            d1 = Math.FusedMultiplyAdd(rows[cols + i], x[i], d1);
            d2 = Math.FusedMultiplyAdd(rows[(2 * cols) + i], x[i], d2);
            d3 = Math.FusedMultiplyAdd(rows[(3 * cols) + i], x[i], d3);
        }

        (d[0], d[1], d[2], d[3]) = (d0, d1, d2, d3);
    }

    /// <summary>
    /// destination += s₀a₀ + s₁a₁ + s₂a₂ + s₃a₃ for four consecutive rows (destination read and written once), one
    /// fused chain per entry in row order.
    /// </summary>
    public static void AddScaled4(ReadOnlySpan<double> rows, int cols, ReadOnlySpan<double> s, Span<double> destination)
    {
        var v0 = MemoryMarshal.Cast<double, Vector<double>>(rows[..cols]);
        var v1 = MemoryMarshal.Cast<double, Vector<double>>(rows.Slice(cols, cols));
        var v2 = MemoryMarshal.Cast<double, Vector<double>>(rows.Slice(2 * cols, cols));
        var v3 = MemoryMarshal.Cast<double, Vector<double>>(rows.Slice(3 * cols, cols));
        var vd = MemoryMarshal.Cast<double, Vector<double>>(destination[..cols]);
        Vector<double> c0 = new(s[0]), c1 = new(s[1]), c2 = new(s[2]), c3 = new(s[3]);
        for (int k = 0; k < vd.Length; k++)
        {
            vd[k] = Vector.FusedMultiplyAdd(v3[k], c3, Vector.FusedMultiplyAdd(v2[k], c2, Vector.FusedMultiplyAdd(v1[k], c1, Vector.FusedMultiplyAdd(v0[k], c0, vd[k]))));
        }

        for (int i = vd.Length * Vector<double>.Count; i < cols; i++)
        {
            destination[i] = Math.FusedMultiplyAdd(rows[(3 * cols) + i], s[3], Math.FusedMultiplyAdd(rows[(2 * cols) + i], s[2],
                Math.FusedMultiplyAdd(rows[cols + i], s[1], Math.FusedMultiplyAdd(rows[i], s[0], destination[i]))));
        }
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
