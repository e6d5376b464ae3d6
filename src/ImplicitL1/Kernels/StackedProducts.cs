using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ImplicitL1.Kernels;

/// <summary>
/// Matrix–vector products with a <see cref="StackedRows"/> matrix B (rows×cols) on up to two threads, each output
/// entry one fixed-order sum, so the bits do not depend on the thread count: w = Bᵀν (columns split), the pair
/// (Bx, |B|f) in one pass over B (rows split, four rows per pass over x), and the Hessian product y = B(d ⊙ Bᵀc)
/// as those two passes (column blocks that keep B in L2 between them were slower: at m = 2000 a block is 32 columns).
/// </summary>
internal static class StackedProducts
{
    private const long ParallelMinEntries = 1 << 19;

    /// <summary>B as the rows of one row-major array (row j at offset + j·stride).</summary>
    public static StackedRows Rows(double[] a, int offset, int stride, int rows, int cols) =>
        new(a, offset, stride, rows, a, 0, stride, 0, cols);

    /// <summary>Length of the work array <see cref="Hessian"/> needs.</summary>
    public static int WorkLength(int rows, int cols) => cols;

    /// <summary>w = Bᵀν: each wᵢ = Σⱼ B[j,i]·νⱼ in increasing j.</summary>
    public static unsafe void TransposeTimes(in StackedRows b, ReadOnlySpan<double> nu, Span<double> w, int threads)
    {
        Check(b, nu.Length == b.Rows && w.Length >= b.Cols);
        var shape = b;
        fixed (double* pt = b.Top, pb = b.Bottom, pn = nu, pw = w)
        {
            var (top, bottom, n, o) = ((nint)pt, (nint)pb, (nint)pn, (nint)pw);
            int chunks = Workers(b, threads, Math.Max(1, b.Cols / 64));
            Run(chunks, chunks, chunk =>
            {
                var r = new RowPointers(shape, (double*)top, (double*)bottom);
                TransposeRange(r, shape.Rows, (double*)n, (double*)o, Split(shape.Cols, chunk, chunks, 4), Split(shape.Cols, chunk + 1, chunks, 4));
            });
        }
    }

    /// <summary>bx = Bx and absBf = |B|f (f ≥ 0) in one pass over B, rows split between threads.</summary>
    public static unsafe void TimesAndAbs(in StackedRows b, ReadOnlySpan<double> x, ReadOnlySpan<double> f, Span<double> bx, Span<double> absBf, int threads)
    {
        Check(b, x.Length >= b.Cols && f.Length >= b.Cols && bx.Length >= b.Rows && absBf.Length >= b.Rows);
        fixed (double* pf = f, pa = absBf)
        {
            RowPass(b, x, pf, bx, pa, threads);
        }
    }

    // output = Bx (and absOutput = |B|f when f is not null), rows split between threads.
    private static unsafe void RowPass(in StackedRows b, ReadOnlySpan<double> x, double* f, Span<double> output, double* absOutput, int threads)
    {
        var shape = b;
        fixed (double* pt = b.Top, pb = b.Bottom, px = x, po = output)
        {
            var (top, bottom, xp, fp, op, ap) = ((nint)pt, (nint)pb, (nint)px, (nint)f, (nint)po, (nint)absOutput);
            int chunks = Workers(b, threads, Math.Max(1, b.Rows));
            Run(chunks, chunks, chunk =>
            {
                var r = new RowPointers(shape, (double*)top, (double*)bottom);
                int j0 = Split(shape.Rows, chunk, chunks, 1), j1 = Split(shape.Rows, chunk + 1, chunks, 1);
                new Span<double>((double*)op + j0, j1 - j0).Clear();
                RowDots(r, j0, j1, (double*)xp, (double*)fp, shape.Cols, (double*)op, (double*)ap);
            });
        }
    }

