using System.ComponentModel;
using ImplicitL1.Cli.Output;
using ImplicitL1.IO;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ImplicitL1.Cli.Commands;

/// <summary>Options of <c>implicit-l1 generate</c>.</summary>
public sealed class GenerateSettings : ProblemSettings
{
    [CommandOption("--out-a <FILE>")]
    [Description("Where to write A (.npy or .csv). Required.")]
    public string? OutA { get; init; }

    [CommandOption("--out-y <FILE>")]
    [Description("Where to write y (.npy or .csv). Required.")]
    public string? OutY { get; init; }

    [CommandOption("--out-x <FILE>")]
    [Description("Where to write the planted sparse x* (.npy or .csv). Optional.")]
    public string? OutX { get; init; }

    public override ValidationResult Validate()
    {
        if (OutA is null || OutY is null)
        {
            return ValidationResult.Error("generate needs --out-a and --out-y.");
        }

        return AFile is not null || YFile is not null
            ? ValidationResult.Error("generate takes generator options, not --A/--y.")
            : ValidationResult.Success();
    }
}

/// <summary>Writes a seeded instance to files.</summary>
public sealed class GenerateCommand : Command<GenerateSettings>
{
    public override int Execute(CommandContext context, GenerateSettings settings, CancellationToken cancellationToken)
    {
        var cli = CliContext.Current;
        var loaded = settings.Load(cli);
        var instance = loaded.Instance!;
        MatrixFile.WriteMatrix(settings.OutA!, instance.Problem.ToArray());
        MatrixFile.WriteVector(settings.OutY!, instance.Problem.YArray());
        if (settings.OutX is not null)
        {
            MatrixFile.WriteVector(settings.OutX, instance.XStar);
        }

        var o = instance.Options;
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
            default:
                cli.Out.WriteLine($"wrote A ({o.M}×{o.N}) to {settings.OutA}, y to {settings.OutY}" +
                    (settings.OutX is null ? string.Empty : $", x* to {settings.OutX}") +
                    $"; support of x*: [{string.Join(", ", instance.Support)}]");
                break;
        }

        return ExitCodes.Ok;
    }
}
