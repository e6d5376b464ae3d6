using System.Globalization;
using Spectre.Console;

namespace ImplicitL1.Cli.Output;

/// <summary>Renders Spectre tables to a plain writer (no ANSI codes unless a terminal), and CSV lines.</summary>
public static class TableOutput
{
    /// <summary>Writes <paramref name="table"/> to <paramref name="writer"/>, 160 columns wide.</summary>
    public static void Write(TextWriter writer, Table table, bool isTerminal)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = isTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = isTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 160;
        console.Write(table);
    }

    /// <summary>Adds a row of plain text cells (brackets are not markup).</summary>
    public static void AddRow(Table table, params string[] cells) => table.AddRow(cells.Select(c => (Spectre.Console.Rendering.IRenderable)new Text(c)));

    /// <summary>Shortest round-trip text of a number ("nan"/"inf" for non-finite, empty for null).</summary>
    public static string Format(double? value) => value switch
    {
        null => string.Empty,
        double v when double.IsNaN(v) => "nan",
        double v when double.IsInfinity(v) => v > 0 ? "inf" : "-inf",
        double v => v.ToString("R", CultureInfo.InvariantCulture),
    };

    /// <summary>A short human form (6 significant digits).</summary>
    public static string Short(double? value) => value is double v && double.IsFinite(v)
        ? v.ToString("G6", CultureInfo.InvariantCulture)
        : Format(value);

    /// <summary>Writes one CSV line (values are numbers or simple words, never quoted).</summary>
    public static void CsvLine(TextWriter writer, params string[] cells) => writer.Write(string.Join(',', cells) + "\n");
}
