using System.ComponentModel;
using System.Globalization;
using ImplicitL1.Cli.Output;
using ImplicitL1.Cli.Plots;
using ImplicitL1.BasisPursuit;
using ImplicitL1.Dynamics;
using ImplicitL1.Methods;
using ImplicitL1.IO;
using ImplicitL1.Problems;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ImplicitL1.Cli.Commands;

/// <summary>Training method.</summary>
public enum TrainMethod
{
    /// <summary>Gradient flow, integrated by an adaptive stiff Rosenbrock scheme.</summary>
    Gf,

    /// <summary>Full-batch gradient descent.</summary>
    Gd,

    /// <summary>Mini-batch stochastic gradient descent.</summary>
    Sgd,
}

/// <summary>Parametrization of x.</summary>
public enum TrainParametrization
{
    /// <summary>x = u^D − v^D with u(0)^D = v(0)^D = α.</summary>
    Balanced,

    /// <summary>x = u^D with u(0)^D = α.</summary>
    Nonnegative,

    /// <summary>x = u⊙v with u(0) = γ𝟙, v(0) = 0 (--gamma), or u₀, v₀ from files (--u0 --v0).</summary>
    Product,

    /// <summary>x = w₁⊙…⊙w_D, each layer's initialization from a file (--layers f1,f2,…).</summary>
    Layers,
}

/// <summary>Options of <c>implicit-l1 train</c>.</summary>
public sealed class TrainSettings : SaveProblemSettings
{
    [CommandOption("--method <METHOD>")]
    [Description("gf (gradient flow), gd (gradient descent) or sgd (mini-batch SGD). Default gf.")]
    public TrainMethod Method { get; init; } = TrainMethod.Gf;

    [CommandOption("--param <NAME>")]
    [Description("balanced (u^D − v^D), nonnegative (u^D), product (u⊙v) or layers (w₁⊙…⊙w_D). Default balanced.")]
    public TrainParametrization Param { get; init; } = TrainParametrization.Balanced;

    [CommandOption("--depth <D>")]
    [Description("Depth D ≥ 2 (balanced, nonnegative). product has D = 2 and layers D = the number of layers: another --depth is refused (exit 3). Default 2.")]
    public double? Depth { get; init; }

    [CommandOption("--alpha <LIST>")]
    [Description("Initialization scale α > 0, u(0)^D = α (balanced, nonnegative; product: u(0) = 2√α𝟙, v(0) = 0, the u² − v² model at α), or a comma-separated list: one run per α, GD trained as one batch (one pass over A per step for all; each run equals its own). Refused with --param layers or --u0/--v0 (exit 3). Default 1e-2.")]
    public string? Alpha { get; init; }

    /// <summary>The parsed --alpha list (null when not given).</summary>
    public double[]? Alphas() => Alpha is null ? null : Options.OptionValues.NumberList(Alpha, "--alpha", Options.ValueRange.Above(0));

    [CommandOption("--gamma <G>")]
    [Description("product: u(0) = γ𝟙, v(0) = 0 (equals u² − v² at α = γ²/4); not together with --alpha. Default 0.2.")]
    public double? Gamma { get; init; }

    [CommandOption("--references <LIST>")]
    [Description("Comma-separated references to measure x against, each computed once: bp (x_ℓ¹ by basis pursuit), limit (x∞ of the same model by the exact dual solver), none. Default none: no reference is solved and the distances are null.")]
    public string References { get; init; } = "none";

    [CommandOption("--u0 <FILE>")]
    [Description("product: initial u as a vector file (with --v0).")]
    public string? U0 { get; init; }

    [CommandOption("--v0 <FILE>")]
    [Description("product: initial v as a vector file (with --u0).")]
    public string? V0 { get; init; }

    [CommandOption("--layers <FILES>")]
    [Description("layers: comma-separated vector files, one initialization per layer.")]
    public string? Layers { get; init; }

    [CommandOption("--horizon <T>")]
    [Description("gf: time horizon T > 0. Default: run until stationary.")]
    public double? Horizon { get; init; }

    [CommandOption("--space <SPACE>")]
    [Description("gf: integrate in mirror coordinates (the m-dimensional ODE of the link), weights (u, v, … with the analytic Jacobian; (L·N)² entries, small N) or auto (mirror where the model has a link). Default auto.")]
    public FlowSpace Space { get; init; } = FlowSpace.Auto;