    /// <summary>y = B(d ⊙ Bᵀc): t = Bᵀc in <paramref name="work"/> (length N), t ⊙= d, y = B·t.</summary>
    public static unsafe void Hessian(in StackedRows b, ReadOnlySpan<double> d, ReadOnlySpan<double> c, Span<double> y, Span<double> work, int threads)
    {
        Check(b, d.Length >= b.Cols && c.Length == b.Rows && y.Length >= b.Rows && work.Length >= WorkLength(b.Rows, b.Cols));
        var t = work[..b.Cols];
        TransposeTimes(b, c, t, threads);
        System.Numerics.Tensors.TensorPrimitives.Multiply(t, d[..b.Cols], t);
        RowPass(b, t, null, y, null, threads);
    }

    private static void Check(in StackedRows b, bool shapes)
    {
        if (!b.IsValid || !shapes)
        {
            throw new ArgumentException("StackedProducts: each block must hold its rows at its stride and the vectors must match B's shape.");
        }
    }

    // Workers for B: one per thread (at most `limit`) when B is large, else 1.
    private static int Workers(in StackedRows b, int threads, int limit) =>
        (long)b.Rows * b.Cols < ParallelMinEntries ? 1 : Math.Clamp(threads, 1, limit);

    // Boundary k of `chunks` near-equal pieces of n, rounded down to a multiple of `align`.
    private static int Split(int n, int k, int chunks, int align) => k == chunks ? n : (int)((long)n * k / chunks) / align * align;

