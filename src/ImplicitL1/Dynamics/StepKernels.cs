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
