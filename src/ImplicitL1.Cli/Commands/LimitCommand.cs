using System.ComponentModel;
using System.Globalization;
using ImplicitL1.BasisPursuit;
using ImplicitL1.Cli.Options;
using ImplicitL1.Cli.Output;
using ImplicitL1.Experiments;
using ImplicitL1.IO;
using ImplicitL1.Limit;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ImplicitL1.Cli.Commands;

/// <summary>Options of <c>implicit-l1 limit</c>.</summary>
public sealed class LimitSettings : SaveProblemSettings
{
    [CommandOption("--depth <LIST>")]
    [Description("Comma-separated depths D of x = u^D − v^D: 2 or any real > 2. Default 2.")]
    public string Depth { get; init; } = "2";

    [CommandOption("--alpha <LIST>")]
    [Description("Comma-separated initialization scales α > 0 (u(0)^D = v(0)^D = α), read exactly as log10 from the decimal text, so 1e-1000 works (range 1e-1000000 … 1e1000000). Default 1e-2,1e-4,1e-6,1e-8,1e-10,1e-12.")]
    public string? Alpha { get; init; }

    [CommandOption("--log10-alpha <LIST>")]
    [Description("Comma-separated log10 α instead of --alpha, e.g. -300,-1000.")]
    public string? Log10Alpha { get; init; }

    [CommandOption("--norm <NORM>")]
    [Description("Norm of error_to_l1: 1, 2 or inf. Default 2.")]
    public string Norm { get; init; } = "2";

    [CommandOption("--param <NAME>")]
    [Description("Model: balanced (u^D − v^D), nonnegative (u^D, u(0)^D = α) or product (u⊙v: from --u0/--v0, otherwise u(0) = 2√α𝟙, v(0) = 0, which is u² − v² at α). Default balanced.")]
    public LimitParametrization Param { get; init; } = LimitParametrization.Balanced;

    [CommandOption("--shape <FILE>")]
    [Description("balanced, nonnegative: per-coordinate initialization u(0)ᵢ^D = α·cᵢ from a vector file of relative scales cᵢ > 0 (length N). Solved in plain dual variables: small α says precision_exhausted where digits run out.")]
    public string? Shape { get; init; }

    [CommandOption("--u0 <FILE>")]
    [Description("product: initial u as a vector file (with --v0); the limit of u⊙v from (u₀, v₀) has no α, so --alpha is refused.")]
    public string? U0 { get; init; }

    [CommandOption("--v0 <FILE>")]
    [Description("product: initial v as a vector file (with --u0).")]
    public string? V0 { get; init; }

    private const string DefaultAlphas = "1e-2,1e-4,1e-6,1e-8,1e-10,1e-12";

    /// <summary>The parsed α list (from --alpha or --log10-alpha), exact in log form.</summary>
    public LogAlpha[] Alphas() => ParseAlphas(Alpha, Log10Alpha, DefaultAlphas);

    /// <summary>Parses --alpha (decimal text, read exactly as log10) or --log10-alpha, <paramref name="defaults"/> when neither is given.</summary>
    public static LogAlpha[] ParseAlphas(string? alpha, string? log10Alpha, string defaults)
    {
        if (alpha is not null && log10Alpha is not null)
        {
            throw new CliException(ExitCodes.InvalidValue, "--alpha and --log10-alpha are alternatives: give one of them.");
        }

        if (log10Alpha is not null)
        {
            return [.. Items(log10Alpha, "--log10-alpha").Select(p =>
                double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)
                    ? (v >= LogAlpha.MinLog10 && v <= LogAlpha.MaxLog10
                        ? LogAlpha.FromLog10(v)
                        : throw new CliException(ExitCodes.InvalidValue, string.Create(CultureInfo.InvariantCulture, $"--log10-alpha: {p} is outside the supported range [{LogAlpha.MinLog10:G}, {LogAlpha.MaxLog10:G}].")))
                    : throw new CliException(ExitCodes.InvalidValue, $"--log10-alpha: '{p}' is not a number."))];
        }

