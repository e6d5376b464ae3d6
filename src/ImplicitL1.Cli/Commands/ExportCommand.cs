using System.ComponentModel;
using ImplicitL1.Cli.Output;
using ImplicitL1.Sweeps;
using Spectre.Console.Cli;

namespace ImplicitL1.Cli.Commands;

/// <summary>Options of <c>implicit-l1 export</c>.</summary>
public sealed class ExportSettings : CommandSettings
{
    [CommandArgument(0, "<DB>")]
    [Description("Sweep database to export.")]
    public string Database { get; init; } = string.Empty;

    [CommandOption("--out <FILE>")]
    [Description("CSV file to write. Default: standard output.")]
    public string? Output { get; init; }

    [CommandOption("--exclude-timing")]
    [Description("Leave out the elapsed_s column (for comparing runs).")]
    public bool ExcludeTiming { get; init; }
}

/// <summary>Writes a sweep database as CSV, sorted by point key.</summary>
public sealed class ExportCommand : Command<ExportSettings>
{
    public override int Execute(CommandContext context, ExportSettings settings, CancellationToken cancellationToken)
    {
        var cli = CliContext.Current;
        OutputPaths.CheckWritable(settings.Output, "--out");
        using var database = SweepDatabase.OpenExisting(settings.Database);
        var spec = SweepCommands.StoredSpec(database);
        var rows = database.ReadRows();
        if (settings.Output is null)
        {
            SweepCsv.Write(cli.Out, spec, rows, !settings.ExcludeTiming);
            return ExitCodes.Ok;
        }

        var text = new StringWriter();
        SweepCsv.Write(text, spec, rows, !settings.ExcludeTiming);
        try
        {
            File.WriteAllText(settings.Output, text.ToString());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.Unwritable, $"cannot write {settings.Output}: {e.Message}");
        }

        cli.Error.WriteLine($"export: {rows.Count} rows of {spec.Points.Count} points written to {settings.Output}");
        return ExitCodes.Ok;
    }
}
