using System.ComponentModel;
using System.Globalization;
using System.Numerics.Tensors;
using ImplicitL1.BasisPursuit;
using ImplicitL1.Cli.Output;
using ImplicitL1.Experiments;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ImplicitL1.Cli.Commands;

/// <summary>Options of <c>implicit-l1 saddles</c>.</summary>
public sealed class SaddlesSettings : SaveProblemSettings
{
    [CommandOption("--alpha <A>")]
    [Description("Optional α > 0: also give each jump's gradient-flow time t ≈ τ·log(1/α)/4 (D = 2, u(0)² = v(0)² = α).")]
    public double? Alpha { get; init; }

    [CommandOption("--max-saddles <K>")]
    [Description("Saddle budget (status max_iterations when reached). Default 10000.")]
    public int MaxSaddles { get; init; } = 10_000;

    /// <summary>Checks --max-saddles and --alpha.</summary>
    public override ValidationResult Validate()
    {
        if (MaxSaddles < 1)
        {
            return ValidationResult.Error($"--max-saddles must be ≥ 1 (got {MaxSaddles}).");
        }

        return Alpha is double a && !(a > 0 && double.IsFinite(a))
            ? ValidationResult.Error($"--alpha must be finite and > 0 (got {a.ToString(CultureInfo.InvariantCulture)}).")
            : ValidationResult.Success();
    }
}

/// <summary>
/// The saddle-to-saddle path of D = 2 gradient flow as α → 0 (Pesme &amp; Flammarion 2023): jump times in rescaled time
/// τ = 4t/log(1/α), plateau values β_k, dual variables s = Aᵀν.
/// </summary>
public sealed class SaddlesCommand : Command<SaddlesSettings>
{
    /// <summary>Computes and prints the path.</summary>
    public override int Execute(CommandContext context, SaddlesSettings settings, CancellationToken cancellationToken)
    {
        var cli = CliContext.Current;
        var loaded = settings.Load(cli);
        var path = SaddleToSaddle.Solve(loaded.Problem, new SaddleOptions { MaxSaddles = settings.MaxSaddles, Cancellation = cancellationToken });
        var bp = BasisPursuitSolver.Solve(loaded.Problem);
        double? endToL1 = bp.IsUnique ? TensorPrimitives.Distance(path.EndPoint, bp.X) : null;
        var saddles = path.Saddles;
        double? GfTime(double tau) => settings.Alpha is double a ? SaddleToSaddle.GradientFlowTime(tau, a) : null;
        var save = SaddlesSave(SaveArrays.Open(settings.Save), path, GfTime);
        switch (settings.ResolveFormat(cli))
        {
            case OutputFormat.Json:
                using (var json = new JsonOutput())
                {
                    var w = json.Writer;
                    w.WriteStartObject();
                    json.String("status", path.Status.ToSnakeCase()).String("message", path.Message)
                        .Number("alpha", settings.Alpha).Integer("jumps", saddles.Count - 1)
                        .Numbers("end_point", path.EndPoint).Number("end_point_distance_to_l1", endToL1)
                        .String("bp_status", bp.Status.ToSnakeCase());
                    w.WriteStartArray("saddles");
                    foreach (var s in saddles)
                    {
                        w.WriteStartObject();
                        json.Integer("index", s.Index).Number("jump_time", s.JumpTime).Number("gf_time", GfTime(s.JumpTime))
                            .Number("loss", s.Loss).Integers("entered", s.Entered).Integers("support", Support(s.Beta))
                            .Numbers("beta", s.Beta).Numbers("dual", s.Dual).Numbers("nu", s.Nu);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    save?.WriteJson(json);
                    json.String("label", "α → 0 limit of D = 2 gradient flow, rescaled time τ = 4t/log(1/α) (Pesme & Flammarion 2023) [reconstructed]");
                    w.WriteEndObject();
                    cli.Out.WriteLine(json.ToString());
                }

                break;
            case OutputFormat.Csv:
                TableOutput.CsvLine(cli.Out, "index", "jump_time", "gf_time", "loss", "entered", "support_size");
                foreach (var s in saddles)
                {
                    TableOutput.CsvLine(cli.Out, s.Index.ToString(CultureInfo.InvariantCulture), TableOutput.Format(s.JumpTime),
                        TableOutput.Format(GfTime(s.JumpTime)), TableOutput.Format(s.Loss), string.Join(' ', s.Entered),
                        Support(s.Beta).Length.ToString(CultureInfo.InvariantCulture));
                }

                break;
            default:
                cli.Out.WriteLine($"problem: {loaded.Source}");
                cli.Out.WriteLine($"saddle-to-saddle (D = 2, α → 0) [reconstructed]: {path.Status.ToSnakeCase()}: {path.Message}; " +
                    $"‖end point − x_ℓ¹‖₂ = {(endToL1 is null ? "undefined (BP " + bp.Status.ToSnakeCase() + ")" : TableOutput.Short(endToL1))}");
                var table = new Table().AddColumns("k", "τ_k = 4t/log(1/α)", "t_k (GF time)", "loss L(β_k)", "entered", "support of β_k");
                foreach (var s in saddles)
                {
                    TableOutput.AddRow(table, s.Index.ToString(CultureInfo.InvariantCulture), TableOutput.Short(s.JumpTime),
                        GfTime(s.JumpTime) is double t ? TableOutput.Short(t) : "—", TableOutput.Short(s.Loss),
                        string.Join(", ", s.Entered), string.Join(", ", Support(s.Beta)));
                }

                TableOutput.Write(cli.Out, table, cli.IsTerminal);
                break;
        }

        // Reaching --max-saddles is the stop the user asked for (exit 0); cancelled and numerical trouble are not.
        return path.Status == SolverStatus.MaxIterations ? ExitCodes.Ok : ExitCodes.ForStatus(path.Status);
    }

    private static int[] Support(double[] beta) => [.. Enumerable.Range(0, beta.Length).Where(i => beta[i] != 0.0)];

    private static SaveArrays? SaddlesSave(SaveArrays? save, SaddlePath path, Func<double, double?> gfTime) =>
        save?.Vector("jump_time", [.. path.Saddles.Select(s => s.JumpTime)])
            .Vector("gf_time", path.Saddles.Select(s => gfTime(s.JumpTime)))
            .Vector("loss", [.. path.Saddles.Select(s => s.Loss)])
            .Matrix("beta", [.. path.Saddles.Select(s => s.Beta)])
            .Matrix("dual", [.. path.Saddles.Select(s => s.Dual)])
            .Matrix("nu", [.. path.Saddles.Select(s => s.Nu)])
            .Vector("end_point", path.EndPoint);
}
