using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ImplicitL1.Kernels;

/// <summary>H = B·diag(d)·Bᵀ for row-major B (m×N): the Hessian of the dual problem (docs/theory.md §2).</summary>
internal static class WeightedGram
{
    /// <summary>Rows per register block of the micro-kernel; <c>scratch</c> must hold this many rows of N (validated, not used).</summary>
    public const int BlockRows = 4;

    private const int Mr = 4;          // rows j of a register block (broadcast from W = B·diag(d))
    private const int Nr = 8;          // rows l of a register block (two Vector256 lanes of the packed Bᵀ panel)
    private const int Kc = 256;        // columns i per packed panel (Kc·m·8 bytes ≈ L2-resident for m ≤ 1000)
    private const int ParallelMinFlops = 1 << 22;

    /// <summary>
    /// Fills the m×m row-major <paramref name="destination"/> with H[j,l] = Σᵢ dᵢ·B[j,i]·B[l,i]. Packed panels of
    /// 256 columns; a 4×8 register block of fused multiply–adds per column. Every H[j,l] is one FMA chain over i in
    /// increasing order, so the bits do not depend on the thread count or the vector width.
    /// <paramref name="scratch"/> has length ≥ 4·N (kept for callers; panels come from the shared array pool).
    /// </summary>
    public static void Compute(ReadOnlySpan<double> b, int rows, int cols, ReadOnlySpan<double> d, Span<double> scratch,
        Span<double> destination) => Compute(b, rows, cols, d, scratch, destination, Environment.ProcessorCount);

    /// <summary>As above on at most <paramref name="threads"/> threads (the result is the same for every count).</summary>
    public static unsafe void Compute(ReadOnlySpan<double> b, int rows, int cols, ReadOnlySpan<double> d, Span<double> scratch,
        Span<double> destination, int threads)
    {
        if (b.Length != rows * cols || d.Length != cols || scratch.Length < BlockRows * cols || destination.Length != rows * rows)
        {
            throw new ArgumentException("WeightedGram: B must be rows×cols, d of length cols, scratch ≥ 4·cols, destination rows×rows.");
        }

        fixed (double* pb = b)
        {
            Run(pb, cols, rows, null, 0, rows, cols, d, destination, threads);
        }
    }

    /// <summary>
    /// H = B·diag(d)·Bᵀ for B stacked from two strided row-major blocks, <paramref name="b"/>'s top rows over its
    /// bottom rows (no copy of either), with the same bits as the contiguous form of the same rows.
    /// </summary>
    public static unsafe void Compute(in StackedRows b, ReadOnlySpan<double> d, Span<double> destination, int threads)
    {
        int rows = b.Rows;
        if (d.Length != b.Cols || destination.Length != rows * rows || !b.IsValid)
        {
            throw new ArgumentException("WeightedGram: each block must hold its rows at its stride, d of length cols, destination rows×rows.");
        }

        fixed (double* pt = b.Top, pbot = b.Bottom)
        {
            Run(pt + b.TopOffset, b.TopStride, b.TopRows, pbot + b.BottomOffset, b.BottomStride, rows, b.Cols, d, destination, threads);
        }
    }

    private static unsafe void Run(double* top, long topStride, int topRows, double* bottom, long bottomStride, int rows, int cols,
        ReadOnlySpan<double> d, Span<double> destination, int threads)
    {
        if (rows == 0)
        {
            return;
        }

        destination.Clear();
        int jBlocks = (rows + Mr - 1) / Mr;
        double flops = (double)rows * rows * cols;
        int workers = flops < ParallelMinFlops ? 1 : Math.Clamp(threads, 1, jBlocks);
        fixed (double* pd = d, ph = destination)
        {
            var job = new Job(new RowPointers(top, topStride, topRows, bottom, bottomStride), pd, ph, rows, cols);
            if (workers == 1)
            {
                job.Run(0, 1);
            }
            else
            {
                // Worker w owns row blocks w, w + workers, …: the triangle's work splits evenly, each H entry has one owner.
                Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w => job.Run(w, workers));
            }
        }

