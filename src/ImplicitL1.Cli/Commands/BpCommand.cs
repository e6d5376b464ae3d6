using ImplicitL1.BasisPursuit;
using ImplicitL1.Cli.Output;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ImplicitL1.Cli.Commands;

/// <summary>Solves basis pursuit and prints the solution with its certificate.</summary>
public sealed class BpCommand : Command<SaveProblemSettings>
{
    public override int Execute(CommandContext context, SaveProblemSettings settings, CancellationToken cancellationToken)
    {
        var cli = CliContext.Current;
        var loaded = settings.Load(cli);
        // Progress lines ("progress: bp …", "progress: varrho …") once the solve has run 2 s, at most one a second.
        var progress = new ProgressLines(cli, "bp", quietStart: TimeSpan.FromSeconds(2), every: TimeSpan.FromSeconds(1));
        var bp = BasisPursuitSolver.Solve(loaded.Problem, new BasisPursuitOptions { Progress = progress });
        progress.Done();
        if (bp.DroppedRows.Length > 0)
        {
            cli.Warn($"A is rank-deficient: dropped dependent rows [{string.Join(", ", bp.DroppedRows)}]; the solution set is unchanged.");
        }

        BasisPursuitOutput.WarnIfNotUnique(cli, bp, "x is one minimizer of several, and ϱ is undefined.");

        var save = SaveArrays.Open(settings.Save)?.Vector("x", bp.X).Integers("support", bp.Support.Select(i => (long)i))
            .Integers("signs", bp.Signs.Select(i => (long)i)).Vector("certificate", bp.Varrho?.Certificate ?? []);
        switch (settings.ResolveFormat(cli))
        {
            case OutputFormat.Json:
                using (var json = new JsonOutput())
                {
                    json.Writer.WriteStartObject();
                    BasisPursuitOutput.WriteFields(json, bp);
                    save?.WriteJson(json);
                    json.Writer.WriteEndObject();
                    cli.Out.WriteLine(json.ToString());
                }

                break;
            case OutputFormat.Csv:
                TableOutput.CsvLine(cli.Out, "index", "x", "sign");
                for (int k = 0; k < bp.Support.Length; k++)
                {
                    TableOutput.CsvLine(cli.Out, bp.Support[k].ToString(), TableOutput.Format(bp.X[bp.Support[k]]), bp.Signs[k].ToString());
                }

                break;
            default:
                var table = new Table().AddColumns("quantity", "value");
                TableOutput.AddRow(table, "source", loaded.Source);
                TableOutput.AddRow(table, "status", $"{bp.Status.ToSnakeCase()}: {bp.Message}");
                TableOutput.AddRow(table, "support", string.Join(", ", bp.Support));
                TableOutput.AddRow(table, "x on support", string.Join(", ", bp.Support.Select(i => TableOutput.Short(bp.X[i]))));
                TableOutput.AddRow(table, "‖x‖₁", TableOutput.Short(bp.X.Length == 0 ? double.NaN : bp.L1Norm));
                TableOutput.AddRow(table, "residual ‖Ax − y‖", TableOutput.Short(bp.Residual));
                TableOutput.AddRow(table, "ϱ [reconstructed]", TableOutput.Short(bp.Varrho?.Value));
                TableOutput.AddRow(table, "Fuchs value (upper bound, not ϱ)", TableOutput.Short(bp.Varrho?.FuchsValue));
                TableOutput.Write(cli.Out, table, cli.IsTerminal);
                break;
        }

        return ExitCodes.ForStatus(bp.Status);
    }
}
