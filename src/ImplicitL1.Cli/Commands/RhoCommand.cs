using ImplicitL1.BasisPursuit;
using ImplicitL1.Cli.Output;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ImplicitL1.Cli.Commands;

/// <summary>ϱ by both LPs, the Fuchs value and the certificate.</summary>
public sealed class RhoCommand : Command<SaveProblemSettings>
{
    public override int Execute(CommandContext context, SaveProblemSettings settings, CancellationToken cancellationToken)
    {
        var cli = CliContext.Current;
        var loaded = settings.Load(cli);
        var bp = BasisPursuitSolver.Solve(loaded.Problem, new BasisPursuitOptions { ComputeNullSpaceForm = true });
        BasisPursuitOutput.WarnIfNotUnique(cli, bp, "ϱ is undefined and reported as null.");
        var v = bp.Varrho;
        // ϱ is only meaningful for a unique BP solution: otherwise a status, not a number.
        bool defined = bp.Status == SolverStatus.Success;
        var save = SaveArrays.Open(settings.Save)?.Vector("certificate", v?.Certificate ?? [])
            .Integers("support", bp.Support.Select(i => (long)i)).Integers("signs", bp.Signs.Select(i => (long)i));
        switch (settings.ResolveFormat(cli))
        {
            case OutputFormat.Json:
                using (var json = new JsonOutput())
                {
                    json.Writer.WriteStartObject();
                    json.String("status", bp.Status.ToSnakeCase()).String("message", bp.Message)
                        .Number("varrho", defined ? v!.Value : null)
                        .Number("varrho_null_space", defined ? v!.NullSpaceValue : null)
                        .Number("lp_difference", defined ? Math.Abs(v!.Value - v.NullSpaceValue) : null)
                        .Number("fuchs_value", v?.FuchsValue)
                        .Numbers("certificate", v?.Certificate ?? []).Integers("support", bp.Support)
                        .Integers("signs", bp.Signs).String("label", "reconstructed");
                    save?.WriteJson(json);
                    json.Writer.WriteEndObject();
                    cli.Out.WriteLine(json.ToString());
                }

                break;
            case OutputFormat.Csv:
                TableOutput.CsvLine(cli.Out, "status", "varrho", "varrho_null_space", "fuchs_value");
                TableOutput.CsvLine(cli.Out, bp.Status.ToSnakeCase(), TableOutput.Format(defined ? v!.Value : null),
                    TableOutput.Format(defined ? v!.NullSpaceValue : null), TableOutput.Format(v?.FuchsValue));
                break;
            default:
                var table = new Table().AddColumns("quantity", "value");
                TableOutput.AddRow(table, "source", loaded.Source);
                TableOutput.AddRow(table, "status", $"{bp.Status.ToSnakeCase()}: {bp.Message}");
                TableOutput.AddRow(table, "ϱ, certificate LP [reconstructed]", defined ? TableOutput.Format(v!.Value) : "undefined");
                TableOutput.AddRow(table, "ϱ, null-space LP", defined ? TableOutput.Format(v!.NullSpaceValue) : "undefined");
                TableOutput.AddRow(table, "Fuchs value (upper bound, not ϱ)", TableOutput.Format(v?.FuchsValue));
                TableOutput.Write(cli.Out, table, cli.IsTerminal);
                break;
        }

        return ExitCodes.ForStatus(bp.Status);
    }
}
