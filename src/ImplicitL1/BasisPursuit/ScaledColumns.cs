using System.Numerics.Tensors;
using ImplicitL1.Problems;

namespace ImplicitL1.BasisPursuit;

/// <summary>
/// Â = A / a with a = max|A_ij| (docs/theory.md §6, DESIGN.md: tolerances relative, scaling never changes an answer): the
/// LPs see entries of magnitude ≤ 1 whatever the caller's units; A itself is never copied.
/// </summary>
internal sealed class ScaledColumns
{
    public ScaledColumns(RegressionProblem problem)
    {
        Problem = problem;
        double a = Math.Abs(TensorPrimitives.MaxMagnitude(problem.A));
        MaxAbs = a;
        Inverse = a > 0 ? 1.0 / a : 1.0;
    }

    public RegressionProblem Problem { get; }

    /// <summary>a = max|A_ij| (0 for A = 0).</summary>
    public double MaxAbs { get; }

    /// <summary>1/a (1 when A = 0).</summary>
    public double Inverse { get; }

    /// <summary>destination[i] = Â[i, j].</summary>
    public void Column(int j, Span<double> destination)
    {
        var a = Problem.A;
        int n = Problem.Cols;
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = a[(i * n) + j] * Inverse;
        }
    }

    /// <summary>destination = Âᵀλ̂ = Aᵀ(λ̂/a), one pass over A (λ̂/a is the certificate in the caller's units).</summary>
    public void MultiplyTransposed(ReadOnlySpan<double> lambdaHat, Span<double> destination, Span<double> scratch)
    {
        TensorPrimitives.Multiply(lambdaHat, Inverse, scratch);
        Problem.MultiplyTransposed(scratch, destination);
    }

    /// <summary>
    /// Writes Â_W column-major into <paramref name="destination"/> with <paramref name="stride"/> ≥ m entries per column
    /// (entries m..stride−1 are zeroed): the homotopy's dense block, gathered in one pass over A.
    /// </summary>
    public void ColumnMajor(IReadOnlyList<int> columns, int stride, Span<double> destination)
    {
        int m = Problem.Rows;
        destination[..(stride * columns.Count)].Clear();
        for (int i = 0; i < m; i++)
        {
            var row = Problem.Row(i);
            for (int k = 0; k < columns.Count; k++)
            {
                destination[(k * stride) + i] = row[columns[k]] * Inverse;
            }
        }
    }

    /// <summary>Â_S as a Math.NET matrix (m×|S|).</summary>
    public MathNet.Numerics.LinearAlgebra.Matrix<double> Select(IReadOnlyList<int> columns)
    {
        var m = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(Problem.Rows, columns.Count);
        for (int i = 0; i < Problem.Rows; i++)
        {
            var row = Problem.Row(i);
            for (int k = 0; k < columns.Count; k++)
            {
                m[i, k] = row[columns[k]] * Inverse;
            }
        }

        return m;
    }

    /// <summary>Indices of the k largest scores (ties by lower index), increasing; candidates with score ≤ floor are skipped.</summary>
    public static List<int> TopK(ReadOnlySpan<double> scores, int k, Func<int, bool> eligible, double floor = double.NegativeInfinity)
    {
        var candidates = new List<int>();
        for (int j = 0; j < scores.Length; j++)
        {
            if (eligible(j) && scores[j] > floor)
            {
                candidates.Add(j);
            }
        }

        var keys = scores.ToArray();
        candidates.Sort((p, q) => keys[q] != keys[p] ? keys[q].CompareTo(keys[p]) : p.CompareTo(q));
        if (candidates.Count > k)
        {
            candidates.RemoveRange(k, candidates.Count - k);
        }

        candidates.Sort();
        return candidates;
    }
}
