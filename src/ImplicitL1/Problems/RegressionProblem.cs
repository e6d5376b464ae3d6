using System.Numerics.Tensors;

namespace ImplicitL1.Problems;

/// <summary>
/// Overparameterized linear regression data (A, y): A ∈ ℝ^{m×N}, y ∈ ℝ^m, loss ½‖Ax − y‖² (docs/theory.md §1).
/// Immutable and validated once: finite entries, matching shapes. A is stored row-major.
/// </summary>
public sealed class RegressionProblem
{
    private readonly double[] _a;
    private readonly double[] _y;

    /// <summary>Creates the problem from a row-major copy of <paramref name="a"/> and <paramref name="y"/>.</summary>
    /// <exception cref="InvalidProblemException">Non-finite entries or mismatched shapes.</exception>
    public RegressionProblem(double[,] a, double[] y)
        : this(Flatten(a), a.GetLength(0), a.GetLength(1), y)
    {
    }

    /// <summary>Creates the problem from row-major data of length rows·cols (copied).</summary>
    public RegressionProblem(ReadOnlySpan<double> rowMajorA, int rows, int cols, ReadOnlySpan<double> y)
    {
        if (rows <= 0 || cols <= 0)
        {
            throw new InvalidProblemException(ProblemError.ShapeMismatch, "A", $"A must be non-empty but is {rows}×{cols}.");
        }

        if (rowMajorA.Length != rows * cols)
        {
            throw new InvalidProblemException(ProblemError.ShapeMismatch, "A",
                $"A has {rowMajorA.Length} entries but its shape is {rows}×{cols}.");
        }

        if (y.Length != rows)
        {
            throw new InvalidProblemException(ProblemError.ShapeMismatch, "y",
                $"y has {y.Length} entries but A has {rows} rows (A is {rows}×{cols}).");
        }

        CheckFinite(rowMajorA, cols, "A");
        CheckFinite(y, 1, "y");
        Rows = rows;
        Cols = cols;
        _a = rowMajorA.ToArray();
        _y = y.ToArray();
    }

    /// <summary>m, the number of measurements.</summary>
    public int Rows { get; }

    /// <summary>N, the number of unknowns.</summary>
    public int Cols { get; }

    /// <summary>True when m &lt; N, the setting of the theory.</summary>
    public bool IsOverparameterized => Rows < Cols;

    /// <summary>y.</summary>
    public ReadOnlySpan<double> Y => _y;

    /// <summary>A in row-major order.</summary>
    public ReadOnlySpan<double> A => _a;

    /// <summary>The row-major array behind <see cref="A"/>, for kernels that split it across threads (never written).</summary>
    internal double[] RowMajorArray => _a;

    /// <summary>Row i of A.</summary>
    public ReadOnlySpan<double> Row(int i) => _a.AsSpan(i * Cols, Cols);

    /// <summary>A(i, j).</summary>
    public double this[int i, int j] => _a[(i * Cols) + j];

    /// <summary>A copy of A as a 2-D array.</summary>
    public double[,] ToArray()
    {
        var result = new double[Rows, Cols];
        for (int i = 0; i < Rows; i++)
        {
            for (int j = 0; j < Cols; j++)
            {
                result[i, j] = _a[(i * Cols) + j];
            }
        }

        return result;
    }

    /// <summary>A copy of y.</summary>
    public double[] YArray() => (double[])_y.Clone();

    /// <summary>destination = A·x.</summary>
    public void Multiply(ReadOnlySpan<double> x, Span<double> destination)
    {
        CheckLength(x, Cols, nameof(x));
        CheckLength(destination, Rows, nameof(destination));
        for (int i = 0; i < Rows; i++)
        {
            destination[i] = TensorPrimitives.Dot(Row(i), x);
        }
    }