    [CommandOption("--checkpoints-per-decade <K>")]
    [Description("Log-spaced trajectory checkpoints (--out, --save, --plot) per decade of time (gf) or of iterations (gd, sgd), K ≥ 1. Default 4.")]
    public int? CheckpointsPerDecade { get; init; }

    [CommandOption("--eta <STEP>")]
    [Description("gd/sgd: step size η > 0. Default: a safe step from a curvature bound.")]
    public double? Eta { get; init; }

    [CommandOption("--batch <B>")]
    [Description("sgd: mini-batch size in [[1, m]]. Default max(1, m/4).")]
    public int? Batch { get; init; }

    [CommandOption("--label-noise <SIGMA>")]
    [Description("gd/sgd: label noise standard deviation ≥ 0. Default 0.")]
    public double LabelNoise { get; init; }

    [CommandOption("--train-seed <SEED>")]
    [Description("gd/sgd: seed of the mini-batch and label-noise draws. Default 0.")]
    public long TrainSeed { get; init; }

    [CommandOption("--max-iter <K>")]
    [Description("gd/sgd: iteration budget (gf: step budget). Default 1000000 (gf 100000).")]
    public long? MaxIterations { get; init; }

    [CommandOption("--loss-tol <L>")]
    [Description("Stop when ½‖Ax − y‖² ≤ L. Default 0 (gf: run to stationarity; gd/sgd: 1e-20·½‖y‖²).")]
    public double? LossTolerance { get; init; }

    [CommandOption("--wall-clock <SECONDS>")]
    [Description("gd/sgd: wall-clock budget in seconds.")]
    public double? WallClock { get; init; }

    [CommandOption("--out <FILE>")]
    [Description("Trajectory CSV: time, rescaled_time, steps, loss, distance_to_l1, distance_to_limit, x_0 … x_{N−1}.")]
    public string? Out { get; init; }

    [CommandOption("--plot <PREFIX>")]
    [Description("Write PREFIX-loss, PREFIX-coordinates and PREFIX-distance figures as PNG and SVG.")]
    public string? Plot { get; init; }
}

