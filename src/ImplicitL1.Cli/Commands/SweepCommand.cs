using System.ComponentModel;
using System.Globalization;
using ImplicitL1.Cli.Output;
using ImplicitL1.Sweeps;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ImplicitL1.Cli.Commands;

/// <summary>Options of <c>implicit-l1 sweep</c>.</summary>
public sealed class SweepSettings : CommandSettings
{
    [CommandArgument(0, "<SPEC>")]
    [Description("Sweep spec (JSON): problem grid × method grid. See the README for the keys.")]
    public string Spec { get; init; } = string.Empty;

    [CommandOption("--db <FILE>")]
    [Description("SQLite results database; created if missing, resumed (done points skipped) if it exists.")]
    public string? Database { get; init; }

    [CommandOption("--shard <I/N>")]
    [Description("Run only shard I of N (0-based): the points with grid index ≡ I (mod N). Default: from SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT or JOB_COMPLETION_INDEX, else 0/1.")]
    public string? Shard { get; init; }

    [CommandOption("--shard-count <N>")]
    [Description("Number of shards when the index comes from the environment (required with JOB_COMPLETION_INDEX).")]
    public int? ShardCount { get; init; }

    [CommandOption("--threads <K>")]
    [Description("Points evaluated at once, each on one thread (results do not depend on K). Default: all cores.")]
    public int? Threads { get; init; }

    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Database))
        {
            return ValidationResult.Error("sweep needs --db <FILE>.");
        }

        if (Shard is not null && ShardCount is not null)
        {
            return ValidationResult.Error("give either --shard I/N or --shard-count N (with the index from the environment), not both.");
        }

        return ValidationResult.Success();
    }
}

/// <summary>Runs (or resumes) a sweep into an SQLite database.</summary>
public sealed class SweepCommand : Command<SweepSettings>
{
    public override int Execute(CommandContext context, SweepSettings settings, CancellationToken cancellationToken)
    {
        var cli = CliContext.Current;
        if (settings.Threads is < 1)
        {
            throw new CliException(ExitCodes.InvalidValue, $"--threads must be ≥ 1 (got {settings.Threads}).");
        }

        OutputPaths.CheckWritable(settings.Database, "--db");
        var spec = SweepCommands.LoadSpec(settings.Spec);
        var shard = ResolveShard(settings);
        using var database = SweepDatabase.OpenOrCreate(settings.Database!, spec);
        SweepRunSummary summary;
        if (cli.IsTerminal)
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(cli.Error) });
            summary = console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new ElapsedTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask($"sweep {shard}", maxValue: 1);
                    return SweepRunner.Run(spec, database, Options(settings, shard, p =>
                    {
                        task.MaxValue = Math.Max(p.Total, 1);
                        task.Value = p.Done;
                    }), cancellationToken);
                });
        }
        else
        {
            int lastPercent = -1;
            summary = SweepRunner.Run(spec, database, Options(settings, shard, p =>
            {
                int percent = p.Total == 0 ? 100 : (int)(100L * p.Done / p.Total);
                if (percent != lastPercent || p.Done == p.Total)
                {
                    lastPercent = percent;
                    cli.Error.WriteLine($"progress: {p.Done}/{p.Total} points");
                }
            }), cancellationToken);
        }

        cli.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"sweep: shard {shard}: {summary.Total} points, {summary.AlreadyDone} already stored, {summary.Computed} computed in {summary.Elapsed.TotalSeconds:F2} s ({summary.PointsPerSecond:G4} points/s); {database.Count} rows in {settings.Database}"));
        return ExitCodes.Ok;
    }

    private static SweepRunOptions Options(SweepSettings settings, Shard shard, Action<SweepProgress> report) => new()
    {
        MaxDegreeOfParallelism = settings.Threads,
        Shard = shard,
        OnProgress = report,
    };

    private static Shard ResolveShard(SweepSettings settings)
    {
        try
        {
            if (settings.Shard is not null)
            {
                return Shard.Parse(settings.Shard);
            }

            return Shard.FromEnvironment(Environment.GetEnvironmentVariable, settings.ShardCount) ?? Shard.All;
        }
        catch (ArgumentException e)
        {
            throw new CliException(ExitCodes.InvalidValue, "--shard: " + e.Message.Split(" (Parameter")[0].ReplaceLineEndings(" "));
        }
    }
}
