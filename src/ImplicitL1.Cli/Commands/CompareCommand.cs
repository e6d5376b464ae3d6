using System.ComponentModel;
using System.Globalization;
using System.Numerics.Tensors;
using ImplicitL1.BasisPursuit;
using ImplicitL1.Cli.Output;
using ImplicitL1.IO;
using ImplicitL1.Limit;
using ImplicitL1.Problems;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ImplicitL1.Cli.Commands;

/// <summary>Options of <c>implicit-l1 compare</c>.</summary>
public sealed class CompareSettings : SaveProblemSettings
{
    [CommandOption("-x|--trained <FILE>")]
    [Description("--x: the trained vector x (length N; e.g. from PyTorch), same formats as --A. Required.")]
    public string? XFile { get; init; }

    [CommandOption("--depth <D>")]
    [Description("Depth D of the network x = u^D − v^D it was trained as: 2 or any real > 2. Default 2.")]
    public double Depth { get; init; } = 2.0;

    [CommandOption("--alpha <A>")]
    [Description("Its initialization scale α > 0 (u(0)^D = v(0)^D = α; weight scale c = α^(1/D)). Default 1e-2.")]
    public double Alpha { get; init; } = 1e-2;

    [CommandOption("--top <K>")]
    [Description("How many coordinates to list, largest |xᵢ − x∞ᵢ| first. Default 10.")]
    public int Top { get; init; } = 10;

    /// <summary>Checks --x and --top.</summary>
    public override ValidationResult Validate()
    {
        if (XFile is null)
        {
            return ValidationResult.Error("compare needs --x <FILE> (the trained vector).");
        }

        return Top < 0 ? ValidationResult.Error($"--top must be ≥ 0 (got {Top}).") : ValidationResult.Success();
    }
}

/// <summary>
/// Distance of a user's trained vector to the exact limit x∞(α) of gradient flow and to the ℓ¹ solution, its loss,
/// and the coordinates that differ most.
/// </summary>
public sealed class CompareCommand : Command<CompareSettings>
{
    /// <summary>Runs the comparison.</summary>
    public override int Execute(CommandContext context, CompareSettings settings, CancellationToken cancellationToken)
    {
        var cli = CliContext.Current;
        var potential = new Potentials.DepthPotential(settings.Depth);
        if (!(settings.Alpha > 0) || !double.IsFinite(settings.Alpha))
        {
            throw new CliException(ExitCodes.InvalidValue, $"--alpha must be finite and > 0 (got {settings.Alpha.ToString(CultureInfo.InvariantCulture)}).");
        }

        var loaded = settings.Load(cli);
        var problem = loaded.Problem;
        var x = MatrixFile.ReadVector(settings.XFile!);
        if (x.Length != problem.Cols)
        {
            throw new CliException(ExitCodes.ShapeMismatch,
                $"{settings.XFile} has {x.Length} entries but A has {problem.Cols} columns (A is {problem.Rows}×{problem.Cols}).");
        }

        for (int i = 0; i < x.Length; i++)
        {
            if (!double.IsFinite(x[i]))
            {
                throw new CliException(ExitCodes.NonFinite, $"x[{i}] is {x[i].ToString(CultureInfo.InvariantCulture)}; x must be finite.");
            }
        }

        var bp = BasisPursuitSolver.Solve(problem);
        if (bp.Status == SolverStatus.Infeasible)
        {
            throw new CliException(ExitCodes.Infeasible, "y is not in the range of A: " + bp.Message);
        }

        if (!bp.IsUnique)
        {
            cli.Warn($"basis pursuit is not unique ({bp.Message}); distance_to_l1 is reported as null.");
        }

        var point = DualNewton.Solve(problem, potential, [settings.Alpha], basisPursuit: bp).Points[0];
        var report = Comparison.Compute(problem, x, point, bp, settings.Top);
        var save = SaveArrays.Open(settings.Save)?.Vector("x_limit", point.X).Vector("x_l1", bp.X)
            .Vector("difference", report.Difference);
        switch (settings.ResolveFormat(cli))
        {
            case OutputFormat.Json:
                using (var json = new JsonOutput())
                {
                    var w = json.Writer;
                    w.WriteStartObject();
                    json.String("status", point.Status.ToSnakeCase()).String("message", point.Message)
                        .Number("depth", settings.Depth).Number("alpha", settings.Alpha)
                        .Number("distance_to_limit", report.DistanceToLimit).Number("distance_to_l1", report.DistanceToL1)
                        .Number("relative_distance_to_limit", report.RelativeDistanceToLimit)
                        .Number("loss", report.Loss).Number("limit_loss", report.LimitLoss)
                        .Number("l1_norm", report.L1Norm).Number("limit_l1_norm", report.LimitL1Norm)
                        .Number("bp_l1_norm", bp.IsUnique ? bp.L1Norm : null)
                        .String("bp_status", bp.Status.ToSnakeCase()).Number("varrho", bp.Varrho?.Value)
                        .Numbers("x_limit", point.X);
                    w.WriteStartArray("top");
                    foreach (var c in report.Top)
                    {
                        w.WriteStartObject();
                        json.Integer("index", c.Index).Number("value", c.Value).Number("limit_value", c.LimitValue)
                            .Number("l1_value", c.L1Value).Number("difference", c.Value - c.LimitValue);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    save?.WriteJson(json);
                    json.String("label", "x∞: exact limit of gradient flow [reconstructed]");
                    w.WriteEndObject();
                    cli.Out.WriteLine(json.ToString());
                }

                break;
            case OutputFormat.Csv:
                TableOutput.CsvLine(cli.Out, "index", "value", "limit_value", "l1_value", "difference");
                foreach (var c in report.Top)
                {
                    TableOutput.CsvLine(cli.Out, c.Index.ToString(CultureInfo.InvariantCulture), TableOutput.Format(c.Value),
                        TableOutput.Format(c.LimitValue), TableOutput.Format(c.L1Value), TableOutput.Format(c.Value - c.LimitValue));
                }

                break;
            default:
                cli.Out.WriteLine($"problem: {loaded.Source}; x from {settings.XFile}");
                cli.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"limit x∞(α = {settings.Alpha:G6}, D = {settings.Depth}): {point.Status.ToSnakeCase()}; ‖x − x∞‖₂ = {TableOutput.Short(report.DistanceToLimit)} (relative {TableOutput.Short(report.RelativeDistanceToLimit)}), ‖x − x_ℓ¹‖₂ = {(report.DistanceToL1 is null ? "undefined" : TableOutput.Short(report.DistanceToL1))}, loss ½‖Ax − y‖² = {TableOutput.Short(report.Loss)}"));
                var table = new Table().AddColumns("index", "xᵢ", "x∞ᵢ", "x_ℓ¹ᵢ", "xᵢ − x∞ᵢ");
                foreach (var c in report.Top)
                {
                    TableOutput.AddRow(table, c.Index.ToString(CultureInfo.InvariantCulture), TableOutput.Short(c.Value),
                        TableOutput.Short(c.LimitValue), TableOutput.Short(c.L1Value), TableOutput.Short(c.Value - c.LimitValue));
                }

                TableOutput.Write(cli.Out, table, cli.IsTerminal);
                break;
        }

