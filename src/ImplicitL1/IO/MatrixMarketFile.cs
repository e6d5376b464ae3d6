using System.Globalization;

namespace ImplicitL1.IO;

/// <summary>
/// Reads Matrix Market (<c>.mtx</c>) files into dense matrices: <c>array</c> (values listed column by column) and
/// <c>coordinate</c> (1-based <c>i j v</c> triples; duplicates are summed) formats; <c>real</c>, <c>double</c>,
/// <c>integer</c> and <c>pattern</c> (every listed entry is 1.0) fields; <c>general</c>, <c>symmetric</c> and
/// <c>skew-symmetric</c> symmetry (the stored lower triangle is mirrored). Complex and Hermitian data are not read.
/// </summary>
public static class MatrixMarketFile
{
    /// <summary>Reads an m×n matrix.</summary>
    /// <exception cref="DataFormatException">Unreadable, Corrupt (bad banner, size line or entries), UnsupportedType (complex).</exception>
    public static double[,] ReadMatrix(string path) =>
        DataFileAccess.ReadText(path, r => Parse(r, path));

    /// <summary>Reads a vector stored as an m×1 or 1×m matrix.</summary>
    /// <exception cref="DataFormatException">As <see cref="ReadMatrix"/>, or InvalidValues when there are several rows and columns.</exception>
    public static double[] ReadVector(string path) =>
        VectorShape.FromMatrix(ReadMatrix(path), path);

    /// <summary>Parses Matrix Market text; <paramref name="name"/> names the source in messages.</summary>
    public static double[,] Parse(TextReader reader, string name = "<mtx>")
    {
        ArgumentNullException.ThrowIfNull(reader);
        var lineNumber = 1;
        var banner = reader.ReadLine();
        if (banner == null)
        {
            throw Corrupt(name, "file is empty (expected a %%MatrixMarket banner line)");
        }

        var words = banner.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length != 5 || !words[0].Equals("%%MatrixMarket", StringComparison.OrdinalIgnoreCase))
        {
            throw Corrupt(name, "first line is not a '%%MatrixMarket matrix <format> <field> <symmetry>' banner");
        }

        var obj = words[1].ToLowerInvariant();
        var format = words[2].ToLowerInvariant();
        var field = words[3].ToLowerInvariant();
        var symmetry = words[4].ToLowerInvariant();

        if (obj != "matrix")
        {
            throw new DataFormatException(DataErrorKind.UnsupportedType, $"{name}: Matrix Market object '{words[1]}' is not supported; only 'matrix' is");
        }

        if (format is not ("array" or "coordinate"))
        {
            throw Corrupt(name, $"unknown Matrix Market format '{words[2]}' (expected 'array' or 'coordinate')");
        }

        switch (field)
        {
            case "real" or "double" or "integer":
                break;
            case "pattern" when format == "coordinate":
                break;
            case "pattern":
                throw Corrupt(name, "field 'pattern' is only valid with the 'coordinate' format");
            case "complex":
                throw new DataFormatException(DataErrorKind.UnsupportedType,
                    $"{name}: Matrix Market field 'complex' is not supported; only real, integer and pattern are");
            default:
                throw Corrupt(name, $"unknown Matrix Market field '{words[3]}'");
        }

        switch (symmetry)
        {
            case "general" or "symmetric" or "skew-symmetric":
                break;
            case "hermitian":
                throw new DataFormatException(DataErrorKind.UnsupportedType,
                    $"{name}: Matrix Market symmetry 'hermitian' is not supported (it implies complex values)");
            default:
                throw Corrupt(name, $"unknown Matrix Market symmetry '{words[4]}'");
        }

        // Size line: first line that is neither a comment nor blank.
        string[]? size = null;
        string? line;
        while ((line = reader.ReadLine()) != null)
        {
            lineNumber++;
            var t = line.Trim();
            if (t.Length == 0 || t[0] == '%')
            {
                continue;
            }

            size = t.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            break;
        }

        var sizeCount = format == "array" ? 2 : 3;
        if (size == null)
        {
            throw Corrupt(name, "file ends before the size line");
        }

