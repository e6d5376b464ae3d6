using System.ComponentModel;
using System.Globalization;
using ImplicitL1.Bounds;
using ImplicitL1.Cli.Output;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ImplicitL1.Cli.Commands;

/// <summary>Options of <c>implicit-l1 bounds</c>.</summary>
public sealed class BoundsSettings : ProblemSettings
{
    [CommandOption("--depth <D>")]
    [Description("Depth D of x = u^D − v^D: 2 or any real > 2. Default 3.")]
    public double Depth { get; init; } = 3.0;

    [CommandOption("--alpha <LIST>")]
    [Description("Comma-separated α > 0 for the measured errors and the fit, read exactly as log10 from the decimal text, so 1e-1000 works (range 1e-1000000 … 1e1000000). Default 1e-8,1e-9,1e-10,1e-11,1e-12.")]
    public string? Alpha { get; init; }

    [CommandOption("--log10-alpha <LIST>")]
    [Description("Comma-separated log10 α instead of --alpha, e.g. -1000,-2000,-3000.")]
    public string? Log10Alpha { get; init; }

    private const string DefaultAlphas = "1e-8,1e-9,1e-10,1e-11,1e-12";

    /// <summary>The parsed α list, exact in log form, by the same parser as <c>limit</c>'s --alpha and --log10-alpha.</summary>
    public Limit.LogAlpha[] Alphas() => LimitSettings.ParseAlphas(Alpha, Log10Alpha, DefaultAlphas);
}

/// <summary>Measured ‖x∞ − x_ℓ¹‖ beside the predicted rate and constant, with the fitted slope.</summary>
public sealed class BoundsCommand : Command<BoundsSettings>
{
    public override int Execute(CommandContext context, BoundsSettings settings, CancellationToken cancellationToken)
    {
        var cli = CliContext.Current;
        var alphas = settings.Alphas();
        _ = new Potentials.DepthPotential(settings.Depth);
        var loaded = settings.Load(cli);
        var report = RateBounds.Solve(loaded.Problem, new RateBoundsOptions { Depth = settings.Depth, Alphas = alphas, Cancellation = cancellationToken });
        if (report.Status == SolverStatus.Infeasible)
        {
            throw new CliException(ExitCodes.Infeasible, report.Message);
        }

        // y = 0 is exact, not a failed fit: both x_ℓ¹ and every x∞(α) are 0.
        string message = loaded.Problem.Y.IndexOfAnyExcept(0.0) < 0
            ? "y = 0: x_ℓ¹ = 0 and x∞(α) = 0 for every α, so ‖x∞ − x_ℓ¹‖ = 0 exactly and there is no rate to fit"
            : report.Message;

        switch (settings.ResolveFormat(cli))
        {
            case OutputFormat.Json:
                using (var json = new JsonOutput())
                {
                    var w = json.Writer;
                    w.WriteStartObject();
                    json.String("status", report.Status.ToSnakeCase()).String("message", message)
                        .Number("varrho", report.Varrho).Number("depth", report.Depth)
                        .Number("predicted_exponent", report.PredictedExponent).Number("fitted_exponent", report.FittedExponent)
                        .Number("fitted_exponent_std_error", report.FittedExponentStdError)
                        .Number("fitted_constant", report.FittedConstant).Number("delta_norm", report.DeltaNorm)
                        .Number("blow_up", report.BlowUp).Bool("constant_is_fitted", report.ConstantIsFitted)
                        .String("label", "rates: paper; constants: reconstructed");
                    w.WriteStartArray("rows");
                    foreach (var row in report.Rows)
                    {
                        w.WriteStartObject();
                        json.Number("alpha", AlphaValue(row)).Number("log10_alpha", row.LogAlpha.Log10)
                            .Number("measured", row.Measured).Number("log10_measured", row.Log10Measured)
                            .Number("predicted", PredictedValue(row)).Number("log10_predicted", row.Log10Predicted)
                            .Number("ratio", row.Ratio).String("status", row.Status.ToSnakeCase());
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                    cli.Out.WriteLine(json.ToString());
                }

                break;
            case OutputFormat.Csv:
                TableOutput.CsvLine(cli.Out, "alpha", "measured", "predicted", "ratio", "status", "log10_alpha", "log10_measured", "log10_predicted");
                foreach (var row in report.Rows)
                {
                    TableOutput.CsvLine(cli.Out, TableOutput.Format(AlphaValue(row)), TableOutput.Format(row.Measured),
                        TableOutput.Format(PredictedValue(row)), TableOutput.Format(row.Ratio), row.Status.ToSnakeCase(),
                        TableOutput.Format(row.LogAlpha.Log10), TableOutput.Format(row.Log10Measured), TableOutput.Format(row.Log10Predicted));
                }

                break;
            default:
                cli.Out.WriteLine($"problem: {loaded.Source}");
                cli.Out.WriteLine($"status: {report.Status.ToSnakeCase()} ({message})");
                string fitted = report.FittedExponent is null
                    ? "no fitted exponent"
                    : "fitted " + TableOutput.Short(report.FittedExponent) + (report.FittedExponentStdError is null ? string.Empty : " ± " + TableOutput.Short(report.FittedExponentStdError));
                cli.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"ϱ = {TableOutput.Short(report.Varrho)}, D = {report.Depth}: predicted exponent {TableOutput.Short(report.PredictedExponent)} [paper], {fitted}; ‖Δ‖ = {TableOutput.Short(report.DeltaNorm)}, h_D(ϱ) = {TableOutput.Short(report.BlowUp)} [reconstructed]"));
                var table = new Table().AddColumns("α", "measured ‖x∞ − x_ℓ¹‖", report.ConstantIsFitted ? "C·α^(1−ϱ), C fitted" : "predicted α‖Δ‖", "ratio", "status");
                foreach (var row in report.Rows)
                {
                    TableOutput.AddRow(table, row.LogAlpha.IsRepresentable ? TableOutput.Short(row.Alpha) : row.LogAlpha.ToString(),
                        Short(row.Measured, row.Log10Measured), Short(PredictedValue(row), row.Log10Predicted),
                        row.Ratio is double r && double.IsFinite(r) ? TableOutput.Short(r) : "—", row.Status.ToSnakeCase());
                }

                TableOutput.Write(cli.Out, table, cli.IsTerminal);
                break;
        }

        return ExitCodes.ForStatuses([report.Status, .. report.Rows.Select(r => r.Status)]);
    }

    private static double? AlphaValue(BoundsRow row) => row.LogAlpha.IsRepresentable ? row.Alpha : null;

    // The prediction as a double only where it is one (an underflowed 0 would read as an exact zero).
    private static double? PredictedValue(BoundsRow row) => double.IsNormal(row.Predicted) ? row.Predicted : null;

    // A number for the table: its short form, or 10^log10 where it is outside the double range.
    private static string Short(double? value, double? log10) => value is not null || log10 is not double l || !double.IsFinite(l)
        ? TableOutput.Short(value)
        : string.Create(CultureInfo.InvariantCulture, $"10^{l:F4}");
}
