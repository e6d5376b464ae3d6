using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using ImplicitL1.Cli.Output;
using ImplicitL1.Cli.Reproduce;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ImplicitL1.Cli.Commands;

/// <summary>Options of <c>implicit-l1 reproduce</c>.</summary>
public sealed class ReproduceSettings : CommandSettings
{
    [CommandArgument(0, "<CLAIM>")]
    [Description("A claim name (gf-limit, rate-d2, rate-deep, tightness, noise, depth, nsp, gd-vs-gf, phase-transition) or all.")]
    public string Claim { get; init; } = "all";

    [CommandOption("--out <DIR>")]
    [Description("Output folder; each claim writes DIR/<claim>/ (CSV, PNG, SVG, summary.json), and DIR/index.html is the report. Required.")]
    public string? Out { get; init; }

    [CommandOption("--quick")]
    [Description("Small sizes (seconds; for CI and the README). Default sizes finish `reproduce all` in under a minute on 2 cores.")]
    public bool Quick { get; init; }

    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Out))
        {
            return ValidationResult.Error("--out <DIR> is required.");
        }

        return ValidationResult.Success();
    }
}

/// <summary>Runs one claim experiment or all of them, writing data, figures, summaries and index.html.</summary>
public sealed class ReproduceCommand : Command<ReproduceSettings>
{
    public override int Execute(CommandContext context, ReproduceSettings settings, CancellationToken cancellationToken)
    {
        var cli = CliContext.Current;
        IReadOnlyList<IClaimExperiment> claims = settings.Claim == "all"
            ? ClaimRegistry.All
            : ClaimRegistry.Find(settings.Claim) is { } one ? [one]
            : throw new CliException(ExitCodes.InvalidValue,
                $"unknown claim '{settings.Claim}'; use one of: {string.Join(", ", ClaimRegistry.Names)}, or all.");
        string root = Path.GetFullPath(settings.Out!);
        OutputPaths.CheckFolder(root, "--out");
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var summaries = new List<ClaimSummary>();
        foreach (var claim in claims)
        {
            cli.Error.WriteLine($"reproduce: {claim.Name} …");
            var watch = Stopwatch.StartNew();
            var output = new ClaimOutput(Path.Combine(root, claim.Name), settings.Quick);
            var summary = claim.Run(output) with { ElapsedSeconds = watch.Elapsed.TotalSeconds };
            File.WriteAllText(Path.Combine(output.Directory, "summary.json"), SummaryJson.Write(summary) + "\n");
            summaries.Add(summary);
        }

        var info = new RunInfo(
            "implicit-l1 reproduce " + settings.Claim + (settings.Quick ? " --quick" : string.Empty) + " --out " + settings.Out,
            settings.Quick, started, clock.Elapsed.TotalSeconds, RuntimeInformation.FrameworkDescription + " (" + Environment.Version + ")",
            Version(typeof(ImplicitL1.Problems.RegressionProblem).Assembly), Version(typeof(ReproduceCommand).Assembly),
            RuntimeInformation.OSDescription, Environment.ProcessorCount);
        // One claim into an existing report updates that claim's section and keeps the others.
        HtmlReport.Update(root, summaries, ClaimRegistry.Names, info);

        var table = new Table().AddColumns("claim", "label", "measured", "expected", "verdict", "seconds");
        foreach (var s in summaries)
        {
            TableOutput.AddRow(table, s.Claim, "[" + s.LabelText + "]", TableOutput.Short(s.Measured), s.Expected,
                s.Holds ? "holds" : "does not hold", s.ElapsedSeconds.ToString("F2", CultureInfo.InvariantCulture));
        }

        TableOutput.Write(cli.Out, table, cli.IsTerminal);
        cli.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"report: {Path.Combine(root, "index.html")} ({clock.Elapsed.TotalSeconds:F2} s)"));
        return ExitCodes.Ok;
    }

    private static string Version(Assembly assembly) =>
        (assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? assembly.GetName().Version?.ToString() ?? "unknown")
        + " (" + assembly.GetName().Name + ")";
}
