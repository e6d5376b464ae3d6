using System.ComponentModel;
using ImplicitL1.Cli.Output;
using ImplicitL1.Nsp;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ImplicitL1.Cli.Commands;

/// <summary>Options of <c>implicit-l1 nsp</c>.</summary>
public sealed class NspSettings : ProblemSettings
{
    [CommandOption("--order <S>")]
    [Description("Order s of the stable null space property. Required, ≥ 1.")]
    public int? Order { get; init; }

    [CommandOption("--exact")]
    [Description("Insist on the exact ρ_s: refuse (with the LP count) when enumeration is too large instead of giving bounds.")]
    public bool Exact { get; init; }

    [CommandOption("--max-lps <COUNT>")]
    [Description("Largest number of LPs (C(N,s)·2^(s−1)) an exact enumeration may take. Default 200000.")]
    public long MaxLps { get; init; } = 200_000;

    public override ValidationResult Validate() =>
        Order is null ? ValidationResult.Error("nsp needs --order <S>.") : ValidationResult.Success();
}

/// <summary>The stable NSP constant ρ_s: exact by enumeration, or certified bounds.</summary>
public sealed class NspCommand : Command<NspSettings>
{
    public override int Execute(CommandContext context, NspSettings settings, CancellationToken cancellationToken)
    {
        var cli = CliContext.Current;
        var loaded = settings.Load(cli, needsY: false); // ρ_s depends on A alone
        int order = settings.Order!.Value;
        var options = new NspOptions { Order = order, ExactLpLimit = settings.MaxLps, Mode = settings.Exact ? NspMode.Exact : NspMode.Auto, Cancellation = cancellationToken };
        int lastDecile = -1;
        var progress = new SynchronousProgress(fraction =>
        {
            int decile = (int)(fraction * 10);
            if (decile > lastDecile)
            {
                lastDecile = decile;
                cli.Error.WriteLine($"progress: {decile * 10}%");
            }
        });
        long count = NullSpaceConstant.ExactLpCount(loaded.Problem.Cols, order);
        if (settings.Exact && count > settings.MaxLps)
        {
            throw new CliException(ExitCodes.InvalidValue,
                $"exact ρ_{order} for N = {loaded.Problem.Cols} needs C(N,s)·2^(s−1) = {count} LPs, above --max-lps {settings.MaxLps}; drop --exact for certified bounds or raise --max-lps.");
        }

        var result = NullSpaceConstant.Solve(loaded.Problem, options with { Progress = progress });
        switch (settings.ResolveFormat(cli))
        {
            case OutputFormat.Json:
                using (var json = new JsonOutput())
                {
                    json.Writer.WriteStartObject();
                    json.Integer("order", result.Order).Number("rho_s", result.RhoS).Bool("exact", result.Exact)
                        .Number("lower", result.Lower).Number("upper", result.Upper).Integer("lps_solved", result.Stats.LinearPrograms)
                        .String("status", result.Status.ToSnakeCase()).String("message", result.Message)
                        .Integers("worst_support", result.WorstSupport);
                    if (result.HasNsp is bool has)
                    {
                        json.Bool("has_nsp", has);
                    }
                    else
                    {
                        json.Null("has_nsp");
                    }

                    json.Writer.WriteEndObject();
                    cli.Out.WriteLine(json.ToString());
                }

                break;
            case OutputFormat.Csv:
                TableOutput.CsvLine(cli.Out, "order", "rho_s", "exact", "lower", "upper", "lps_solved");
                TableOutput.CsvLine(cli.Out, order.ToString(System.Globalization.CultureInfo.InvariantCulture), TableOutput.Format(result.RhoS),
                    result.Exact ? "true" : "false", TableOutput.Format(result.Lower), TableOutput.Format(result.Upper),
                    result.Stats.LinearPrograms.ToString(System.Globalization.CultureInfo.InvariantCulture));
                break;
            default:
                var table = new Table().AddColumns("quantity", "value");
                TableOutput.AddRow(table, "source", loaded.Source);
                TableOutput.AddRow(table, "status", $"{result.Status.ToSnakeCase()}: {result.Message}");
                TableOutput.AddRow(table, $"ρ_{order}", result.Exact ? TableOutput.Format(result.RhoS) : "not computed exactly");
                TableOutput.AddRow(table, "lower bound", TableOutput.Format(result.Lower));
                TableOutput.AddRow(table, "upper bound", TableOutput.Format(result.Upper));
                TableOutput.AddRow(table, "NSP of this order", result.HasNsp switch { true => "yes", false => "no", _ => "undecided" });
                TableOutput.AddRow(table, "LPs solved", result.Stats.LinearPrograms.ToString(System.Globalization.CultureInfo.InvariantCulture));
                TableOutput.Write(cli.Out, table, cli.IsTerminal);
                break;
        }

        return ExitCodes.ForStatus(result.Status);
    }

    /// <summary>IProgress that reports on the calling thread (Progress&lt;T&gt; would post to a thread pool).</summary>
    private sealed class SynchronousProgress(Action<double> report) : IProgress<SolverProgress>
    {
        private readonly Lock _gate = new();

        public void Report(SolverProgress value)
        {
            lock (_gate)
            {
                report(value.Fraction ?? 0.0);
            }
        }
    }
}
