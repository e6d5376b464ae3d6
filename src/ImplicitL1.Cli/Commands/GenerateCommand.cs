using System.ComponentModel;
using System.Globalization;
using ImplicitL1.Cli.Output;
using ImplicitL1.IO;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ImplicitL1.Cli.Commands;

/// <summary>Options of <c>implicit-l1 generate</c>: the generator's, --format, and where to write.</summary>
public sealed class GenerateSettings : GeneratorSettings
{
    /// <summary>Where A goes.</summary>
    [CommandOption("--out-a <FILE>")]
    [Description("Where to write A (.npy or .csv). Required.")]
    public string? OutA { get; init; }

    /// <summary>Where y goes.</summary>
    [CommandOption("--out-y <FILE>")]
    [Description("Where to write y (.npy or .csv). Required.")]
    public string? OutY { get; init; }

    /// <summary>Where x* goes (optional).</summary>
    [CommandOption("--out-x <FILE>")]
    [Description("Where to write the planted sparse x* (.npy or .csv). Optional.")]
    public string? OutX { get; init; }

    /// <inheritdoc/>
    public override ValidationResult Validate() => OutA is null || OutY is null
        ? ValidationResult.Error("generate needs --out-a and --out-y.")
        : ValidationResult.Success();
}

/// <summary>Writes a seeded instance to files.</summary>
public sealed class GenerateCommand : Command<GenerateSettings>
{
    /// <inheritdoc/>
    public override int Execute(CommandContext context, GenerateSettings settings, CancellationToken cancellationToken)
    {
        var cli = CliContext.Current;
        var outputs = new List<(string Flag, string? Path)> { ("--out-a", settings.OutA), ("--out-y", settings.OutY), ("--out-x", settings.OutX) };
        OutputPaths.CheckDistinct(outputs);
        foreach (var (flag, path) in outputs)
        {
            OutputPaths.CheckWritable(path, flag);
        }

        var (instance, source) = settings.Generate();
        MatrixFile.WriteMatrix(settings.OutA!, instance.Problem.ToArray());
        MatrixFile.WriteVector(settings.OutY!, instance.Problem.YArray());
        if (settings.OutX is not null)
        {
            MatrixFile.WriteVector(settings.OutX, instance.XStar);
        }

        var o = instance.Options;
        var files = new List<(string Name, string Path, int Rows, int Cols)> { ("A", settings.OutA!, o.M, o.N), ("y", settings.OutY!, o.M, 1) };
        if (settings.OutX is not null)
        {
            files.Add(("x_star", settings.OutX, o.N, 1));
        }

        switch (settings.ResolveFormat(cli))
        {
            case OutputFormat.Json:
                using (var json = new JsonOutput())
                {
                    json.Writer.WriteStartObject();
                    json.Integer("m", o.M).Integer("n", o.N).Integer("s", o.S).Integer("seed", o.Seed)
                        .String("design", o.Design.ToString().ToLowerInvariant()).Number("noise", o.Noise)
                        .String("a_file", settings.OutA).String("y_file", settings.OutY).String("x_star_file", settings.OutX)
                        .Integers("x_star_support", instance.Support);
                    json.Writer.WriteEndObject();
                    cli.Out.WriteLine(json.ToString());
                }

                break;
            case OutputFormat.Csv:
                TableOutput.CsvLine(cli.Out, "name", "file", "rows", "cols");
                foreach (var f in files)
                {
                    TableOutput.CsvLine(cli.Out, f.Name, f.Path, f.Rows.ToString(CultureInfo.InvariantCulture), f.Cols.ToString(CultureInfo.InvariantCulture));
                }

                break;
            default:
                var table = new Table().AddColumns("quantity", "value");
                TableOutput.AddRow(table, "source", source);
                foreach (var f in files)
                {
                    TableOutput.AddRow(table, f.Name == "x_star" ? "x*" : f.Name, $"{f.Path} ({f.Rows}×{f.Cols})");
                }

                TableOutput.AddRow(table, "support of x*", string.Join(", ", instance.Support));
                TableOutput.Write(cli.Out, table, cli.IsTerminal);
                break;
        }

        return ExitCodes.Ok;
    }
}
