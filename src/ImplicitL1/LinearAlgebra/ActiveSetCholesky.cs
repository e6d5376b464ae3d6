using System.Numerics.Tensors;

namespace ImplicitL1.LinearAlgebra;

/// <summary>
/// G = LLᵀ for the Gram G = M_EᵀM_E of a growing and shrinking set E of columns (the active set of a homotopy):
/// append a column by one forward solve, delete one by Givens rotations. L is row-major in a capacity×capacity array.
/// </summary>
internal sealed class ActiveSetCholesky
{
    private readonly double[] _l;
    private readonly int _capacity;

    public ActiveSetCholesky(int capacity)
    {
        _capacity = capacity;
        _l = new double[capacity * capacity];
    }

    /// <summary>|E|, the order of L.</summary>
    public int Count { get; private set; }

    /// <summary>Maximum |E|.</summary>
    public int Capacity => _capacity;

    private Span<double> Row(int i) => _l.AsSpan(i * _capacity, i + 1);

    /// <summary>
    /// Appends a column with Gram entries g = M_Eᵀm (length |E|) and δ = ‖m‖²: row [w; ℓ] with Lw = g, ℓ² = δ − ‖w‖².
    /// Returns false (and changes nothing) when ℓ² ≤ <paramref name="pivotTolerance"/>·δ, i.e. m is numerically in
    /// the span of M_E (relative distance ≤ √tol).
    /// </summary>
    public bool TryAppend(ReadOnlySpan<double> g, double delta, double pivotTolerance)
    {
        int n = Count;
        if (n == _capacity)
        {
            return false;
        }

        var row = _l.AsSpan(n * _capacity, n + 1);
        g.CopyTo(row);
        ForwardSolve(row[..n]);
        double pivot = delta - TensorPrimitives.Dot(row[..n], row[..n]);
        if (!(pivot > pivotTolerance * delta) || !double.IsFinite(pivot))
        {
            row.Clear();
            return false;
        }

        row[n] = Math.Sqrt(pivot);
        Count = n + 1;
        return true;
    }

    /// <summary>
    /// Deletes column k of M_E: row k leaves L, and rows below it (one entry too long) are re-triangularized by the
    /// Givens rotations of columns (k, k+1), (k+1, k+2), … — L'L'ᵀ is G without row and column k.
    /// </summary>
    public void Remove(int k)
    {
        int n = Count;
        for (int i = k + 1; i < n; i++)
        {
            // Row i moves up to i − 1; its entries k..i must become entries k..i−1 of a lower-triangular row.
            _l.AsSpan(i * _capacity, i + 1).CopyTo(_l.AsSpan((i - 1) * _capacity, i + 1));
        }

        // Rows k..n−2 now hold one superdiagonal entry at column (row + 1); rotate it away column pair by pair.
        for (int j = k; j < n - 1; j++)
        {
            int rj = j * _capacity;
            double a = _l[rj + j], b = _l[rj + j + 1];
            double r = double.Hypot(a, b);
            double c = a / r, s = b / r;
            for (int i = j; i < n - 1; i++)
            {
                int ri = i * _capacity;
                double p = _l[ri + j], q = _l[ri + j + 1];
                _l[ri + j] = (c * p) + (s * q);
                _l[ri + j + 1] = (c * q) - (s * p);
            }

            _l[rj + j + 1] = 0.0;
        }

        _l.AsSpan((n - 1) * _capacity, n).Clear();
        Count = n - 1;
    }

    /// <summary>Makes this factor a copy of <paramref name="other"/> (same capacity).</summary>
    public void CopyFrom(ActiveSetCholesky other)
    {
        other._l.AsSpan(0, other.Count * _capacity).CopyTo(_l);
        Count = other.Count;
    }

    /// <summary>Empties E (the storage is kept; rows are overwritten as columns are appended).</summary>
    public void Clear() => Count = 0;

    /// <summary>Solves L z = b (and L z₂ = b₂ when b₂ is not empty) in place, each row of L read once for both.</summary>
    public void ForwardSolve(Span<double> b, Span<double> b2 = default)
    {
        bool two = !b2.IsEmpty;
        for (int i = 0; i < b.Length; i++)
        {
            var row = Row(i);
            b[i] = (b[i] - TensorPrimitives.Dot(row[..i], b[..i])) / row[i];
            if (two)
            {
                b2[i] = (b2[i] - TensorPrimitives.Dot(row[..i], b2[..i])) / row[i];
            }
        }
    }

    /// <summary>Solves Lᵀ z = b (and Lᵀ z₂ = b₂) in place, row by row of L (axpy form, contiguous rows).</summary>
    public void BackwardSolve(Span<double> b, Span<double> b2 = default)
    {
        bool two = !b2.IsEmpty;
        for (int i = b.Length - 1; i >= 0; i--)
        {
            var row = Row(i);
            b[i] /= row[i];
            TensorPrimitives.MultiplyAdd(row[..i], -b[i], b[..i], b[..i]);
            if (two)
            {
                b2[i] /= row[i];
                TensorPrimitives.MultiplyAdd(row[..i], -b2[i], b2[..i], b2[..i]);
            }
        }
    }

    /// <summary>From this order on, two right-hand sides are solved on two threads (each reads L on its own).</summary>
    private const int ParallelMinOrder = 384;

    /// <summary>
    /// Solves G z = LLᵀ z = b (and G z₂ = b₂ when b₂ is not empty) in place. Each solution has the bits of its
    /// one-right-hand-side solve, whether the two run on one thread or two.
    /// </summary>
    public void Solve(Span<double> b, Span<double> b2 = default)
    {
        if (b2.IsEmpty || b.Length < ParallelMinOrder || Environment.ProcessorCount == 1)
        {
            ForwardSolve(b, b2);
            BackwardSolve(b, b2);
            return;
        }

        unsafe
        {
            fixed (double* p1 = b, p2 = b2)
            {
                var (a1, a2, n1, n2) = ((nint)p1, (nint)p2, b.Length, b2.Length);
                Parallel.Invoke(() => Solve(new Span<double>((void*)a1, n1)), () => Solve(new Span<double>((void*)a2, n2)));
            }
        }
    }
}
