using System.Globalization;
using System.Text;

namespace ImplicitL1.IO;

/// <summary>
/// Reads and writes numeric CSV matrices. Cells are separated by commas (surrounding spaces allowed); a file
/// without any comma is read as whitespace-separated (as <c>numpy.savetxt</c> writes by default). Blank lines and lines
/// starting with '#' are ignored. A header row of names is skipped only when the caller says the file has one
/// (<c>header: true</c>; then its first line must be all names): a word where a number belongs is otherwise an error
/// naming the line, so a corrupted first row is never silently dropped. Numbers use the invariant culture. Writing
/// uses round-trip ("R") formatting, commas and '\n' line endings.
/// </summary>
public static class CsvMatrix
{
    /// <summary>Reads an m×n matrix.</summary>
    /// <exception cref="DataFormatException">Unreadable, or Corrupt for ragged rows, non-numeric cells or no data.</exception>
    public static double[,] ReadMatrix(string path) => ReadMatrix(path, header: false);

    /// <summary>Reads an m×n matrix; with <paramref name="header"/> its first line is a row of names, skipped.</summary>
    /// <exception cref="DataFormatException">As <see cref="ReadMatrix(string)"/>, or Corrupt when the header is missing.</exception>
    public static double[,] ReadMatrix(string path, bool header) =>
        DataFileAccess.ReadText(path, r => Parse(r, path, header));

    /// <summary>Reads a vector stored as one column or one row.</summary>
    /// <exception cref="DataFormatException">As <see cref="ReadMatrix(string)"/>, or InvalidValues when there are several rows and columns.</exception>
    public static double[] ReadVector(string path) => ReadVector(path, header: false);

    /// <summary>Reads a vector stored as one column or one row; with <paramref name="header"/> the first line is a name.</summary>
    /// <exception cref="DataFormatException">As <see cref="ReadMatrix(string, bool)"/>, or InvalidValues for a full matrix.</exception>
    public static double[] ReadVector(string path, bool header) =>
        VectorShape.FromMatrix(ReadMatrix(path, header), path);

    /// <summary>Writes <paramref name="a"/>, one row per line.</summary>
    /// <exception cref="DataFormatException">Unreadable when the file cannot be written.</exception>
    public static void Write(string path, double[,] a)
    {
        ArgumentNullException.ThrowIfNull(a);
        DataFileAccess.Write(path, s =>
        {
            using var w = new StreamWriter(s, new UTF8Encoding(false));
            Write(w, a);
        });
    }

    /// <summary>Writes <paramref name="v"/> as a single column, one value per line.</summary>
    /// <exception cref="DataFormatException">Unreadable when the file cannot be written.</exception>
    public static void Write(string path, double[] v)
    {
        ArgumentNullException.ThrowIfNull(v);
        DataFileAccess.Write(path, s =>
        {
            using var w = new StreamWriter(s, new UTF8Encoding(false));
            foreach (var x in v)
            {
                w.Write(Format(x));
                w.Write('\n');
            }
        });
    }

    /// <summary>Writes <paramref name="a"/> as CSV text to <paramref name="writer"/>.</summary>
    public static void Write(TextWriter writer, double[,] a)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(a);
        for (var i = 0; i < a.GetLength(0); i++)
        {
            for (var j = 0; j < a.GetLength(1); j++)
            {
                if (j > 0)
                {
                    writer.Write(',');
                }

                writer.Write(Format(a[i, j]));
            }

            writer.Write('\n');
        }
    }

    /// <summary>
    /// Parses CSV text from <paramref name="reader"/>; <paramref name="name"/> names the source in messages. With
    /// <paramref name="header"/> the first non-comment line must be a row of names (no cell a number) and is skipped.
    /// </summary>
    /// <exception cref="DataFormatException">
    /// Corrupt for ragged rows, non-numeric cells (a header row when none was announced), a missing announced header,
    /// or no data.
    /// </exception>
    public static double[,] Parse(TextReader reader, string name = "<csv>", bool header = false)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var rows = new List<double[]>();
        bool? commaSeparated = null;
        var columns = -1;
        var columnsLine = 0;
        var lineNumber = 0;
        var first = true;
        var headerHint = string.Empty;
        string? line;
        while ((line = reader.ReadLine()) != null)
        {
            lineNumber++;
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed[0] == '#')
            {
                continue;
            }

            commaSeparated ??= trimmed.Contains(',');
            var cells = commaSeparated.Value
                ? trimmed.Split(',')
                : trimmed.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

            if (first)
            {
                first = false;
                bool names = cells.All(c => !TryParseCell(c, out _) && Unquote(c).Length > 0);
                if (header)
                {
                    if (!names)
                    {
                        throw new DataFormatException(DataErrorKind.Corrupt,
                            $"{name}: line {lineNumber} should be the announced header row of names but holds a number or an empty cell");
                    }

                    columns = cells.Length;
                    columnsLine = lineNumber;
                    continue;
                }

                headerHint = names
                    ? $"; if line {lineNumber} is a header, say so (implicit-l1: --header) or start it with '#'"
                    : string.Empty;
            }

            if (columns < 0)
            {
                columns = cells.Length;
                columnsLine = lineNumber;
            }
            else if (cells.Length != columns)
            {
                throw new DataFormatException(DataErrorKind.Corrupt,
                    $"{name}: line {lineNumber} has {cells.Length} cells but line {columnsLine} has {columns} (ragged rows)");
            }

            var row = new double[cells.Length];
            for (var j = 0; j < cells.Length; j++)
            {
                if (!TryParseCell(cells[j], out row[j]))
                {
                    throw new DataFormatException(DataErrorKind.Corrupt, $"{name}: line {lineNumber}, column {j + 1}: {Explain(cells[j])}{headerHint}");
                }
            }

            rows.Add(row);
        }

        if (rows.Count == 0)
        {
            throw new DataFormatException(DataErrorKind.Corrupt, $"{name}: contains no numeric rows");
        }

        var a = new double[rows.Count, columns];
        for (var i = 0; i < rows.Count; i++)
        {
            for (var j = 0; j < columns; j++)
            {
                a[i, j] = rows[i][j];
            }
        }

        return a;
    }

    private static string Shorten(string text) => text.Length > 40 ? text[..40] + "…" : text;

    private static string Format(double x) => x.ToString("R", CultureInfo.InvariantCulture);

    private static string Unquote(string cell)
    {
        var c = cell.Trim();
        if (c.Length >= 2 && c[0] == '"' && c[^1] == '"')
        {
            c = c[1..^1].Trim();
        }

        return c;
    }

    private static bool TryParseCell(string cell, out double value)
    {
        var c = Unquote(cell);
        if (double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }

        switch (c.ToLowerInvariant())
        {
            case "nan" or "+nan" or "-nan":
                value = double.NaN;
                return true;
            case "inf" or "+inf" or "infinity" or "+infinity":
                value = double.PositiveInfinity;
                return true;
            case "-inf" or "-infinity":
                value = double.NegativeInfinity;
                return true;
            default:
                return false;
        }
    }

    private static string Explain(string cell)
    {
        var c = Unquote(cell);
        if (c.Length == 0)
        {
            return "empty cell";
        }

        var shown = Shorten(c);
        var hint = c.Contains(';') ? " (semicolons are not separators; use commas)" : "";
        return $"'{shown}' is not a number{hint}";
    }
}
