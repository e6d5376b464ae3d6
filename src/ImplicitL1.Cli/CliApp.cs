using System.Collections.Concurrent;
using System.Reflection;
using ImplicitL1.Cli.Commands;
using ImplicitL1.Cli.Options;
using ImplicitL1.IO;
using ImplicitL1.Problems;
using ImplicitL1.Sweeps;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ImplicitL1.Cli;

/// <summary>Entry point of the implicit-l1 tool: a thin shell over the library.</summary>
public static class CliApp
{
    /// <summary>The one-letter long options (--A, --y, --m, --n, --s) the tool accepts as aliases of -A, -y, …</summary>
    public const string OneLetterAliases = "Aymnsx";

    private static readonly ConcurrentDictionary<string, Type> SettingsTypes = new(StringComparer.Ordinal);

    /// <summary>The tool's version: the informational version of its assembly (e.g. "0.1.0+commit").</summary>
    public static string Version { get; } =
        typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(CliApp).Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>
    /// Runs the tool on the process streams. The first Ctrl-C asks the running solver to stop (it returns what it has,
    /// with status cancelled and exit code 13); a second one ends the process at once.
    /// </summary>
    public static int Run(string[] args)
    {
        using var interrupt = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            if (!interrupt.IsCancellationRequested)
            {
                e.Cancel = true;
                Console.Error.WriteLine("interrupted: stopping after the current step and writing what is done (Ctrl-C again to abort)");
                interrupt.Cancel();
            }
        };
        return Run(args, Console.Out, Console.Error, !Console.IsOutputRedirected, interrupt.Token);
    }

    /// <summary>Runs the tool writing to the given streams (used in-process by the tests) and returns the exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error, bool isTerminal = false, CancellationToken cancellation = default)
    {
        var context = new CliContext(output, error, isTerminal);
        CliContext.Current = context;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = isTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = isTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(output),
        });
        if (!isTerminal)
        {
            console.Profile.Width = 80;
        }

        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("implicit-l1");
            config.SetApplicationVersion(Version);
            config.ConfigureConsole(console);
            config.SetInterceptor(new OptionRangeInterceptor());
            config.PropagateExceptions();
            config.UseStrictParsing();
            Register(config);
        });
        var rewritten = args.Select(RewriteAlias).ToList();
        try
        {
            if (rewritten.Count == 0)
            {
                // No command: the overview, and the exit code of a usage error.
                app.Run(["--help"]);
                return ExitCodes.Usage;
            }

            OptionRules.CheckValuesPresent(rewritten, SettingsTypeFor(rewritten));
            return app.Run(rewritten, cancellation);
        }
        catch (Exception e)
        {
            var (code, message) = Classify(e, rewritten);
            error.WriteLine("error: " + message);
            return code;
        }
    }

    /// <summary>Registers every command.</summary>
    public static void Register(IConfigurator config)
    {
        Add<GenerateCommand>(config, "generate")
            .WithDescription("Generate a seeded instance (A, y, x*) and write it to .npy or .csv files.")
            .WithExample("generate", "--m", "20", "--n", "50", "--s", "3", "--seed", "1", "--out-a", "A.npy", "--out-y", "y.npy");
        Add<BpCommand>(config, "bp")
            .WithDescription("Solve basis pursuit min ‖z‖₁ s.t. Az = y exactly, with support, signs and the ϱ certificate.")
            .WithExample("bp", "--A", "A.npy", "--y", "y.npy", "--format", "json");
        Add<RhoCommand>(config, "rho")
            .WithDescription("Compute ϱ by both LPs (certificate and null-space form) and the Fuchs value.")
            .WithExample("rho", "--m", "20", "--n", "50", "--s", "3", "--seed", "1");
        Add<LimitCommand>(config, "limit")
            .WithDescription("Exact limit x∞(α) of gradient flow on x = u^D − v^D, and its distance to the ℓ¹ solution.")
            .WithExample("limit", "--m", "20", "--n", "50", "--s", "3", "--depth", "2", "--alpha", "1e-2,1e-4,1e-6");
        Add<TrainCommand>(config, "train")
            .WithDescription("Train by gradient flow, gradient descent or SGD; write the trajectory (CSV) and figures (PNG, SVG).")
            .WithExample("train", "--method", "gf", "--param", "balanced", "--depth", "3", "--alpha", "1e-4", "--out", "trajectory.csv", "--plot", "run");
        Add<BoundsCommand>(config, "bounds")
            .WithDescription("Measured ‖x∞ − x_ℓ¹‖ beside the predicted rate (1 − ϱ for D = 2, 1 for D ≥ 3) and constant α‖Δ‖, with the fitted slope.")
            .WithExample("bounds", "--m", "20", "--n", "50", "--s", "3", "--seed", "1", "--depth", "3");
        Add<NspCommand>(config, "nsp")
            .WithDescription("Stable null space constant ρ_s: exact by enumerating supports and signs, or certified bounds.")
            .WithExample("nsp", "--m", "8", "--n", "16", "--s", "2", "--order", "2");
        Add<SweepCommand>(config, "sweep")
            .WithDescription("Run (or resume) a grid of problems × methods in parallel into an SQLite database; --shard i/n for job arrays.")
            .WithExample("sweep", "spec.json", "--db", "results.db")
            .WithExample("sweep", "spec.json", "--db", "shard0.db", "--shard", "0/3", "--threads", "4");
        Add<MergeCommand>(config, "merge")
            .WithDescription("Merge sweep databases of one spec (e.g. shards) into one; refuses databases of different specs.")
            .WithExample("merge", "all.db", "shard0.db", "shard1.db", "shard2.db");
        Add<ExportCommand>(config, "export")
            .WithDescription("Write a sweep database as CSV sorted by point key (round-trip numbers, '\\n' line endings).")
            .WithExample("export", "results.db", "--out", "results.csv");
        Add<ReproduceCommand>(config, "reproduce")
            .WithDescription("Reproduce the claims of docs/theory.md §7: data (CSV), figures (PNG, SVG), summary.json per claim and an HTML report.")
            .WithExample("reproduce", "all", "--quick", "--out", "report");
        Add<CompareCommand>(config, "compare")
            .WithDescription("Distance of a trained vector (e.g. from PyTorch) to the exact limit x∞(α) and to x_ℓ¹, its loss, and the coordinates that differ most.")
            .WithExample("compare", "--A", "A.npy", "--y", "y.npy", "--x", "my_x.npy", "--depth", "2", "--alpha", "1e-3");
        Add<SaddlesCommand>(config, "saddles")
            .WithDescription("Saddle-to-saddle path of D = 2 gradient flow as α → 0: jump times (rescaled τ = 4t/log(1/α)), plateau values, dual variable.")
            .WithExample("saddles", "--m", "20", "--n", "50", "--s", "3", "--seed", "1", "--alpha", "1e-8");
    }

    private static ICommandConfigurator Add<TCommand>(IConfigurator config, string name)
        where TCommand : class, ICommand
    {
        SettingsTypes[name] = SettingsTypeOf(typeof(TCommand));
        return config.AddCommand<TCommand>(name);
    }

    private static Type SettingsTypeOf(Type command)
    {
        for (var t = command; t is not null; t = t.BaseType)
        {
            if (t.IsGenericType && t.GetGenericArguments() is [var settings] && settings.IsAssignableTo(typeof(CommandSettings)))
            {
                return settings;
            }
        }

        return typeof(CommandSettings);
    }

    /// <summary>
    /// The documented spellings --A, --y, --m, --n, --s (one-letter long options, which Spectre.Console.Cli rejects)
    /// become -A, -y, -m, -n, -s; "--A=file" works too.
    /// </summary>
    public static string RewriteAlias(string arg)
    {
        if (arg.Length >= 3 && arg.StartsWith("--", StringComparison.Ordinal) && (arg.Length == 3 || arg[3] == '=')
            && OneLetterAliases.Contains(arg[2], StringComparison.Ordinal))
        {
            return arg[1..];
        }

        return arg;
    }

    /// <summary>
    /// Maps an exception to its exit code and a one-line message; Spectre's conversion errors are rewritten in the
    /// flag's own words using the command line <paramref name="args"/> (after <see cref="RewriteAlias"/>).
    /// </summary>
    public static (int Code, string Message) Classify(Exception e, IReadOnlyList<string> args) =>
        e is CommandAppException spectre
        && OptionRules.Explain(spectre, args, SettingsTypeFor(args)) is { } explained
            ? (explained.ExitCode, explained.Message)
            : Classify(e);

    /// <summary>Maps an exception to its exit code and a one-line message.</summary>
    public static (int Code, string Message) Classify(Exception e) => e switch
    {
        CliException c => (c.ExitCode, c.Message),
        SweepSpecException s => (ExitCodes.InvalidValue, s.Message),
        SweepDatabaseException { Error: SweepDatabaseError.Missing } d => (ExitCodes.Unreadable, d.Message),
        SweepDatabaseException { Error: SweepDatabaseError.Corrupt } d => (ExitCodes.Corrupt, d.Message),
        SweepDatabaseException { Error: SweepDatabaseError.Unwritable } d => (ExitCodes.Unwritable, d.Message),
        SweepDatabaseException d => (ExitCodes.DatabaseMismatch, d.Message),
        CommandParseException or CommandRuntimeException => (ExitCodes.Usage, OneLine(e.Message)),
        InvalidProblemException { Error: ProblemError.NonFinite } p => (ExitCodes.NonFinite, p.Message.Split(" (Parameter")[0]),
        InvalidProblemException p => (ExitCodes.ShapeMismatch, p.Message.Split(" (Parameter")[0]),
        DataFormatException { Kind: DataErrorKind.Unreadable } d => (ExitCodes.Unreadable, d.Message),
        DataFormatException { Kind: DataErrorKind.Corrupt } d => (ExitCodes.Corrupt, d.Message),
        DataFormatException { Kind: DataErrorKind.UnsupportedType } d => (ExitCodes.UnsupportedType, d.Message),
        DataFormatException d => (ExitCodes.ShapeMismatch, d.Message),
        ArgumentException a => (ExitCodes.InvalidValue, OneLine(a.Message)),
        _ => (ExitCodes.Internal, $"internal error ({e.GetType().Name}): {OneLine(e.Message)}"),
    };

    private static Type? SettingsTypeFor(IReadOnlyList<string> args) =>
        args.FirstOrDefault(a => !a.StartsWith('-')) is { } name && SettingsTypes.TryGetValue(name, out var type) ? type : null;

    private static string OneLine(string message)
    {
        int cut = message.IndexOf(" (Parameter", StringComparison.Ordinal);
        var text = cut >= 0 ? message[..cut] : message;
        return text.ReplaceLineEndings(" ").Trim();
    }
}
