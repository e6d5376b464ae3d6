namespace ImplicitL1.IO;

/// <summary>Turns a matrix read from a file into a vector when it has a single row or a single column.</summary>
internal static class VectorShape
{
    /// <summary>
    /// The entries of <paramref name="a"/> as a vector if it is m×1 or 1×m.
    /// </summary>
    /// <exception cref="DataFormatException">InvalidValues when <paramref name="a"/> has more than one row and column.</exception>
    public static double[] FromMatrix(double[,] a, string name)
    {
        int rows = a.GetLength(0), cols = a.GetLength(1);
        if (cols == 1)
        {
            var v = new double[rows];
            for (var i = 0; i < rows; i++)
            {
                v[i] = a[i, 0];
            }

            return v;
        }

        if (rows == 1)
        {
            var v = new double[cols];
            for (var j = 0; j < cols; j++)
            {
                v[j] = a[0, j];
            }

            return v;
        }

        throw new DataFormatException(DataErrorKind.InvalidValues,
            $"{name}: expected a vector (one row or one column) but found a {rows}×{cols} matrix");
    }

    /// <summary>Copies row-major <paramref name="data"/> into a <paramref name="rows"/>×<paramref name="cols"/> matrix.</summary>
    public static double[,] ToMatrix(double[] data, int rows, int cols)
    {
        var a = new double[rows, cols];
        if (data.Length > 0)
        {
            Buffer.BlockCopy(data, 0, a, 0, data.Length * sizeof(double));
        }

        return a;
    }
}