        // H is symmetric: the strict lower triangle copies the upper one.
        for (int j = 1; j < rows; j++)
        {
            for (int l = 0; l < j; l++)
            {
                destination[(j * rows) + l] = destination[(l * rows) + j];
            }
        }
    }

    // Row l of the stacked B: top + l·topStride for l < topRows, else bottom + (l − topRows)·bottomStride.
    private readonly unsafe struct RowPointers(double* top, long topStride, int topRows, double* bottom, long bottomStride)
    {
        public double* Row(int l) => l < topRows ? top + (l * topStride) : bottom + ((l - topRows) * bottomStride);
    }

    private readonly unsafe struct Job(RowPointers b, double* d, double* h, int rows, int cols)
    {
        private readonly RowPointers _b = b;
        private readonly double* _d = d, _h = h;
        private readonly int _rows = rows, _cols = cols;

        public void Run(int worker, int workers)
        {
            int lPanels = (_rows + Nr - 1) / Nr;
            int jBlocks = (_rows + Mr - 1) / Mr;
            // Packed Bᵀ panel: for each group of 8 rows l, Kc columns × 8 lanes (zero-padded past m).
            var packed = ArrayPool<double>.Shared.Rent(lPanels * Nr * Kc);
            var weighted = ArrayPool<double>.Shared.Rent(jBlocks * Mr * Kc);
            try
            {
                fixed (double* bp = packed, wp = weighted)
                {
                    for (int i0 = 0; i0 < _cols; i0 += Kc)
                    {
                        int kc = Math.Min(Kc, _cols - i0);
                        Pack(bp, i0, kc);
                        PackWeighted(wp, i0, kc, worker, workers, jBlocks);
                        for (int jb = worker; jb < jBlocks; jb += workers)
                        {
                            int j0 = jb * Mr;
                            for (int lp = j0 / Nr; lp < lPanels; lp++)
                            {
                                Kernel(wp + (jb * Mr * Kc), bp + (lp * Nr * Kc), kc, j0, lp * Nr);
                            }
                        }
                    }
                }
            }
            finally
            {
                ArrayPool<double>.Shared.Return(packed);
                ArrayPool<double>.Shared.Return(weighted);
            }
        }

        // packed[(lp·Kc + k)·8 + q] = B[lp·8 + q, i0 + k], zero past the last row.
        private void Pack(double* packed, int i0, int kc)
        {
            int lPanels = (_rows + Nr - 1) / Nr;
            for (int lp = 0; lp < lPanels; lp++)
            {
                double* dst = packed + (lp * Nr * Kc);
                for (int q = 0; q < Nr; q++)
                {
                    int l = (lp * Nr) + q;
                    double* src = l < _rows ? _b.Row(l) + i0 : null;
                    for (int k = 0; k < kc; k++)
                    {
                        dst[(k * Nr) + q] = l < _rows ? src[k] : 0.0;
                    }
                }
            }
        }

        // weighted[(jb·4 + r)·Kc + k] = d[i0 + k]·B[jb·4 + r, i0 + k] for this worker's row blocks (0 past the last row).
        private void PackWeighted(double* weighted, int i0, int kc, int worker, int workers, int jBlocks)
        {
            for (int jb = worker; jb < jBlocks; jb += workers)
            {
                for (int r = 0; r < Mr; r++)
                {
                    int j = (jb * Mr) + r;
                    double* dst = weighted + (((jb * Mr) + r) * Kc);
                    double* src = j < _rows ? _b.Row(j) + i0 : null;
                    for (int k = 0; k < kc; k++)
                    {
                        dst[k] = j < _rows ? src[k] * _d[i0 + k] : 0.0;
                    }
                }
            }
        }

        // H[j0 + r, l0 + q] += Σ_k W[r, k]·Bᵀ[k, q] for r < 4, q < 8 as 8 FMA chains of Vector256 (4 lanes each).
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Kernel(double* w, double* bt, int kc, int j0, int l0)
        {
            int rowsHere = Math.Min(Mr, _rows - j0);
            int colsHere = Math.Min(Nr, _rows - l0);
            Span<double> tile = stackalloc double[Mr * Nr];
            for (int r = 0; r < rowsHere; r++)
            {
                for (int q = 0; q < colsHere; q++)
                {
                    tile[(r * Nr) + q] = _h[((j0 + r) * _rows) + l0 + q];
                }
            }

            ref double t = ref MemoryMarshal.GetReference(tile);
            var c00 = Vector256.LoadUnsafe(ref t, 0); var c01 = Vector256.LoadUnsafe(ref t, 4);
            var c10 = Vector256.LoadUnsafe(ref t, 8); var c11 = Vector256.LoadUnsafe(ref t, 12);
            var c20 = Vector256.LoadUnsafe(ref t, 16); var c21 = Vector256.LoadUnsafe(ref t, 20);
            var c30 = Vector256.LoadUnsafe(ref t, 24); var c31 = Vector256.LoadUnsafe(ref t, 28);
            double* w0 = w, w1 = w + Kc, w2 = w + (2 * Kc), w3 = w + (3 * Kc);
            for (int k = 0; k < kc; k++)
            {
                var b0 = Vector256.Load(bt + (k * Nr));
                var b1 = Vector256.Load(bt + (k * Nr) + 4);
                var a = Vector256.Create(w0[k]);
                c00 = Vector256.FusedMultiplyAdd(a, b0, c00);
                c01 = Vector256.FusedMultiplyAdd(a, b1, c01);
                a = Vector256.Create(w1[k]);
                c10 = Vector256.FusedMultiplyAdd(a, b0, c10);
                c11 = Vector256.FusedMultiplyAdd(a, b1, c11);
                a = Vector256.Create(w2[k]);
                c20 = Vector256.FusedMultiplyAdd(a, b0, c20);
                c21 = Vector256.FusedMultiplyAdd(a, b1, c21);
                a = Vector256.Create(w3[k]);
                c30 = Vector256.FusedMultiplyAdd(a, b0, c30);
                c31 = Vector256.FusedMultiplyAdd(a, b1, c31);
            }

            c00.StoreUnsafe(ref t, 0); c01.StoreUnsafe(ref t, 4);
            c10.StoreUnsafe(ref t, 8); c11.StoreUnsafe(ref t, 12);
            c20.StoreUnsafe(ref t, 16); c21.StoreUnsafe(ref t, 20);
            c30.StoreUnsafe(ref t, 24); c31.StoreUnsafe(ref t, 28);
            for (int r = 0; r < rowsHere; r++)
            {
                for (int q = 0; q < colsHere; q++)
                {
                    _h[((j0 + r) * _rows) + l0 + q] = tile[(r * Nr) + q];
                }
            }
        }
    }
}

/// <summary>
/// Rows of a matrix B (cols wide) stacked from two row-major blocks without copying: rows [0, TopRows) are
/// Top[TopOffset + r·TopStride …], rows [TopRows, TopRows + BottomRows) are Bottom[BottomOffset + r·BottomStride …].
/// </summary>
internal readonly record struct StackedRows(double[] Top, int TopOffset, int TopStride, int TopRows,
    double[] Bottom, int BottomOffset, int BottomStride, int BottomRows, int Cols)
{
    /// <summary>Rows of the stacked matrix.</summary>
    public int Rows => TopRows + BottomRows;

    /// <summary>Every row of each block lies inside its array.</summary>
    public bool IsValid => Cols >= 0 && TopRows >= 0 && BottomRows >= 0 && TopStride >= Cols && BottomStride >= Cols
        && Fits(Top, TopOffset, TopStride, TopRows) && Fits(Bottom, BottomOffset, BottomStride, BottomRows);

    private bool Fits(double[] a, int offset, int stride, int rows) =>
        rows == 0 || (offset >= 0 && offset + ((long)(rows - 1) * stride) + Cols <= a.Length);
}
