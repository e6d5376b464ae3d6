using System.ComponentModel;
using System.Globalization;
using ImplicitL1.BasisPursuit;
using ImplicitL1.Cli.Output;
using ImplicitL1.Limit;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ImplicitL1.Cli.Commands;

/// <summary>Options of <c>implicit-l1 limit</c>.</summary>
public sealed class LimitSettings : ProblemSettings
{
    [CommandOption("--depth <D>")]
    [Description("Depth D of x = u^D − v^D: 2 or any real > 2. Default 2.")]
    public double Depth { get; init; } = 2.0;

    [CommandOption("--alpha <LIST>")]
    [Description("Comma-separated initialization scales α > 0 (u(0)^D = v(0)^D = α). Default 1e-2,1e-4,1e-6,1e-8,1e-10,1e-12.")]
    public string Alpha { get; init; } = "1e-2,1e-4,1e-6,1e-8,1e-10,1e-12";

    /// <summary>The parsed α list.</summary>
    public double[] Alphas() => ParseList(Alpha, "--alpha");

    /// <summary>Parses a comma-separated list of numbers, naming the option on failure.</summary>
    public static double[] ParseList(string text, string option)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0)
        {
            throw new CliException(ExitCodes.InvalidValue, $"{option} needs at least one number.");
        }

        return [.. parts.Select(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out double v)
            ? v
            : throw new CliException(ExitCodes.InvalidValue, $"{option}: '{p}' is not a number."))];
    }
}

/// <summary>Exact limits x∞(α) and their distance to the ℓ¹ solution.</summary>
public sealed class LimitCommand : Command<LimitSettings>
{
    public override int Execute(CommandContext context, LimitSettings settings, CancellationToken cancellationToken)
    {
        var cli = CliContext.Current;
        var alphas = settings.Alphas();
        var potential = new Potentials.DepthPotential(settings.Depth);
        var loaded = settings.Load(cli);
        var bp = BasisPursuitSolver.Solve(loaded.Problem);
        if (bp.Status == SolverStatus.Infeasible)
        {
            throw new CliException(ExitCodes.Infeasible, "y is not in the range of A: " + bp.Message);
        }

        if (!bp.IsUnique)
        {
            cli.Warn($"basis pursuit is not unique ({bp.Message}); error_to_l1 is reported as null.");
        }

        var result = DualNewton.Solve(loaded.Problem, potential, alphas, basisPursuit: bp);
        switch (settings.ResolveFormat(cli))
        {
            case OutputFormat.Json:
                WriteJson(cli, result);
                break;
            case OutputFormat.Csv:
                TableOutput.CsvLine(cli.Out, "alpha", "depth", "status", "error_to_l1", "residual", "stationarity", "iterations");
                foreach (var p in result.Points)
                {
                    TableOutput.CsvLine(cli.Out, TableOutput.Format(p.Alpha), TableOutput.Format(p.Depth), p.Status.ToSnakeCase(),
                        TableOutput.Format(p.ErrorToL1), TableOutput.Format(p.Residual), TableOutput.Format(p.Stationarity),
                        p.Stats.Iterations.ToString(CultureInfo.InvariantCulture));
                }

                break;
            default:
                WriteTable(cli, loaded, bp, result);
                break;
        }

        return ExitCodes.Ok;
    }

    private static void WriteJson(CliContext cli, LimitResult result)
    {
        using var json = new JsonOutput();
        var w = json.Writer;
        w.WriteStartObject();
        w.WriteStartObject("basis_pursuit");
        BasisPursuitOutput.WriteFields(json, result.BasisPursuit);
        w.WriteEndObject();
        w.WriteStartArray("results");
        foreach (var p in result.Points)
        {
            w.WriteStartObject();
            json.Number("alpha", p.Alpha).Number("depth", p.Depth).Numbers("x", p.X).String("status", p.Status.ToSnakeCase())
                .String("message", p.Message).Number("residual", p.Residual).Number("stationarity", p.Stationarity)
                .Integer("iterations", p.Stats.Iterations).Number("error_to_l1", p.ErrorToL1);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        cli.Out.WriteLine(json.ToString());
    }

    private static void WriteTable(CliContext cli, LoadedProblem loaded, BasisPursuitResult bp, LimitResult result)
    {
        cli.Out.WriteLine($"problem: {loaded.Source}");
        cli.Out.WriteLine($"basis pursuit: {bp.Status.ToSnakeCase()}, support [{string.Join(", ", bp.Support)}], ϱ = {TableOutput.Short(bp.Varrho?.Value)} [reconstructed]");
        var table = new Table().AddColumns("α", "D", "status", "‖x∞ − x_ℓ¹‖₂", "residual", "stationarity", "Newton iterations");
        foreach (var p in result.Points)
        {
            TableOutput.AddRow(table, TableOutput.Short(p.Alpha), TableOutput.Short(p.Depth), p.Status.ToSnakeCase(),
                p.ErrorToL1 is null ? "—" : TableOutput.Short(p.ErrorToL1), TableOutput.Short(p.Residual),
                TableOutput.Short(p.Stationarity), p.Stats.Iterations.ToString(CultureInfo.InvariantCulture));
        }

        TableOutput.Write(cli.Out, table, cli.IsTerminal);
    }
}