/// <summary>Trains x = (parametrization)(weights) by GF, GD or SGD (through <see cref="MethodRunner"/>) and writes the trajectory.</summary>
public sealed class TrainCommand : Command<TrainSettings>
{
    public override int Execute(CommandContext context, TrainSettings settings, CancellationToken cancellationToken)
    {
        var cli = CliContext.Current;
        OutputPaths.CheckWritable(settings.Out, "--out");
        OutputPaths.CheckWritable(settings.Plot is null ? null : settings.Plot + "-loss.png", "--plot");
        var loaded = settings.Load(cli);
        var (wantBp, wantLimit) = ParseReferences(settings.References);
        var progress = new ProgressLines(cli, settings.Method.ToString().ToLowerInvariant());
        var spec = Spec(settings, loaded.Problem, progress, cancellationToken);
        var model = spec.Build(loaded.Problem.Cols);
        Refuse(settings.Space == FlowSpace.Mirror && model.Mirror is null,
            $"--space mirror: the {model.Name} model has no mirror link; use --space weights or auto.");
        var bp = wantBp || wantLimit ? BasisPursuitSolver.Solve(loaded.Problem) : null;
        MethodSpec[] specs = settings.Alphas() is { Length: > 1 } alphas ? [.. alphas.Select(a => spec with { Alpha = a })] : [spec];
        Refuse(specs.Length > 1 && (settings.Out is not null || settings.Plot is not null),
            $"--out and --plot write one run: give one --alpha (got {specs.Length}), or use --save DIR for the x of every run.");
        var references = specs.Select(sp => new MethodReferences
        {
            BasisPursuit = wantBp ? bp : null,
            Limit = wantLimit ? MethodReferences.ComputeLimit(loaded.Problem, sp, bp) : null,
        }).ToArray();
        var runs = specs.Length == 1 ? [MethodRunner.Run(loaded.Problem, spec, references[0])] : MethodRunner.RunBatch(loaded.Problem, specs, references);
        progress.Done();
        var run = runs[0];
        if (settings.Out is not null)
        {
            WriteTrajectory(settings.Out, run.Trajectory);
        }

        if (settings.Plot is not null)
        {
            WritePlots(settings.Plot, run, settings, spec);
        }

        var save = SaveArrays.Open(settings.Save);
        if (runs.Length == 1)
        {
            save?.Vector("x", run.X).Trajectory(run.Trajectory);
            if (run.Gain is { } gain)
            {
                save?.Vector("gain", gain);
            }
        }
        else
        {
            save?.Matrix("x", [.. runs.Select(r => r.X)]).Vector("alpha", [.. specs.Select(sp => sp.Alpha)]);
            if (runs.All(r => r.Gain is not null))
            {
                save?.Matrix("gain", [.. runs.Select(r => r.Gain!)]);
            }
        }

        string referenceNames = string.Join(",", new[] { wantBp ? "bp" : null, wantLimit ? "limit" : null }.OfType<string>().DefaultIfEmpty("none"));
        string? space = settings.Method == TrainMethod.Gf ? (settings.Space != FlowSpace.Auto ? settings.Space : model.Mirror is null ? FlowSpace.Weights : FlowSpace.Mirror).ToString().ToLowerInvariant() : null;
        void WriteRun(JsonOutput json, MethodOutcome r)
        {
            json.String("status", r.Status.ToSnakeCase()).String("message", r.Message)
                .String("method", settings.Method.ToString().ToLowerInvariant())
                .String("param", settings.Param.ToString().ToLowerInvariant())
                .Number("depth", model.Depth).Number("alpha", r.Method.EffectiveAlpha).Numbers("x", r.X)
                .Number("loss", r.Loss).Integer("steps", r.Iterations).Number("time", r.Time)
                .Number("distance_to_limit", r.DistanceToLimit).Number("distance_to_l1", r.DistanceToL1)
                .Number("step_size", r.StepSize).String("space", space);
            if (r.Gain is { } g)
            {
                json.Numbers("gain", g);
            }
            else
            {
                json.Null("gain");
            }

            json.String("references", referenceNames)
                .String("label", settings.Method == TrainMethod.Gf ? "gradient flow" : "gradient descent (finite steps: not the GF limit)");
        }

        switch (settings.ResolveFormat(cli))
        {
            case OutputFormat.Json:
                using (var json = new JsonOutput())
                {
                    json.Writer.WriteStartObject();
                    if (runs.Length == 1)
                    {
                        WriteRun(json, run);
                    }
                    else
                    {
                        // One object per α, in the order given; GD runs were trained as one batch.
                        json.Bool("batched", settings.Method == TrainMethod.Gd);
                        json.Writer.WriteStartArray("runs");
                        foreach (var r in runs)
                        {
                            json.Writer.WriteStartObject();
                            WriteRun(json, r);
                            json.Writer.WriteEndObject();
                        }

                        json.Writer.WriteEndArray();
                    }

                    save?.WriteJson(json);
                    json.Writer.WriteEndObject();
                    cli.Out.WriteLine(json.ToString());
                }

                break;
            case OutputFormat.Csv:
                TableOutput.CsvLine(cli.Out, "status", "method", "param", "depth", "alpha", "loss", "steps", "time", "distance_to_limit", "distance_to_l1", "step_size");
                foreach (var r in runs)
                {
                    TableOutput.CsvLine(cli.Out, r.Status.ToSnakeCase(), settings.Method.ToString().ToLowerInvariant(), settings.Param.ToString().ToLowerInvariant(),
                        TableOutput.Format(model.Depth), TableOutput.Format(r.Method.EffectiveAlpha), TableOutput.Format(r.Loss),
                        r.Iterations.ToString(CultureInfo.InvariantCulture), TableOutput.Format(r.Time), TableOutput.Format(r.DistanceToLimit),
                        TableOutput.Format(r.DistanceToL1), TableOutput.Format(r.StepSize));
                }

                break;
            default:
                foreach (var r in runs)
                {
                    var table = new Table().AddColumns("quantity", "value");
                    TableOutput.AddRow(table, "problem", loaded.Source);
                    TableOutput.AddRow(table, "method", $"{settings.Method.ToString().ToLowerInvariant()} on {model.Name}, D = {model.Depth}"
                        + (r.Method.EffectiveAlpha is double a ? $", α = {a}" : string.Empty));
                    TableOutput.AddRow(table, "status", $"{r.Status.ToSnakeCase()}: {r.Message}");
                    TableOutput.AddRow(table, "loss", TableOutput.Short(r.Loss));
                    TableOutput.AddRow(table, "steps", r.Iterations.ToString(CultureInfo.InvariantCulture));
                    TableOutput.AddRow(table, "time", TableOutput.Short(r.Time));
                    TableOutput.AddRow(table, "‖x − x∞‖₂ (exact limit)", wantLimit ? TableOutput.Short(r.DistanceToLimit) : "not computed (--references limit)");
                    TableOutput.AddRow(table, "‖x − x_ℓ¹‖₂", wantBp ? TableOutput.Short(r.DistanceToL1) : "not computed (--references bp)");
                    TableOutput.Write(cli.Out, table, cli.IsTerminal);
                }

                break;
        }

        return ExitCodes.ForStatuses(runs.Select(r => r.Status));
    }