    /// <summary>destination = Aᵀ·r (rows accumulated in a fixed order, so bit-reproducible).</summary>
    public void MultiplyTransposed(ReadOnlySpan<double> r, Span<double> destination)
    {
        CheckLength(r, Rows, nameof(r));
        CheckLength(destination, Cols, nameof(destination));
        destination.Clear();
        // Column chunks of 4096 (32 KB of the result stay in L1 over all rows), split between threads when A is large;
        // every entry is the same chain over i in increasing order, so the bits depend on neither.
        const int Chunk = 4096;
        int chunks = (Cols + Chunk - 1) / Chunk;
        if ((long)Rows * Cols < (1L << 20) || chunks == 1 || Environment.ProcessorCount == 1)
        {
            for (int c = 0; c < chunks; c++)
            {
                TransposedColumns(r, destination, c * Chunk, Math.Min(Cols, (c + 1) * Chunk));
            }

            return;
        }

        unsafe
        {
            fixed (double* pr = r, pd = destination)
            {
                var (ar, ad) = ((nint)pr, (nint)pd);
                Parallel.For(0, chunks, c => TransposedColumns(new ReadOnlySpan<double>((void*)ar, Rows), new Span<double>((void*)ad, Cols),
                    c * Chunk, Math.Min(Cols, (c + 1) * Chunk)));
            }
        }
    }

    // destination[lo..hi) += Σ_i r_i A[i, lo..hi).
    private void TransposedColumns(ReadOnlySpan<double> r, Span<double> destination, int lo, int hi)
    {
        var part = destination[lo..hi];
        for (int i = 0; i < Rows; i++)
        {
            TensorPrimitives.MultiplyAdd(Row(i)[lo..hi], r[i], part, part);
        }
    }

    /// <summary>‖A x − y‖₂.</summary>
    public double ResidualNorm(ReadOnlySpan<double> x)
    {
        var ax = new double[Rows];
        Multiply(x, ax);
        TensorPrimitives.Subtract(ax, _y, ax);
        return TensorPrimitives.Norm(ax);
    }

    /// <summary>Problem with the columns permuted: column j of the result is column perm[j] of A.</summary>
    public RegressionProblem PermuteColumns(IReadOnlyList<int> perm)
    {
        if (perm.Count != Cols)
        {
            throw new ArgumentException($"perm has {perm.Count} entries but A has {Cols} columns.", nameof(perm));
        }

        var data = new double[_a.Length];
        for (int i = 0; i < Rows; i++)
        {
            for (int j = 0; j < Cols; j++)
            {
                data[(i * Cols) + j] = _a[(i * Cols) + perm[j]];
            }
        }

        return new RegressionProblem(data, Rows, Cols, _y);
    }

    /// <summary>Problem keeping only the listed rows of A and y (in the given order).</summary>
    public RegressionProblem SelectRows(IReadOnlyList<int> rows)
    {
        var data = new double[rows.Count * Cols];
        var y = new double[rows.Count];
        for (int k = 0; k < rows.Count; k++)
        {
            Row(rows[k]).CopyTo(data.AsSpan(k * Cols, Cols));
            y[k] = _y[rows[k]];
        }

        return new RegressionProblem(data, rows.Count, Cols, y);
    }

    /// <summary>(A/a, y/b): exact when a and b are powers of two (the normalization the solvers use).</summary>
    public RegressionProblem Scaled(double a, double b)
    {
        var scaledA = new double[_a.Length];
        System.Numerics.Tensors.TensorPrimitives.Divide(_a, a, scaledA);
        var scaledY = new double[_y.Length];
        System.Numerics.Tensors.TensorPrimitives.Divide(_y, b, scaledY);
        return new RegressionProblem(scaledA, Rows, Cols, scaledY);
    }

    /// <summary>Same A, new right-hand side.</summary>
    public RegressionProblem WithY(ReadOnlySpan<double> y) => new(_a, Rows, Cols, y);

    private static double[] Flatten(double[,] a)
    {
        var data = new double[a.Length];
        int cols = a.GetLength(1);
        for (int i = 0; i < a.GetLength(0); i++)
        {
            for (int j = 0; j < cols; j++)
            {
                data[(i * cols) + j] = a[i, j];
            }
        }

        return data;
    }

    private static void CheckFinite(ReadOnlySpan<double> values, int cols, string name)
    {
        for (int k = 0; k < values.Length; k++)
        {
            if (!double.IsFinite(values[k]))
            {
                string where = cols == 1 ? $"{name}[{k}]" : $"{name}[{k / cols}, {k % cols}]";
                throw new InvalidProblemException(ProblemError.NonFinite, name,
                    $"{where} is {values[k]}; A and y must be finite.");
            }
        }
    }

    private static void CheckLength(ReadOnlySpan<double> span, int expected, string name)
    {
        if (span.Length != expected)
        {
            throw new ArgumentException($"{name} has length {span.Length} but {expected} is required.", name);
        }
    }
}
