namespace ImplicitL1.IO;

/// <summary>
/// Reads and writes matrices and vectors, choosing the format by the file extension (case-insensitive):
/// <c>.npy</c> (<see cref="NpyFile"/>), <c>.csv</c> and <c>.txt</c> (<see cref="CsvMatrix"/>), and, for reading only,
/// <c>.mtx</c> (<see cref="MatrixMarketFile"/>).
/// </summary>
public static class MatrixFile
{
    /// <summary>The extensions <see cref="ReadMatrix(string)"/> and <see cref="ReadVector(string)"/> accept.</summary>
    public static IReadOnlyList<string> ReadableExtensions { get; } = [".npy", ".csv", ".txt", ".mtx"];

    /// <summary>The extensions <see cref="WriteMatrix"/> and <see cref="WriteVector"/> accept.</summary>
    public static IReadOnlyList<string> WritableExtensions { get; } = [".npy", ".csv", ".txt"];

    /// <summary>Reads a matrix from a .npy, .csv, .txt or .mtx file.</summary>
    /// <exception cref="DataFormatException">UnsupportedType for any other extension; otherwise as the format's reader.</exception>
    public static double[,] ReadMatrix(string path) => ReadMatrix(path, csvHeader: false);

    /// <summary>Reads a matrix; a .csv/.txt file with <paramref name="csvHeader"/> starts with a row of names (skipped).</summary>
    /// <exception cref="DataFormatException">As <see cref="ReadMatrix(string)"/>.</exception>
    public static double[,] ReadMatrix(string path, bool csvHeader) => Extension(path, ReadableExtensions, "reading") switch
    {
        ".npy" => NpyFile.ReadMatrix(path),
        ".mtx" => MatrixMarketFile.ReadMatrix(path),
        _ => CsvMatrix.ReadMatrix(path, csvHeader),
    };

    /// <summary>Reads a vector from a .npy, .csv, .txt or .mtx file.</summary>
    /// <exception cref="DataFormatException">UnsupportedType for any other extension; otherwise as the format's reader.</exception>
    public static double[] ReadVector(string path) => ReadVector(path, csvHeader: false);

    /// <summary>Reads a vector; a .csv/.txt file with <paramref name="csvHeader"/> starts with a name (skipped).</summary>
    /// <exception cref="DataFormatException">As <see cref="ReadVector(string)"/>.</exception>
    public static double[] ReadVector(string path, bool csvHeader) => Extension(path, ReadableExtensions, "reading") switch
    {
        ".npy" => NpyFile.ReadVector(path),
        ".mtx" => MatrixMarketFile.ReadVector(path),
        _ => CsvMatrix.ReadVector(path, csvHeader),
    };

    /// <summary>Writes a matrix to a .npy, .csv or .txt (CSV) file.</summary>
    /// <exception cref="DataFormatException">UnsupportedType for any other extension; Unreadable when writing fails.</exception>
    public static void WriteMatrix(string path, double[,] a)
    {
        if (Extension(path, WritableExtensions, "writing") == ".npy")
        {
            NpyFile.Write(path, a);
        }
        else
        {
            CsvMatrix.Write(path, a);
        }
    }

    /// <summary>Writes a vector to a .npy (shape (m,)) or .csv/.txt (one column) file.</summary>
    /// <exception cref="DataFormatException">UnsupportedType for any other extension; Unreadable when writing fails.</exception>
    public static void WriteVector(string path, double[] v)
    {
        if (Extension(path, WritableExtensions, "writing") == ".npy")
        {
            NpyFile.Write(path, v);
        }
        else
        {
            CsvMatrix.Write(path, v);
        }
    }

    private static string Extension(string path, IReadOnlyList<string> supported, string action)
    {
        ArgumentNullException.ThrowIfNull(path);
        var ext = Path.GetExtension(path).ToLowerInvariant();
        if (supported.Contains(ext))
        {
            return ext;
        }

        var shown = ext.Length == 0 ? "no extension" : $"extension '{Path.GetExtension(path)}'";
        throw new DataFormatException(DataErrorKind.UnsupportedType,
            $"{path}: {shown} is not supported for {action}; supported: {string.Join(", ", supported)}");
    }
}