    // body(0..count−1) on `workers` threads; in order on the calling thread when workers is 1.
    private static void Run(int count, int workers, Action<int> body)
    {
        if (workers == 1)
        {
            for (int k = 0; k < count; k++)
            {
                body(k);
            }

            return;
        }

        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = workers }, body);
    }

    // w[c0..c1) = Σⱼ νⱼ·B[j, c0..c1): rows four at a time, one FMA chain per entry in increasing j.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void TransposeRange(RowPointers r, int rows, double* nu, double* w, int c0, int c1)
    {
        for (int i = c0; i < c1; i++)
        {
            w[i] = 0;
        }

        int j = 0;
        for (; j + 4 <= rows; j += 4)
        {
            Axpy4(r[j], r[j + 1], r[j + 2], r[j + 3], nu + j, w, c0, c1 - c0);
        }

        for (; j < rows; j++)
        {
            double* row = r[j];
            for (int i = c0; i < c1; i++)
            {
                w[i] = Math.FusedMultiplyAdd(row[i], nu[j], w[i]);
            }
        }
    }

    // t[c0 + i] = fma(r3, c3, fma(r2, c2, fma(r1, c1, fma(r0, c0, t)))) for i < len (row pointers at column 0 of B).
    private static unsafe void Axpy4(double* r0, double* r1, double* r2, double* r3, double* c, double* t, int c0, int len)
    {
        var (v0, v1, v2, v3) = (Vector256.Create(c[0]), Vector256.Create(c[1]), Vector256.Create(c[2]), Vector256.Create(c[3]));
        int i = 0;
        for (; i + 4 <= len; i += 4)
        {
            int k = c0 + i;
            var acc = Vector256.Load(t + k);
            acc = Vector256.FusedMultiplyAdd(Vector256.Load(r0 + k), v0, acc);
            acc = Vector256.FusedMultiplyAdd(Vector256.Load(r1 + k), v1, acc);
            acc = Vector256.FusedMultiplyAdd(Vector256.Load(r2 + k), v2, acc);
            acc = Vector256.FusedMultiplyAdd(Vector256.Load(r3 + k), v3, acc);
            acc.Store(t + k);
        }

        for (; i < len; i++)
        {
            int k = c0 + i;
            double acc = Math.FusedMultiplyAdd(r0[k], c[0], t[k]);
            acc = Math.FusedMultiplyAdd(r1[k], c[1], acc);
            acc = Math.FusedMultiplyAdd(r2[k], c[2], acc);
            t[k] = Math.FusedMultiplyAdd(r3[k], c[3], acc);
        }
    }

    // output[j] += Σ B[j,·]·x (and absOutput[j] = Σ |B[j,·]|·f when f is given) for rows j0..j1−1, four rows per pass over
    // x; a short last group repeats its last row. Each row is one accumulator chain, so grouping does not change bits.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void RowDots(RowPointers r, int j0, int j1, double* x, double* f, int n, double* output, double* absOutput)
    {
        for (int j = j0; j < j1; j += 4)
        {
            double* r0 = r[j], r1 = r[Math.Min(j + 1, j1 - 1)], r2 = r[Math.Min(j + 2, j1 - 1)], r3 = r[Math.Min(j + 3, j1 - 1)];
            var (d0, d1, d2, d3) = (Vector256<double>.Zero, Vector256<double>.Zero, Vector256<double>.Zero, Vector256<double>.Zero);
            var (a0, a1, a2, a3) = (Vector256<double>.Zero, Vector256<double>.Zero, Vector256<double>.Zero, Vector256<double>.Zero);
            int i = 0;
            for (; i + 4 <= n; i += 4)
            {
                var (b0, b1, b2, b3, xv) = (Vector256.Load(r0 + i), Vector256.Load(r1 + i), Vector256.Load(r2 + i), Vector256.Load(r3 + i), Vector256.Load(x + i));
                (d0, d1) = (Vector256.FusedMultiplyAdd(b0, xv, d0), Vector256.FusedMultiplyAdd(b1, xv, d1));
                (d2, d3) = (Vector256.FusedMultiplyAdd(b2, xv, d2), Vector256.FusedMultiplyAdd(b3, xv, d3));
                if (f != null)
                {
                    var fv = Vector256.Load(f + i);
                    (a0, a1) = (Vector256.FusedMultiplyAdd(Vector256.Abs(b0), fv, a0), Vector256.FusedMultiplyAdd(Vector256.Abs(b1), fv, a1));
                    (a2, a3) = (Vector256.FusedMultiplyAdd(Vector256.Abs(b2), fv, a2), Vector256.FusedMultiplyAdd(Vector256.Abs(b3), fv, a3));
                }
            }

            var dots = (Vector256.Sum(d0), Vector256.Sum(d1), Vector256.Sum(d2), Vector256.Sum(d3));
            var abs = (Vector256.Sum(a0), Vector256.Sum(a1), Vector256.Sum(a2), Vector256.Sum(a3));
            for (; i < n; i++)
            {
                dots = (Math.FusedMultiplyAdd(r0[i], x[i], dots.Item1), Math.FusedMultiplyAdd(r1[i], x[i], dots.Item2),
                    Math.FusedMultiplyAdd(r2[i], x[i], dots.Item3), Math.FusedMultiplyAdd(r3[i], x[i], dots.Item4));
                if (f != null)
                {
                    abs = (Math.FusedMultiplyAdd(Math.Abs(r0[i]), f[i], abs.Item1), Math.FusedMultiplyAdd(Math.Abs(r1[i]), f[i], abs.Item2),
                        Math.FusedMultiplyAdd(Math.Abs(r2[i]), f[i], abs.Item3), Math.FusedMultiplyAdd(Math.Abs(r3[i]), f[i], abs.Item4));
                }
            }

            Span<double> d = [dots.Item1, dots.Item2, dots.Item3, dots.Item4];
            Span<double> a = [abs.Item1, abs.Item2, abs.Item3, abs.Item4];
            for (int k = 0; k < 4 && j + k < j1; k++)
            {
                output[j + k] += d[k];
                if (f != null)
                {
                    absOutput[j + k] = a[k];
                }
            }
        }
    }

    // Row j of the stacked matrix as a pointer to its column 0.
    private readonly unsafe struct RowPointers
    {
        private readonly double* _top, _bottom;
        private readonly long _topStride, _bottomStride;
        private readonly int _topRows;

        public RowPointers(in StackedRows b, double* top, double* bottom)
            : this(top + b.TopOffset, b.TopStride, b.TopRows, bottom + b.BottomOffset, b.BottomStride)
        {
        }

        private RowPointers(double* top, long topStride, int topRows, double* bottom, long bottomStride)
        {
            _top = top;
            _bottom = bottom;
            (_topStride, _topRows, _bottomStride) = (topStride, topRows, bottomStride);
        }

        public double* this[int j] => j < _topRows ? _top + (j * _topStride) : _bottom + ((j - _topRows) * _bottomStride);

    }
}
