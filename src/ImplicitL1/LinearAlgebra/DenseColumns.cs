using ImplicitL1.Problems;
using MathNet.Numerics.LinearAlgebra;

namespace ImplicitL1.LinearAlgebra;

/// <summary>Dense helpers on a subset of the columns of A (A_S), built on Math.NET's Householder QR.</summary>
internal static class DenseColumns
{
    /// <summary>A_S as a Math.NET matrix (m×|S|).</summary>
    public static Matrix<double> Select(RegressionProblem problem, IReadOnlyList<int> columns)
    {
        var m = Matrix<double>.Build.Dense(problem.Rows, columns.Count);
        for (int i = 0; i < problem.Rows; i++)
        {
            var row = problem.Row(i);
            for (int k = 0; k < columns.Count; k++)
            {
                m[i, k] = row[columns[k]];
            }
        }

        return m;
    }

    /// <summary>
    /// Numerical rank of a tall matrix from the diagonal of its QR factor R: |R_kk| &gt; tol·max|R_jj|.
    /// Default tolerance 1e-10.
    /// </summary>
    public static bool HasFullColumnRank(Matrix<double> tall, double tolerance = 1e-10)
    {
        if (tall.ColumnCount == 0)
        {
            return true;
        }

        if (tall.ColumnCount > tall.RowCount)
        {
            return false;
        }

        var r = tall.QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin).R;
        double max = 0;
        for (int k = 0; k < r.ColumnCount; k++)
        {
            max = Math.Max(max, Math.Abs(r[k, k]));
        }

        for (int k = 0; k < r.ColumnCount; k++)
        {
            if (Math.Abs(r[k, k]) <= tolerance * max)
            {
                return false;
            }
        }

        return max > 0;
    }

    /// <summary>argmin_z ‖M z − b‖₂ for a tall M with full column rank (Householder QR).</summary>
    public static double[] LeastSquares(Matrix<double> tall, ReadOnlySpan<double> b)
    {
        if (tall.ColumnCount == 0)
        {
            return [];
        }

        var rhs = Vector<double>.Build.Dense(b.ToArray());
        return tall.QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin).Solve(rhs).ToArray();
    }
}
