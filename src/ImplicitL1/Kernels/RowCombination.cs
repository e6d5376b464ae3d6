using System.Numerics;
using System.Runtime.InteropServices;

namespace ImplicitL1.Kernels;

/// <summary>
/// C = W·B for row-major B (m×N) and W (k×m): every row of C is a combination of B's rows, Cⱼ = Σₗ Wⱼₗ·Bₗ (e.g. the
/// rotated matrix Ã = UᵀA with W = Uᵀ). Column tiles of 64 keep a tile of B in cache while each output row's 64
/// entries stay in registers; every C[j, c] is one fused multiply–add chain over l in increasing order, so the bits do
/// not depend on the thread count.
/// </summary>
internal static class RowCombination
{
    private const int Tile = 64;

    /// <summary>Fills the k×N row-major <paramref name="destination"/> with W·B.</summary>
    public static void Compute(double[] b, int m, int n, double[] w, int k, double[] destination)
    {
        if (b.Length != m * n || w.Length != k * m || destination.Length != k * n)
        {
            throw new ArgumentException("RowCombination: B must be m×N, W k×m and the destination k×N.");
        }

        Compute(new Block(b, 0, n), m, n, w, k, new Block(destination, 0, n));
    }

    /// <summary>
    /// W·B for a column block of width <paramref name="n"/>: B's rows are b.Array[b.Offset + l·b.Stride …], the k rows
    /// of the result go to destination.Array[destination.Offset + j·destination.Stride …] (same bits as the full form).
    /// </summary>
    public static void Compute(Block b, int m, int n, double[] w, int k, Block destination)
    {
        if (w.Length != k * m || !b.Holds(m, n) || !destination.Holds(k, n))
        {
            throw new ArgumentException("RowCombination: W must be k×m and each block must hold its rows at its stride.");
        }

        int tiles = (n + Tile - 1) / Tile;
        Parallel.For(0, tiles, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, t =>
        {
            int c0 = t * Tile, width = Math.Min(Tile, n - c0);
            Span<double> acc = stackalloc double[Tile];
            for (int j = 0; j < k; j++)
            {
                acc.Clear();
                var wj = w.AsSpan(j * m, m);
                var vacc = MemoryMarshal.Cast<double, Vector<double>>(acc[..width]);
                int vectors = vacc.Length * Vector<double>.Count;
                for (int l = 0; l < m; l++)
                {
                    double s = wj[l];
                    var row = b.Array.AsSpan(b.Offset + (l * b.Stride) + c0, width);
                    var vrow = MemoryMarshal.Cast<double, Vector<double>>(row);
                    var vs = new Vector<double>(s);
                    for (int v = 0; v < vacc.Length; v++)
                    {
                        vacc[v] = Vector.FusedMultiplyAdd(vrow[v], vs, vacc[v]);
                    }

                    for (int c = vectors; c < width; c++)
                    {
                        acc[c] = Math.FusedMultiplyAdd(row[c], s, acc[c]);
                    }
                }

                acc[..width].CopyTo(destination.Array.AsSpan(destination.Offset + (j * destination.Stride) + c0, width));
            }
        });
    }

    /// <summary>Rows of a row-major block inside an array: row r starts at Offset + r·Stride.</summary>
    public readonly record struct Block(double[] Array, int Offset, int Stride)
    {
        /// <summary>True when <paramref name="rows"/> rows of <paramref name="width"/> entries lie inside the array.</summary>
        public bool Holds(int rows, int width) =>
            rows == 0 || (Offset >= 0 && width <= Stride && Offset + ((long)(rows - 1) * Stride) + width <= Array.Length);
    }
}