        return [.. Items(alpha ?? defaults, "--alpha").Select(p => LogAlpha.TryParse(p, out var a, out string why)
            ? a
            : throw new CliException(ExitCodes.InvalidValue, $"--alpha: {why}; α must be finite and > 0."))];
    }

    /// <summary>The parsed depth list.</summary>
    public double[] Depths() => OptionValues.NumberList(Depth, "--depth", OptionRules.Ranges["--depth"]);

    /// <summary>The norm of error_to_l1: 1, 2, or 0 for ∞.</summary>
    public int NormIndex() => Norm.Trim().ToLowerInvariant() switch
    {
        "1" => 1,
        "2" => 2,
        "inf" or "infinity" or "∞" => 0,
        _ => throw new CliException(ExitCodes.InvalidValue, $"--norm: '{Norm}' is not 1, 2 or inf."),
    };

    /// <summary>Parses a comma-separated list of numbers, naming the option on failure (empty items are refused).</summary>
    public static double[] ParseList(string text, string option) =>
        [.. Items(text, option).Select(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out double v)
            ? v
            : throw new CliException(ExitCodes.InvalidValue, $"{option}: '{p}' is not a number."))];

    private static string[] Items(string text, string option)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length == 0 || (parts.Length == 1 && parts[0].Length == 0))
        {
            throw new CliException(ExitCodes.InvalidValue, $"{option} needs at least one number.");
        }

        if (parts.Any(p => p.Length == 0))
        {
            throw new CliException(ExitCodes.InvalidValue, $"{option}: '{text}' has an empty item (two commas in a row, or a leading or trailing comma).");
        }

        return parts;
    }
}

/// <summary>Model of <c>implicit-l1 limit</c>.</summary>
public enum LimitParametrization
{
    /// <summary>x = u^D − v^D.</summary>
    Balanced,

    /// <summary>x = u^D.</summary>
    Nonnegative,

    /// <summary>x = u⊙v.</summary>
    Product,
}

/// <summary>Exact limits x∞(α) and their distance to the ℓ¹ solution.</summary>
public sealed class LimitCommand : Command<LimitSettings>
{
    public override int Execute(CommandContext context, LimitSettings settings, CancellationToken cancellationToken)
    {
        var cli = CliContext.Current;
        var model = Model.From(settings);
        var alphas = model.Product is null ? settings.Alphas() : [LogAlpha.FromValue(1.0)];
        var depths = settings.Depths();
        int norm = settings.NormIndex();
        var potentials = depths.Select(d => new Potentials.DepthPotential(d)).ToArray();
        var loaded = settings.Load(cli);
        if (model.Shaped)
        {
            return Shaped(cli, settings, loaded, model, alphas, depths, norm);
        }

        // The regime depends on α relative to the data's scale: x∞(α; A, y) = (b/a)·x∞(α·a/b; A/a, y/b).
        double dataScale = Math.Log10(MaxAbs(loaded.Problem.A)) - Math.Log10(MaxAbs(loaded.Problem.Y));
        double shift = double.IsFinite(dataScale) ? dataScale : 0.0;
        foreach (var a in alphas.Where(a => a.Log10 > 0))
        {
            cli.Warn($"α = {a} (log10 α = {a.Log10:G6}; log10(α·max|A|/max|y|) = {a.Log10 + shift:G6}) is above 1: the kernel regime, x∞ approaches the minimum-ℓ² interpolator A⁺y as α grows, not x_ℓ¹; solved anyway.");
        }

        // One BP solve, shared by every α and depth: the first depth's solve computes it (on exactly normalized data
        // when A or y is far from unit scale) and the others reuse it.
        var progress = new ProgressLines(cli, "limit", quietStart: TimeSpan.FromSeconds(1));
        var options = new LimitOptions { Progress = progress, Cancellation = cancellationToken };
        var first = DualNewton.Solve(loaded.Problem, potentials[0], alphas, options);
        var bp = first.BasisPursuit;
        if (bp.Status == SolverStatus.Infeasible)
        {
            throw new CliException(ExitCodes.Infeasible, "y is not in the range of A: " + bp.Message);
        }

        Dictionary<double, FaceSelectionResult>? selections = null;
        BasisPursuitFace? face = null;
        if (!bp.IsUnique)
        {
            // Not unique: the limit tends to the minimizer the depth selects on the BP face (distance reported per α).
            face = BasisPursuitFaces.Solve(loaded.Problem, new FaceOptions { BasisPursuit = bp });
            selections = depths.Distinct().ToDictionary(d => d, d => FaceSelection.Solve(loaded.Problem, face, d));
            cli.Warn($"basis pursuit is not unique ({bp.Message}); error_to_l1 is null, distance_to_selected measures x∞ against the minimizer each depth selects on the face (dimension {face.Dimension}).");
        }

        var points = first.Points.Concat(potentials.Skip(1).SelectMany(p => DualNewton.Solve(loaded.Problem, p, alphas, options, bp).Points)).ToArray();
        progress.Done();
        if (face is not null)
        {
            points = [.. points.Select(p => p.Status.IsSuccess() && FaceSelection.PolishOnFace(loaded.Problem, face, p.Depth, p.LogAlpha, p.X) is { } x
                ? p with { X = x, Residual = loaded.Problem.ResidualNorm(x), Message = p.Message + "; polished along the BP face" }
                : p)];
        }

        return Report(cli, settings, loaded, bp, points, norm, selections);
    }