        if (size.Length != sizeCount || !size.All(s => long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
        {
            throw Corrupt(name, $"line {lineNumber}: size line must hold {sizeCount} non-negative integers ({(format == "array" ? "rows cols" : "rows cols entries")})");
        }

        var dims = size.Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        long rows = dims[0], cols = dims[1];
        if (rows > int.MaxValue || cols > int.MaxValue || rows * cols > Array.MaxLength)
        {
            throw new DataFormatException(DataErrorKind.InvalidValues, $"{name}: a {rows}×{cols} matrix is too large to load densely");
        }

        if (symmetry != "general" && rows != cols)
        {
            throw Corrupt(name, $"a {symmetry} matrix must be square but the size line says {rows}×{cols}");
        }

        var a = new double[rows, cols];
        var sign = symmetry == "skew-symmetric" ? -1.0 : 1.0;
        if (format == "array")
        {
            ReadArrayEntries(reader, a, symmetry, sign, ref lineNumber, name);
        }
        else
        {
            ReadCoordinateEntries(reader, a, dims[2], field == "pattern", symmetry, sign, ref lineNumber, name);
        }

        return a;
    }

    private static void ReadArrayEntries(TextReader reader, double[,] a, string symmetry, double sign, ref int lineNumber, string name)
    {
        int rows = a.GetLength(0), cols = a.GetLength(1);

        // Positions in file order: column by column; symmetric keeps i ≥ j, skew-symmetric i > j.
        var positions = new List<(int I, int J)>();
        for (var j = 0; j < cols; j++)
        {
            var firstRow = symmetry switch { "general" => 0, "symmetric" => j, _ => j + 1 };
            for (var i = firstRow; i < rows; i++)
            {
                positions.Add((i, j));
            }
        }

        var k = 0;
        string? line;
        while ((line = reader.ReadLine()) != null)
        {
            lineNumber++;
            var t = line.Trim();
            if (t.Length == 0 || t[0] == '%')
            {
                continue;
            }

            foreach (var token in t.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            {
                if (k >= positions.Count)
                {
                    throw Corrupt(name, $"line {lineNumber}: more values than the {positions.Count} the size line declares");
                }

                var v = ParseValue(token, lineNumber, name);
                var (i, j) = positions[k++];
                a[i, j] = v;
                if (i != j && symmetry != "general")
                {
                    a[j, i] = sign * v;
                }
            }
        }

        if (k < positions.Count)
        {
            throw Corrupt(name, $"truncated: expected {positions.Count} values but found {k}");
        }
    }

    private static void ReadCoordinateEntries(TextReader reader, double[,] a, long entries, bool pattern, string symmetry, double sign, ref int lineNumber, string name)
    {
        int rows = a.GetLength(0), cols = a.GetLength(1);
        long k = 0;
        var expectedTokens = pattern ? 2 : 3;
        string? line;
        while ((line = reader.ReadLine()) != null)
        {
            lineNumber++;
            var t = line.Trim();
            if (t.Length == 0 || t[0] == '%')
            {
                continue;
            }

            if (k >= entries)
            {
                throw Corrupt(name, $"line {lineNumber}: more entries than the {entries} the size line declares");
            }

            var tokens = t.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (tokens.Length < expectedTokens)
            {
                throw Corrupt(name, $"line {lineNumber}: entry has {tokens.Length} fields but {(pattern ? "'i j'" : "'i j value'")} needs {expectedTokens}");
            }

            var i = ParseIndex(tokens[0], rows, "row", lineNumber, name);
            var j = ParseIndex(tokens[1], cols, "column", lineNumber, name);
            var v = pattern ? 1.0 : ParseValue(tokens[2], lineNumber, name);
            if (symmetry != "general" && i < j)
            {
                throw Corrupt(name, $"line {lineNumber}: entry ({i + 1}, {j + 1}) lies above the diagonal of a {symmetry} matrix");
            }

            if (symmetry == "skew-symmetric" && i == j)
            {
                throw Corrupt(name, $"line {lineNumber}: a skew-symmetric matrix has no diagonal entries");
            }

            a[i, j] += v;
            if (i != j && symmetry != "general")
            {
                a[j, i] += sign * v;
            }

            k++;
        }

        if (k < entries)
        {
            throw Corrupt(name, $"truncated: expected {entries} entries but found {k}");
        }
    }

    private static int ParseIndex(string token, int limit, string what, int lineNumber, string name)
    {
        if (!long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index))
        {
            throw Corrupt(name, $"line {lineNumber}: {what} index '{token}' is not an integer");
        }

        if (index < 1 || index > limit)
        {
            throw Corrupt(name, $"line {lineNumber}: {what} index {index} is outside 1..{limit}");
        }

        return (int)(index - 1);
    }

    private static double ParseValue(string token, int lineNumber, string name) =>
        double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw Corrupt(name, $"line {lineNumber}: '{token}' is not a number");

    private static DataFormatException Corrupt(string name, string what) =>
        new(DataErrorKind.Corrupt, $"{name}: {what}");
}