    /// <summary>The method specification of the options; options a model does not have are refused (exit 3).</summary>
    private static MethodSpec Spec(TrainSettings s, RegressionProblem problem, IProgress<SolverProgress> progress, CancellationToken cancellation)
    {
        if (s.Horizon is double h && !(h > 0))
        {
            throw new CliException(ExitCodes.InvalidValue, $"--horizon must be > 0 (got {h}).");
        }

        Refuse(s.CheckpointsPerDecade is < 1, $"--checkpoints-per-decade must be ≥ 1 (got {s.CheckpointsPerDecade}).");
        Refuse(s.Space != FlowSpace.Auto && s.Method != TrainMethod.Gf, $"--space {s.Space.ToString().ToLowerInvariant()} applies to gradient flow (--method gf) only.");
        int perDecade = s.CheckpointsPerDecade ?? 4;
        double depth = s.Depth ?? 2.0, alpha = s.Alphas()?[0] ?? 1e-2;
        var spec = new MethodSpec
        {
            Kind = s.Method switch { TrainMethod.Gf => MethodKind.Gf, TrainMethod.Gd => MethodKind.Gd, _ => MethodKind.Sgd },
            Depth = depth,
            Alpha = alpha,
            Flow = new GradientFlowOptions
            {
                Horizon = s.Horizon ?? double.PositiveInfinity,
                LossTolerance = s.LossTolerance ?? 0.0,
                MaxSteps = (int)Math.Min(int.MaxValue, s.MaxIterations ?? 100_000),
                Space = s.Space,
                CheckpointsPerDecade = perDecade,
                Progress = progress,
                Cancellation = cancellation,
            },
            Descent = new GradientDescentOptions
            {
                StepSize = s.Eta,
                BatchSize = s.Method == TrainMethod.Sgd ? s.Batch ?? Math.Max(1, problem.Rows / 4) : null,
                LabelNoise = s.LabelNoise,
                Seed = s.TrainSeed,
                MaxIterations = s.MaxIterations ?? 1_000_000,
                // Without --loss-tol: ½‖Ax − y‖² ≤ 1e-20·½‖y‖², relative, so scaling A and y changes neither the steps nor x.
                LossTolerance = s.LossTolerance ?? 0.0,
                RelativeLossTolerance = s.LossTolerance is null ? GradientDescentOptions.DefaultRelativeLossStop : new GradientDescentOptions().RelativeLossTolerance,
                WallClockBudget = s.WallClock is double w ? TimeSpan.FromSeconds(w) : null,
                CheckpointsPerDecade = perDecade,
                Progress = progress,
                Cancellation = cancellation,
            },
        };
        switch (s.Param)
        {
            case TrainParametrization.Balanced:
                return spec;
            case TrainParametrization.Nonnegative:
                return spec with { Parametrization = ParametrizationKind.NonNegative };
            case TrainParametrization.Product:
                Refuse(s.Depth is double d && d != 2.0, $"--param product is x = u⊙v, depth 2: --depth {s.Depth} cannot be honoured.");
                if (s.U0 is not null || s.V0 is not null)
                {
                    if (s.U0 is null || s.V0 is null)
                    {
                        throw new CliException(ExitCodes.Usage, "--u0 and --v0 must be given together.");
                    }

                    Refuse(s.Alpha is not null || s.Gamma is not null, "--param product with --u0/--v0 starts where the files say: --alpha and --gamma cannot be honoured.");
                    return spec with { Parametrization = ParametrizationKind.Product, ProductU0 = MatrixFile.ReadVector(s.U0), ProductV0 = MatrixFile.ReadVector(s.V0) };
                }

                Refuse(s.Alpha is not null && s.Gamma is not null, "--param product: give --alpha (u(0) = 2√α𝟙) or --gamma (u(0) = γ𝟙), not both.");
                // u(0) = γ𝟙, v(0) = 0 is the u² − v² model at α = γ²/4 (docs/theory.md §2).
                double gamma = s.Gamma ?? 0.2;
                return spec with { Parametrization = ParametrizationKind.Product, Alpha = s.Alphas()?[0] ?? (gamma * gamma / 4) };
            default:
                if (s.Layers is null)
                {
                    throw new CliException(ExitCodes.Usage, "--param layers needs --layers f1,f2,… (one vector file per layer).");
                }

                var layers = s.Layers.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(MatrixFile.ReadVector).ToArray();
                Refuse(s.Alpha is not null, "--param layers starts where the --layers files say: --alpha cannot be honoured.");
                Refuse(s.Depth is double dl && dl != layers.Length, $"--param layers has D = {layers.Length} (one per file): --depth {s.Depth} cannot be honoured.");
                return spec with { Parametrization = ParametrizationKind.Layers, LayerInitializations = layers, Depth = layers.Length };
        }
    }