    /// <summary>Per-coordinate shapes, the non-negative model and u⊙v from (u₀, v₀): <see cref="ShapedLimit"/>, one BP shared.</summary>
    private static int Shaped(CliContext cli, LimitSettings settings, LoadedProblem loaded, Model model, LogAlpha[] alphas, double[] depths, int norm)
    {
        int n = loaded.Problem.Cols;
        if ((model.Scales ?? model.Product?.U0)?.Length is int length && length != n)
        {
            string file = settings.Shape ?? settings.U0!;
            throw new CliException(ExitCodes.ShapeMismatch, $"{file} has {length} entries but A has {n} columns.");
        }

        var bp = BasisPursuitSolver.Solve(loaded.Problem);
        var progress = new ProgressLines(cli, "limit", quietStart: TimeSpan.FromSeconds(1));
        var options = new LimitOptions { Progress = progress };
        if (bp.Status == SolverStatus.Infeasible)
        {
            throw new CliException(ExitCodes.Infeasible, "y is not in the range of A: " + bp.Message);
        }

        if (!bp.IsUnique)
        {
            cli.Warn($"basis pursuit is not unique ({bp.Message}); error_to_l1 is reported as null.");
        }
        else if (settings.Param == LimitParametrization.Nonnegative && bp.X.Any(v => v < 0))
        {
            cli.Warn("x_ℓ¹ has negative entries, which u^D cannot reach: error_to_l1 is the distance to x_ℓ¹, not a rate to 0.");
        }

        InitializationShape ShapeFor(double depth)
        {
            try
            {
                return model.Product is { } p ? InitializationShape.Product(p.U0, p.V0)
                    : InitializationShape.Scaled(settings.Param == LimitParametrization.Nonnegative ? new Potentials.NonNegativePotential(depth) : new Potentials.DepthPotential(depth),
                        model.Scales ?? Enumerable.Repeat(1.0, n).ToArray());
            }
            catch (ArgumentException e)
            {
                throw new CliException(ExitCodes.InvalidValue, $"{model.File}: {e.Message.Split(" (Parameter")[0]}");
            }
        }

        // With a shape and D > 2 the α → 0 limit is a weighted ℓ¹ minimizer: error_to_l1 is measured against it ("reference").
        var references = new Dictionary<double, BasisPursuitResult>();
        var points = depths.SelectMany(d =>
        {
            var shape = ShapeFor(d);
            var reference = references[d] = ShapedLimit.Reference(loaded.Problem, shape, bp);
            return ShapedLimit.Solve(loaded.Problem, shape, alphas, options, reference).Points;
        }).ToArray();
        progress.Done();
        foreach (var (depth, reference) in references.Where(r => !ReferenceEquals(r.Value, bp)))
        {
            cli.Warn($"D = {depth} with --shape: x∞(α) tends to the weighted ℓ¹ minimizer (wᵢ = cᵢ^(−(D−2)/D)), not x_ℓ¹; error_to_l1 is measured against it (\"reference\": \"weighted_l1\", {reference.Status.ToSnakeCase()}).");
        }

        return Report(cli, settings, loaded, bp, points, norm, references: references.Where(r => !ReferenceEquals(r.Value, bp)).ToDictionary());
    }

    private static int Report(CliContext cli, LimitSettings settings, LoadedProblem loaded, BasisPursuitResult bp, LimitPoint[] points, int norm,
        Dictionary<double, FaceSelectionResult>? selections = null, Dictionary<double, BasisPursuitResult>? references = null)
    {
        string normName = norm == 0 ? "inf" : norm.ToString(CultureInfo.InvariantCulture);
        var save = SaveArrays.Open(settings.Save)?.Matrix("x", [.. points.Select(p => p.X)]).Vector("x_l1", bp.X)
            .Integers("support", bp.Support.Select(i => (long)i)).Vector("alpha", [.. points.Select(p => p.Alpha)])
            .Vector("log10_alpha", [.. points.Select(p => p.LogAlpha.Log10)]).Vector("depth", [.. points.Select(p => p.Depth)]);
        save?.Matrix("nu", [.. points.Select(p => p.Nu)]);
        if (selections is not null)
        {
            save?.Matrix("selected", [.. selections.Values.Select(r => r.Selected)]);
        }

        switch (settings.ResolveFormat(cli))
        {
            case OutputFormat.Json:
                WriteJson(cli, settings, bp, points, norm, normName, save, selections, references);
                break;
            case OutputFormat.Csv:
                TableOutput.CsvLine(cli.Out, "alpha", "depth", "status", "error_to_l1", "residual", "stationarity", "iterations",
                    "log10_alpha", "log10_error_to_l1", "norm");
                foreach (var p in points)
                {
                    TableOutput.CsvLine(cli.Out, TableOutput.Format(AlphaValue(p)), TableOutput.Format(p.Depth), p.Status.ToSnakeCase(),
                        TableOutput.Format(p.Error?.Value(norm)), TableOutput.Format(p.Residual), TableOutput.Format(p.Stationarity),
                        p.Stats.Iterations.ToString(CultureInfo.InvariantCulture), TableOutput.Format(p.LogAlpha.Log10),
                        TableOutput.Format(Log10Error(p, norm)), normName);
                }

                break;
            default:
                WriteTable(cli, loaded, bp, points, norm, normName, selections);
                break;
        }

        return ExitCodes.ForStatuses(points.Select(p => p.Status));
    }

    /// <summary>The model the options describe: which solver, and the vectors read from --shape or --u0/--v0.</summary>
    private sealed record Model(bool Shaped, double[]? Scales, (double[] U0, double[] V0)? Product, string? File)
    {
        public static Model From(LimitSettings s)
        {
            if ((s.U0 is null) != (s.V0 is null))
            {
                throw new CliException(ExitCodes.Usage, "--u0 and --v0 must be given together.");
            }

            if (s.Param == LimitParametrization.Product)
            {
                if (s.Shape is not null)
                {
                    throw new CliException(ExitCodes.InvalidValue, "--shape is for balanced and nonnegative; product takes --u0 and --v0.");
                }

                if (s.Depths().Any(d => d != 2.0))
                {
                    throw new CliException(ExitCodes.InvalidValue, $"--param product is x = u⊙v, depth 2: --depth {s.Depth} cannot be honoured.");
                }

                if (s.U0 is null)
                {
                    return new Model(false, null, null, null); // u(0) = 2√α𝟙, v(0) = 0 is u² − v² at α (docs/theory.md §2)
                }

                if (s.Alpha is not null || s.Log10Alpha is not null)
                {
                    throw new CliException(ExitCodes.InvalidValue, "--param product with --u0/--v0 starts where the files say: --alpha cannot be honoured.");
                }

                var u0 = MatrixFile.ReadVector(s.U0);
                var v0 = MatrixFile.ReadVector(s.V0!);
                if (u0.Length != v0.Length)
                {
                    throw new CliException(ExitCodes.ShapeMismatch, $"{s.V0} has {v0.Length} entries but {s.U0} has {u0.Length}.");
                }

                return new Model(true, null, (u0, v0), "--u0/--v0");
            }

            if (s.U0 is not null)
            {
                throw new CliException(ExitCodes.InvalidValue, $"--u0/--v0 are for --param product, not {s.Param.ToString().ToLowerInvariant()}.");
            }

            var scales = s.Shape is null ? null : MatrixFile.ReadVector(s.Shape);
            return new Model(scales is not null || s.Param == LimitParametrization.Nonnegative, scales, null, "--shape");
        }
    }

    private static double MaxAbs(ReadOnlySpan<double> v)
    {
        double max = 0;
        foreach (double e in v)
        {
            max = Math.Max(max, Math.Abs(e));
        }

        return max;
    }

    private static double? AlphaValue(LimitPoint p) => p.LogAlpha.IsRepresentable ? p.LogAlpha.Value : null;

    private static double? Log10Error(LimitPoint p, int norm) =>
        p.Error is { } e && double.IsFinite(e.Log10(norm)) ? e.Log10(norm) : p.Error is null ? null : double.NegativeInfinity;

    private static void WriteJson(CliContext cli, LimitSettings settings, BasisPursuitResult bp, LimitPoint[] points, int norm, string normName,
        SaveArrays? save, Dictionary<double, FaceSelectionResult>? selections, Dictionary<double, BasisPursuitResult>? references)
    {
        using var json = new JsonOutput();
        var w = json.Writer;
        w.WriteStartObject();
        json.String("param", settings.Param.ToString().ToLowerInvariant())
            .String("initialization", settings.U0 is not null ? "u0,v0" : settings.Shape is not null ? "shape" : "uniform");
        w.WriteStartObject("basis_pursuit");
        BasisPursuitOutput.WriteFields(json, bp);
        w.WriteEndObject();
        if (selections is not null)
        {
            w.WriteStartArray("selected_minimizers");
            foreach (var r in selections.Values)
            {
                w.WriteStartObject();
                json.Number("depth", r.Depth).String("status", r.Status.ToSnakeCase()).String("message", r.Message).Numbers("x", r.Selected)
                    .String("label", "reconstructed");
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        if (references is { Count: > 0 })
        {
            w.WriteStartArray("weighted_l1");
            foreach (var (depth, reference) in references)
            {
                w.WriteStartObject();
                json.Number("depth", depth).String("status", reference.Status.ToSnakeCase()).String("message", reference.Message)
                    .Numbers("x", reference.X).String("label", "reconstructed");
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteStartArray("results");
        foreach (var p in points)
        {
            w.WriteStartObject();
            json.Number("alpha", AlphaValue(p)).Number("log10_alpha", p.LogAlpha.Log10).Number("depth", p.Depth).Numbers("x", p.X);
            if (p.X.Where((v, i) => v == 0 && double.IsFinite(p.Log10AbsX[i])).Any())
            {
                // Coordinates below the double range: log10 |x| beside the plain (zero) value, sign in x_sign.
                json.Numbers("log10_abs_x", p.Log10AbsX).Integers("x_sign", p.XSign);
            }

            json.String("status", p.Status.ToSnakeCase()).String("message", p.Message).Number("residual", p.Residual)
                .Number("stationarity", p.Stationarity).Integer("iterations", p.Stats.Iterations)
                .Integer("factorizations", p.Stats.Factorizations).Integer("krylov_iterations", p.Stats.KrylovIterations).String("norm", normName)
                .String("reference", references?.ContainsKey(p.Depth) == true ? "weighted_l1" : "x_l1")
                .Number("error_to_l1", p.Error?.Value(norm)).Number("log10_error_to_l1", Log10Error(p, norm));
            if (selections?.GetValueOrDefault(p.Depth) is { } selection)
            {
                // ‖x∞ − x_selected‖₂ is a difference of O(1) vectors: its rounding floor says how many digits are real.
                bool good = selection.Status.IsSuccess() && p.Status.IsSuccess();
                var (distance, floor) = FaceSelection.Distance(p.X, selection.Selected);
                json.Number("distance_to_selected", good ? distance : null).Number("distance_floor", good ? floor : null);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        save?.WriteJson(json);
        w.WriteEndObject();
        cli.Out.WriteLine(json.ToString());
    }

    private static void WriteTable(CliContext cli, LoadedProblem loaded, BasisPursuitResult bp, LimitPoint[] points, int norm, string normName,
        Dictionary<double, FaceSelectionResult>? selections)
    {
        cli.Out.WriteLine($"problem: {loaded.Source}");
        cli.Out.WriteLine($"basis pursuit: {bp.Status.ToSnakeCase()}, support [{string.Join(", ", bp.Support)}], ϱ = {TableOutput.Short(bp.Varrho?.Value)} [reconstructed]");
        foreach (var r in selections?.Values.AsEnumerable() ?? [])
        {
            cli.Out.WriteLine($"selected on the BP face, D = {TableOutput.Short(r.Depth)} [reconstructed]: {r.Status.ToSnakeCase()}, x = [{string.Join(", ", r.Selected.Select(v => TableOutput.Short(v)))}]");
        }

        string header = normName switch { "1" => "‖x∞ − x_ℓ¹‖₁", "inf" => "‖x∞ − x_ℓ¹‖_∞", _ => "‖x∞ − x_ℓ¹‖₂" };
        var table = new Table().AddColumns("α", "D", "status", selections is null ? header : "‖x∞ − x_selected‖₂ (± floor)", "residual", "stationarity", "Newton iterations");
        foreach (var p in points)
        {
            string error = selections?.GetValueOrDefault(p.Depth) is { } selected
                ? (selected.Status.IsSuccess() && p.Status.IsSuccess() && FaceSelection.Distance(p.X, selected.Selected) is var (d, floor)
                    ? $"{TableOutput.Short(d)} (± {floor:E1})" : "—")
                : p.Error is null ? "—"
                : p.Error.Value(norm) is double v ? TableOutput.Short(v)
                : string.Create(CultureInfo.InvariantCulture, $"10^{p.Error.Log10(norm):F4}");
            TableOutput.AddRow(table, p.LogAlpha.IsRepresentable ? TableOutput.Short(p.LogAlpha.Value) : p.LogAlpha.ToString(), TableOutput.Short(p.Depth),
                p.Status.ToSnakeCase(), error, TableOutput.Short(p.Residual), TableOutput.Short(p.Stationarity),
                p.Stats.Iterations.ToString(CultureInfo.InvariantCulture));
        }

        TableOutput.Write(cli.Out, table, cli.IsTerminal);
    }
}
