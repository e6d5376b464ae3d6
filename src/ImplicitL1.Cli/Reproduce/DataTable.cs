using System.Globalization;
using System.Text;
using ImplicitL1.Cli.Output;

namespace ImplicitL1.Cli.Reproduce;

/// <summary>A named table of numbers (and short words) written as CSV with '\n' line endings and round-trip numbers.</summary>
public sealed class DataTable(string name, params string[] columns)
{
    private readonly List<string[]> _rows = [];

    /// <summary>File stem: the CSV is written as <c>name.csv</c>.</summary>
    public string Name { get; } = name;

    /// <summary>Column headers.</summary>
    public IReadOnlyList<string> Columns { get; } = columns;

    /// <summary>Rows as formatted cells.</summary>
    public IReadOnlyList<string[]> Rows => _rows;

    /// <summary>Adds a row; numbers use the shortest round-trip form ("nan", "inf" for non-finite).</summary>
    public DataTable Add(params object?[] cells)
    {
        if (cells.Length != Columns.Count)
        {
            throw new ArgumentException($"row has {cells.Length} cells but table {Name} has {Columns.Count} columns.", nameof(cells));
        }

        _rows.Add([.. cells.Select(Cell)]);
        return this;
    }

    /// <summary>The CSV text: header line, then one line per row, each ending in '\n'.</summary>
    public string ToCsv()
    {
        var sb = new StringBuilder();
        sb.Append(string.Join(',', Columns)).Append('\n');
        foreach (var row in _rows)
        {
            sb.Append(string.Join(',', row)).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>Formats one cell.</summary>
    public static string Cell(object? value) => value switch
    {
        null => string.Empty,
        double d => TableOutput.Format(d),
        float f => TableOutput.Format(f),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