        return ExitCodes.Ok;
    }
}

/// <summary>One coordinate of a comparison.</summary>
/// <param name="Index">0-based coordinate i.</param>
/// <param name="Value">xᵢ of the compared vector.</param>
/// <param name="LimitValue">x∞(α)ᵢ.</param>
/// <param name="L1Value">(x_ℓ¹)ᵢ.</param>
public sealed record ComparedCoordinate(int Index, double Value, double LimitValue, double L1Value);

/// <summary>How a vector x compares with the limit x∞(α) and the ℓ¹ solution on the same problem.</summary>
/// <param name="DistanceToLimit">‖x − x∞‖₂ (the distance GD/GF runs report as distance_to_limit).</param>
/// <param name="DistanceToL1">‖x − x_ℓ¹‖₂; null when basis pursuit is not unique.</param>
/// <param name="RelativeDistanceToLimit">‖x − x∞‖₂ / ‖x∞‖₂.</param>
/// <param name="Loss">½‖Ax − y‖².</param>
/// <param name="LimitLoss">½‖Ax∞ − y‖².</param>
/// <param name="L1Norm">‖x‖₁.</param>
/// <param name="LimitL1Norm">‖x∞‖₁.</param>
/// <param name="Difference">x − x∞.</param>
/// <param name="Top">The coordinates with the largest |xᵢ − x∞ᵢ|, largest first (ties: smaller index first).</param>
public sealed record Comparison(double DistanceToLimit, double? DistanceToL1, double RelativeDistanceToLimit, double Loss,
    double LimitLoss, double L1Norm, double LimitL1Norm, double[] Difference, IReadOnlyList<ComparedCoordinate> Top)
{
    /// <summary>Compares <paramref name="x"/> with <paramref name="limit"/>.X and, when unique, <paramref name="bp"/>.X.</summary>
    public static Comparison Compute(RegressionProblem problem, double[] x, LimitPoint limit, BasisPursuitResult bp, int top)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(limit);
        ArgumentNullException.ThrowIfNull(bp);
        var difference = new double[x.Length];
        TensorPrimitives.Subtract(x, limit.X, difference);
        double distance = TensorPrimitives.Distance(x, limit.X);
        var order = Enumerable.Range(0, x.Length).OrderByDescending(i => Math.Abs(difference[i])).ThenBy(i => i).Take(top);
        return new Comparison(distance, bp.IsUnique ? TensorPrimitives.Distance(x, bp.X) : null,
            distance / TensorPrimitives.Norm(limit.X), HalfSquaredResidual(problem, x), HalfSquaredResidual(problem, limit.X),
            TensorPrimitives.SumOfMagnitudes(x), TensorPrimitives.SumOfMagnitudes(limit.X), difference,
            [.. order.Select(i => new ComparedCoordinate(i, x[i], limit.X[i], bp.X[i]))]);
    }

    private static double HalfSquaredResidual(RegressionProblem problem, double[] x)
    {
        var r = new double[problem.Rows];
        problem.Multiply(x, r);
        TensorPrimitives.Subtract(r, problem.Y, r);
        return 0.5 * TensorPrimitives.Dot(r, r);
    }
}
