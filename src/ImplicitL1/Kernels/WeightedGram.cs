using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ImplicitL1.Kernels;

/// <summary>H = B·diag(d)·Bᵀ for row-major B (m×N): the Hessian of the dual problem (docs/theory.md §2).</summary>
internal static class WeightedGram
{
    /// <summary>Rows per register block of the micro-kernel; <c>scratch</c> must hold this many rows of N (validated, not used).</summary>
    public const int BlockRows = 4;

    private const int Mr = 8;          // rows j of a register tile (broadcast from the packed W = B·diag(d))
    private const int Nr = 16;         // rows l of a register tile (two Vector512 of the packed Bᵀ micro-panel)
    private const int Kc = 256;        // columns i per packed panel (a Bᵀ micro-panel is Nr·Kc·8 bytes = 32 KiB, in L1)
    private const int GroupBlocks = 8; // row blocks per group (W is GroupBlocks·Mr·Kc·8 bytes = 128 KiB, in L2)
    private const int PackPanels = 8;  // Bᵀ micro-panels per packing task
    private const int ParallelMinFlops = 1 << 22;

    /// <summary>
    /// Fills the m×m row-major <paramref name="destination"/> with H[j,l] = Σᵢ dᵢ·B[j,i]·B[l,i]. Packed panels of
    /// 256 columns; an 8×16 register tile of fused multiply–adds per column. Every H[j,l] (j ≤ l) is one FMA chain
    /// fma(dᵢ·B[j,i], B[l,i], ·) over i in increasing order, so the bits do not depend on the thread count, on which
    /// thread adds which panel, or on the vector width.
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
        var shape = new Shape(rows, cols);
        int workers = (double)rows * rows * cols < ParallelMinFlops ? 1 : Math.Clamp(threads, 1, shape.Groups);
        // Two Bᵀ panels (panel p in buffer p mod 2) and the task counters: next task, then per panel the packed
        // micro-panel tasks and finished groups, then per group the number of panels it has finished.
        var packed = ArrayPool<double>.Shared.Rent(2 * shape.PanelLength);
        int[] state = ArrayPool<int>.Shared.Rent(1 + (2 * shape.Panels) + shape.Groups);
        Array.Clear(state);
        try
        {
            fixed (double* pd = d, ph = destination, pp = packed)
            {
                var job = new Job(new RowPointers(top, topStride, topRows, bottom, bottomStride), pd, ph, pp, state, shape);
                if (workers == 1)
                {
                    job.Run(0);
                }
                else
                {
                    Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, job.Run);
                }
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(packed);
            ArrayPool<int>.Shared.Return(state);
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

    // Block counts of an m×N problem: Kc-column panels, Nr-row micro-panels of Bᵀ, groups of GroupBlocks Mr-row blocks.
    private readonly struct Shape(int rows, int cols)
    {
        public readonly int Rows = rows, Cols = cols;
        public readonly int Panels = (cols + Kc - 1) / Kc;
        public readonly int LPanels = (rows + Nr - 1) / Nr;
        public readonly int Groups = (rows + (GroupBlocks * Mr) - 1) / (GroupBlocks * Mr);

        public int PackTasks => (LPanels + PackPanels - 1) / PackPanels;

        public int PanelLength => LPanels * Nr * Kc;
    }

    // Tasks in a fixed order, claimed from one counter by whichever thread is free: for each panel p, pack Bᵀ (PackTasks
    // tasks), then each group g adds panel p to its rows of H. A task waits only on earlier tasks (pack p waits for the
    // groups of p − 2, which read the same buffer; group g of p waits for pack p and for group g of p − 1), which are
    // already claimed, so it never deadlocks, and each H entry's panels are added in order whatever thread adds them.
    private readonly unsafe struct Job(RowPointers b, double* d, double* h, double* packed, int[] state, Shape shape)
    {
        private readonly RowPointers _b = b;
        private readonly double* _d = d, _h = h, _packed = packed;
        private readonly int[] _state = state;
        private readonly Shape _s = shape;

        public void Run(int worker)
        {
            int packTasks = _s.PackTasks, perPanel = packTasks + _s.Groups;
            int packedAt = 1, finishedAt = 1 + _s.Panels, groupAt = 1 + (2 * _s.Panels);
            var weighted = ArrayPool<double>.Shared.Rent(GroupBlocks * Mr * Kc);
            double* tile = stackalloc double[Mr * Nr];
            try
            {
                fixed (double* wp = weighted)
                {
                    for (int t = Interlocked.Increment(ref _state[0]) - 1; t < _s.Panels * perPanel; t = Interlocked.Increment(ref _state[0]) - 1)
                    {
                        int p = t / perPanel, task = t % perPanel;
                        int i0 = p * Kc, kc = Math.Min(Kc, _s.Cols - i0);
                        double* bt = _packed + ((p & 1) * _s.PanelLength);
                        if (task < packTasks)
                        {
                            if (p >= 2)
                            {
                                Await(ref _state[finishedAt + p - 2], _s.Groups);
                            }

                            for (int lp = task * PackPanels; lp < Math.Min(_s.LPanels, (task + 1) * PackPanels); lp++)
                            {
                                PackTransposed(bt + (lp * Nr * Kc), lp * Nr, i0, kc);
                            }

                            Interlocked.Increment(ref _state[packedAt + p]);
                        }
                        else
                        {
                            int g = task - packTasks;
                            Await(ref _state[packedAt + p], packTasks);
                            Await(ref _state[groupAt + g], p);
                            AddPanel(g, bt, wp, i0, kc, tile);
                            Volatile.Write(ref _state[groupAt + g], p + 1);
                            Interlocked.Increment(ref _state[finishedAt + p]);
                        }
                    }
                }
            }
            finally
            {
                ArrayPool<double>.Shared.Return(weighted);
            }
        }

        private static void Await(ref int counter, int target)
        {
            var spin = default(SpinWait);
            while (Volatile.Read(ref counter) < target)
            {
                spin.SpinOnce(sleep1Threshold: -1);
            }
        }

        // H[j, l] += Σ_{k<kc} d[i0+k]·B[j, i0+k]·B[l, i0+k] for the rows j of group g and l ≥ their first micro-panel:
        // W = the group's rows of Bᵀ scaled by d (in L2), swept by each Bᵀ micro-panel (in L1) in turn.
        private void AddPanel(int g, double* bt, double* w, int i0, int kc, double* tile)
        {
            int jb0 = g * GroupBlocks, blocks = Math.Min(GroupBlocks, ((_s.Rows + Mr - 1) / Mr) - jb0);
            for (int n = 0; n < blocks; n++)
            {
                int j0 = (jb0 + n) * Mr;
                double* src = bt + ((j0 / Nr) * Nr * Kc) + (j0 % Nr);
                double* dst = w + (n * Mr * Kc);
                for (int k = 0; k < kc; k++)
                {
                    // W[k, r] = d[i0 + k]·B[j0 + r, i0 + k]: two Vector256 because Mr = 8.
                    var dk = Vector256.Create(_d[i0 + k]);
                    (Vector256.Load(src + (k * Nr)) * dk).Store(dst + (k * Mr));
                    (Vector256.Load(src + (k * Nr) + 4) * dk).Store(dst + (k * Mr) + 4);
                }
            }

            for (int lp = jb0 * Mr / Nr; lp < _s.LPanels; lp++)
            {
                for (int n = 0; n < blocks; n++)
                {
                    int j0 = (jb0 + n) * Mr;
                    if ((lp + 1) * Nr > j0)
                    {
                        // The next tile's rows of H (usually a cache miss) load while this one computes.
                        PrefetchTile(n + 1 < blocks ? j0 + Mr : jb0 * Mr, n + 1 < blocks ? lp * Nr : (lp + 1) * Nr);
                        Tile(w + (n * Mr * Kc), bt + (lp * Nr * Kc), kc, j0, lp * Nr, tile);
                    }
                }
            }
        }

        private void PrefetchTile(int j0, int l0)
        {
            if (!Sse.IsSupported || j0 + Mr > _s.Rows || l0 + Nr > _s.Rows)
            {
                return;
            }

            for (int r = 0; r < Mr; r++)
            {
                double* c = _h + ((long)(j0 + r) * _s.Rows) + l0;
                Sse.Prefetch0(c);
                Sse.Prefetch0(c + 8);
                Sse.Prefetch0(c + Nr - 1);
            }
        }

        // packed[k·Nr + q] = B[l0 + q, i0 + k] for k < kc, q < Nr (0 past the last row), 8×8 blocks at a time.
        private void PackTransposed(double* packed, int l0, int i0, int kc)
        {
            for (int q0 = 0; q0 < Nr; q0 += 8)
            {
                int k = 0;
                if (Avx512F.IsSupported && l0 + q0 + 8 <= _s.Rows)
                {
                    double* s0 = _b.Row(l0 + q0) + i0, s1 = _b.Row(l0 + q0 + 1) + i0, s2 = _b.Row(l0 + q0 + 2) + i0;
                    double* s3 = _b.Row(l0 + q0 + 3) + i0, s4 = _b.Row(l0 + q0 + 4) + i0, s5 = _b.Row(l0 + q0 + 5) + i0;
                    double* s6 = _b.Row(l0 + q0 + 6) + i0, s7 = _b.Row(l0 + q0 + 7) + i0;
                    for (; k + 8 <= kc; k += 8)
                    {
                        Transpose8(packed + (k * Nr) + q0, Vector512.Load(s0 + k), Vector512.Load(s1 + k), Vector512.Load(s2 + k),
                            Vector512.Load(s3 + k), Vector512.Load(s4 + k), Vector512.Load(s5 + k), Vector512.Load(s6 + k), Vector512.Load(s7 + k));
                    }
                }

                for (int q = q0; q < q0 + 8; q++)
                {
                    int l = l0 + q;
                    double* src = l < _s.Rows ? _b.Row(l) + i0 : null;
                    for (int kk = k; kk < kc; kk++)
                    {
                        packed[(kk * Nr) + q] = src != null ? src[kk] : 0.0;
                    }
                }
            }
        }

        // dst[c·Nr + r] = row r[c] for the 8×8 block of rows r0…r7: unpack pairs, then swap 256- and 128-bit halves.
        private static void Transpose8(double* dst, Vector512<double> r0, Vector512<double> r1, Vector512<double> r2, Vector512<double> r3,
            Vector512<double> r4, Vector512<double> r5, Vector512<double> r6, Vector512<double> r7)
        {
            var t0 = Avx512F.UnpackLow(r0, r1); var t1 = Avx512F.UnpackHigh(r0, r1);
            var t2 = Avx512F.UnpackLow(r2, r3); var t3 = Avx512F.UnpackHigh(r2, r3);
            var t4 = Avx512F.UnpackLow(r4, r5); var t5 = Avx512F.UnpackHigh(r4, r5);
            var t6 = Avx512F.UnpackLow(r6, r7); var t7 = Avx512F.UnpackHigh(r6, r7);
            var lo = Vector512.Create(0L, 1, 8, 9, 4, 5, 12, 13);
            var hi = Vector512.Create(2L, 3, 10, 11, 6, 7, 14, 15);
            var s0 = Avx512F.PermuteVar8x64x2(t0, lo, t2); var s1 = Avx512F.PermuteVar8x64x2(t0, hi, t2);
            var s2 = Avx512F.PermuteVar8x64x2(t1, lo, t3); var s3 = Avx512F.PermuteVar8x64x2(t1, hi, t3);
            var s4 = Avx512F.PermuteVar8x64x2(t4, lo, t6); var s5 = Avx512F.PermuteVar8x64x2(t4, hi, t6);
            var s6 = Avx512F.PermuteVar8x64x2(t5, lo, t7); var s7 = Avx512F.PermuteVar8x64x2(t5, hi, t7);
            Avx512F.Shuffle4x128(s0, s4, 0x44).Store(dst);
            Avx512F.Shuffle4x128(s2, s6, 0x44).Store(dst + Nr);
            Avx512F.Shuffle4x128(s1, s5, 0x44).Store(dst + (2 * Nr));
            Avx512F.Shuffle4x128(s3, s7, 0x44).Store(dst + (3 * Nr));
            Avx512F.Shuffle4x128(s0, s4, 0xEE).Store(dst + (4 * Nr));
            Avx512F.Shuffle4x128(s2, s6, 0xEE).Store(dst + (5 * Nr));
            Avx512F.Shuffle4x128(s1, s5, 0xEE).Store(dst + (6 * Nr));
            Avx512F.Shuffle4x128(s3, s7, 0xEE).Store(dst + (7 * Nr));
        }

        // H[j0 + r, l0 + q] += Σ_k W[k, r]·Bᵀ[k, q] on the Mr×Nr tile, in place in H or through a zero-padded copy at the edges.
        private void Tile(double* w, double* bt, int kc, int j0, int l0, double* tile)
        {
            int rows = _s.Rows;
            int rowsHere = Math.Min(Mr, rows - j0);
            int colsHere = Math.Min(Nr, rows - l0);
            double* c = _h + ((long)j0 * rows) + l0;
            if (rowsHere == Mr && colsHere == Nr)
            {
                Kernel(w, bt, kc, c, rows);
                return;
            }

            new Span<double>(tile, Mr * Nr).Clear();
            for (int r = 0; r < rowsHere; r++)
            {
                new ReadOnlySpan<double>(c + ((long)r * rows), colsHere).CopyTo(new Span<double>(tile + (r * Nr), colsHere));
            }

            Kernel(w, bt, kc, tile, Nr);
            for (int r = 0; r < rowsHere; r++)
            {
                new ReadOnlySpan<double>(tile + (r * Nr), colsHere).CopyTo(new Span<double>(c + ((long)r * rows), colsHere));
            }
        }
    }

    // C[r, q] += Σ_k w[k·Mr + r]·bt[k·Nr + q] for the 8×16 tile at c (row stride ldc): 16 FMA chains of Vector512.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Kernel(double* w, double* bt, int kc, double* c, long ldc)
    {
        if (!Vector512.IsHardwareAccelerated)
        {
            for (int r0 = 0; r0 < Mr; r0 += 4)
            {
                NarrowKernel(w + r0, bt, kc, c + (r0 * ldc), ldc);
                NarrowKernel(w + r0, bt + 8, kc, c + (r0 * ldc) + 8, ldc);
            }

            return;
        }

        double* c0 = c, c1 = c + ldc, c2 = c + (2 * ldc), c3 = c + (3 * ldc);
        double* c4 = c + (4 * ldc), c5 = c + (5 * ldc), c6 = c + (6 * ldc), c7 = c + (7 * ldc);
        var t00 = Vector512.Load(c0); var t01 = Vector512.Load(c0 + 8);
        var t10 = Vector512.Load(c1); var t11 = Vector512.Load(c1 + 8);
        var t20 = Vector512.Load(c2); var t21 = Vector512.Load(c2 + 8);
        var t30 = Vector512.Load(c3); var t31 = Vector512.Load(c3 + 8);
        var t40 = Vector512.Load(c4); var t41 = Vector512.Load(c4 + 8);
        var t50 = Vector512.Load(c5); var t51 = Vector512.Load(c5 + 8);
        var t60 = Vector512.Load(c6); var t61 = Vector512.Load(c6 + 8);
        var t70 = Vector512.Load(c7); var t71 = Vector512.Load(c7 + 8);
        for (int k = 0; k < kc; k++)
        {
            var b0 = Vector512.Load(bt);
            var b1 = Vector512.Load(bt + 8);
            var a = Vector512.Create(w[0]);
            t00 = Vector512.FusedMultiplyAdd(a, b0, t00); t01 = Vector512.FusedMultiplyAdd(a, b1, t01);
            a = Vector512.Create(w[1]);
            t10 = Vector512.FusedMultiplyAdd(a, b0, t10); t11 = Vector512.FusedMultiplyAdd(a, b1, t11);
            a = Vector512.Create(w[2]);
            t20 = Vector512.FusedMultiplyAdd(a, b0, t20); t21 = Vector512.FusedMultiplyAdd(a, b1, t21);
            a = Vector512.Create(w[3]);
            t30 = Vector512.FusedMultiplyAdd(a, b0, t30); t31 = Vector512.FusedMultiplyAdd(a, b1, t31);
            a = Vector512.Create(w[4]);
            t40 = Vector512.FusedMultiplyAdd(a, b0, t40); t41 = Vector512.FusedMultiplyAdd(a, b1, t41);
            a = Vector512.Create(w[5]);
            t50 = Vector512.FusedMultiplyAdd(a, b0, t50); t51 = Vector512.FusedMultiplyAdd(a, b1, t51);
            a = Vector512.Create(w[6]);
            t60 = Vector512.FusedMultiplyAdd(a, b0, t60); t61 = Vector512.FusedMultiplyAdd(a, b1, t61);
            a = Vector512.Create(w[7]);
            t70 = Vector512.FusedMultiplyAdd(a, b0, t70); t71 = Vector512.FusedMultiplyAdd(a, b1, t71);
            w += Mr;
            bt += Nr;
        }

        t00.Store(c0); t01.Store(c0 + 8);
        t10.Store(c1); t11.Store(c1 + 8);
        t20.Store(c2); t21.Store(c2 + 8);
        t30.Store(c3); t31.Store(c3 + 8);
        t40.Store(c4); t41.Store(c4 + 8);
        t50.Store(c5); t51.Store(c5 + 8);
        t60.Store(c6); t61.Store(c6 + 8);
        t70.Store(c7); t71.Store(c7 + 8);
    }

    // C[r, q] += Σ_k w[k·Mr + r]·bt[k·Nr + q] for r < 4, q < 8 (a quarter of the tile, same bits): 8 FMA chains of Vector256,
    // for hardware without 512-bit vectors (and their 32 registers).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void NarrowKernel(double* w, double* bt, int kc, double* c, long ldc)
    {
        double* c0 = c, c1 = c + ldc, c2 = c + (2 * ldc), c3 = c + (3 * ldc);
        var t00 = Vector256.Load(c0); var t01 = Vector256.Load(c0 + 4);
        var t10 = Vector256.Load(c1); var t11 = Vector256.Load(c1 + 4);
        var t20 = Vector256.Load(c2); var t21 = Vector256.Load(c2 + 4);
        var t30 = Vector256.Load(c3); var t31 = Vector256.Load(c3 + 4);
        for (int k = 0; k < kc; k++)
        {
            var b0 = Vector256.Load(bt);
            var b1 = Vector256.Load(bt + 4);
            var a = Vector256.Create(w[0]);
            t00 = Vector256.FusedMultiplyAdd(a, b0, t00); t01 = Vector256.FusedMultiplyAdd(a, b1, t01);
            a = Vector256.Create(w[1]);
            t10 = Vector256.FusedMultiplyAdd(a, b0, t10); t11 = Vector256.FusedMultiplyAdd(a, b1, t11);
            a = Vector256.Create(w[2]);
            t20 = Vector256.FusedMultiplyAdd(a, b0, t20); t21 = Vector256.FusedMultiplyAdd(a, b1, t21);
            a = Vector256.Create(w[3]);
            t30 = Vector256.FusedMultiplyAdd(a, b0, t30); t31 = Vector256.FusedMultiplyAdd(a, b1, t31);
            w += Mr;
            bt += Nr;
        }

        t00.Store(c0); t01.Store(c0 + 4);
        t10.Store(c1); t11.Store(c1 + 4);
        t20.Store(c2); t21.Store(c2 + 4);
        t30.Store(c3); t31.Store(c3 + 4);
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