    private static void Refuse(bool condition, string message)
    {
        if (condition)
        {
            throw new CliException(ExitCodes.InvalidValue, message);
        }
    }

    private static (bool Bp, bool Limit) ParseReferences(string text)
    {
        bool bp = false, limit = false;
        foreach (var word in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            switch (word)
            {
                case "bp": bp = true; break;
                case "limit": limit = true; break;
                case "none": break;
                default: throw new CliException(ExitCodes.InvalidValue, $"--references: unknown reference '{word}'; use bp, limit, both (bp,limit) or none.");
            }
        }

        return (bp, limit);
    }

    private static void WriteTrajectory(string path, IReadOnlyList<TrajectoryPoint> trajectory)
    {
        using var writer = new StreamWriter(path);
        int n = trajectory.Count == 0 ? 0 : trajectory[0].X.Length;
        TableOutput.CsvLine(writer, ["time", "rescaled_time", "steps", "loss", "distance_to_l1", "distance_to_limit",
            .. Enumerable.Range(0, n).Select(i => $"x_{i}")]);
        foreach (var c in trajectory)
        {
            TableOutput.CsvLine(writer, [TableOutput.Format(c.Time), TableOutput.Format(c.RescaledTime),
                c.Iteration.ToString(CultureInfo.InvariantCulture), TableOutput.Format(c.Loss), TableOutput.Format(c.DistanceToL1),
                TableOutput.Format(c.DistanceToLimit), .. c.X.Select(v => TableOutput.Format(v))]);
        }
    }

    private static void WritePlots(string prefix, MethodOutcome run, TrainSettings s, MethodSpec spec)
    {
        var points = run.Trajectory.Where(c => c.Time > 0).ToList();
        var times = points.Select(c => c.Time).ToList();
        string what = $"{s.Method.ToString().ToUpperInvariant()}, {s.Param.ToString().ToLowerInvariant()}, D = {spec.EffectiveDepth}"
            + (spec.EffectiveAlpha is double a ? $", α = {a:G3}" : string.Empty);
        var loss = new Figure($"Loss ({what})", "time t", "½‖Ax − y‖²");
        loss.AddSeries("loss", times, points.Select(c => c.Loss).ToList());
        loss.Save(prefix + "-loss");

        var coordinates = new Figure($"Coordinates vs log time ({what})", "time t", "|xᵢ(t)|");
        int n = points.Count == 0 ? 0 : points[0].X.Length;
        // The largest final coordinates show the saddle-to-saddle plateaus; cap the legend at 8 series.
        foreach (int i in Enumerable.Range(0, n).OrderByDescending(i => Math.Abs(run.X[i])).Take(8))
        {
            coordinates.AddSeries($"x{i}", times, points.Select(c => Math.Abs(c.X[i])).ToList(), markers: false);
        }

        coordinates.Save(prefix + "-coordinates");
        var distance = new Figure($"Distance to x_ℓ¹ and to x∞ ({what})", "time t", "distance ‖·‖₂");
        distance.AddSeries("‖x(t) − x_ℓ¹‖₂", times, points.Select(c => c.DistanceToL1 ?? double.NaN).ToList());
        distance.AddSeries("‖x(t) − x∞‖₂", times, points.Select(c => c.DistanceToLimit ?? double.NaN).ToList());
        distance.Save(prefix + "-distance");
    }
}
