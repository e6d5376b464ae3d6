using System.ComponentModel;
using ImplicitL1.Cli.Output;
using ImplicitL1.Sweeps;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ImplicitL1.Cli.Commands;

/// <summary>Options of <c>implicit-l1 merge</c>.</summary>
public sealed class MergeSettings : CommandSettings
{
    [CommandArgument(0, "<OUT>")]
    [Description("Merged database; created if missing (else it must come from the same spec).")]
    public string Output { get; init; } = string.Empty;

    [CommandArgument(1, "<INPUTS>")]
    [Description("Sweep databases to merge (shards of one spec).")]
    public string[] Inputs { get; init; } = [];

    public override ValidationResult Validate() => Inputs.Length == 0
        ? ValidationResult.Error("merge needs at least one input database.")
        : ValidationResult.Success();
}

/// <summary>Merges sweep databases of one spec (e.g. shards) into one.</summary>
public sealed class MergeCommand : Command<MergeSettings>
{
    public override int Execute(CommandContext context, MergeSettings settings, CancellationToken cancellationToken)
    {
        var cli = CliContext.Current;
        var full = Path.GetFullPath(settings.Output);
        if (settings.Inputs.Any(i => Path.GetFullPath(i) == full))
        {
            throw new CliException(ExitCodes.Usage, $"the output {settings.Output} is also an input.");
        }

        OutputPaths.CheckWritable(settings.Output, "<OUT>");
        var inputs = new List<SweepDatabase>();
        try
        {
            foreach (var path in settings.Inputs)
            {
                var db = SweepDatabase.OpenExisting(path);
                inputs.Add(db);
                if (db.SpecHash != inputs[0].SpecHash)
                {
                    throw new SweepDatabaseException(SweepDatabaseError.SpecMismatch, path,
                        $"was made by a different spec than {inputs[0].Path} (grid hash {db.SpecHash[..12]}… vs {inputs[0].SpecHash[..12]}…); refusing to merge.");
                }
            }

            var spec = SweepCommands.StoredSpec(inputs[0]);
            using var output = SweepDatabase.OpenOrCreate(settings.Output, spec);
            int added = 0;
            int read = 0;
            foreach (var db in inputs)
            {
                var rows = db.ReadRows();
                read += rows.Count;
                added += output.Insert(rows);
            }

            cli.Out.WriteLine($"merge: {read} rows read from {inputs.Count} databases, {added} new, {read - added} already present; {output.Count} of {spec.Points.Count} points in {settings.Output}");
        }
        finally
        {
            foreach (var db in inputs)
            {
                db.Dispose();
            }
        }

        return ExitCodes.Ok;
    }
}
