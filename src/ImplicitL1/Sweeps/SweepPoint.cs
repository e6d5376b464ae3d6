using System.Globalization;
using ImplicitL1.Dynamics;
using ImplicitL1.IO;
using ImplicitL1.Methods;
using ImplicitL1.Problems;

namespace ImplicitL1.Sweeps;

/// <summary>How a sweep point computes x: the exact limit, integrated gradient flow, or gradient descent.</summary>
public enum SweepSolver
{
    /// <summary>x∞(α) by <see cref="Limit.DualNewton"/> (the exact limit of gradient flow).</summary>
    Limit,

    /// <summary>Gradient flow integrated by <see cref="Dynamics.GradientFlow"/> to its stopping rule.</summary>
    Gf,

    /// <summary>Gradient descent with a finite step (<see cref="Dynamics.GradientDescent"/>).</summary>
    Gd,

    /// <summary>Mini-batch SGD (<see cref="Dynamics.GradientDescent"/> with a batch size).</summary>
    Sgd,
}

/// <summary>A problem read from files: A, y and optionally the planted x* (paths as written in the spec, resolved against its folder).</summary>
public sealed record SweepProblemFiles(string A, string Y, string? XStar, string Folder)
{
    /// <summary>Path of a spec-relative file name.</summary>
    public string Resolve(string name) => System.IO.Path.IsPathRooted(name) ? name : System.IO.Path.Combine(Folder, name);
}

/// <summary>
/// One point of the expanded grid: a generated problem and one method. <see cref="Key"/> is the canonical identity
/// ("name=value" pairs sorted by name, joined by ';', numbers in round-trip form); only parameters that affect the
/// result appear in it (correlation only for the correlated design, step_size/max_iterations/loss_tolerance only for
/// gd and sgd, batch_size/train_seed only for sgd, the file names instead of the generator's keys for file problems).
/// </summary>
public sealed record SweepPoint
{
    /// <summary>Position in the expanded grid (0-based); shards select by it.</summary>
    public required int Index { get; init; }

    public required Design Design { get; init; }

    public required int M { get; init; }

    public required int N { get; init; }

    public required int S { get; init; }

    /// <summary>η, noise level of y = A x* + η·g/√m.</summary>
    public required double Noise { get; init; }

    public required long Seed { get; init; }

    /// <summary>ρ of the correlated design (ignored by the others).</summary>
    public required double Correlation { get; init; }

    public required Amplitudes Amplitudes { get; init; }

    /// <summary>A problem from files instead of the generator (then the generator fields are not part of the key).</summary>
    public SweepProblemFiles? Files { get; init; }

    /// <summary>Parametrization name: "balanced" (x = u^D − v^D, u(0)^D = v(0)^D = α), "nonnegative" or "product".</summary>
    public required string Parametrization { get; init; }

    public required SweepSolver Solver { get; init; }

    /// <summary>D ≥ 2 (real D &gt; 2 allowed).</summary>
    public required double Depth { get; init; }

    /// <summary>α &gt; 0, the scale of x's halves at t = 0 (docs/theory.md §1).</summary>
    public required double Alpha { get; init; }

    /// <summary>GD step η; null: the safe automatic step. Only for <see cref="SweepSolver.Gd"/>.</summary>
    public double? StepSize { get; init; }

    /// <summary>GD iteration budget. Only for <see cref="SweepSolver.Gd"/>.</summary>
    public long MaxIterations { get; init; }

    /// <summary>
    /// GD stops when ½‖Ax − y‖² ≤ this; null ("auto"): ≤ 1e-20·½‖y‖², which does not change with the units of A and y.
    /// Only for <see cref="SweepSolver.Gd"/> and <see cref="SweepSolver.Sgd"/>.
    /// </summary>
    public double? LossTolerance { get; init; }

    /// <summary>SGD mini-batch size; null: max(1, m/4). Only for <see cref="SweepSolver.Sgd"/>.</summary>
    public int? BatchSize { get; init; }

    /// <summary>Seed of SGD's batch draws. Only for <see cref="SweepSolver.Sgd"/>.</summary>
    public long TrainSeed { get; init; }

    /// <summary>GF: stop when a Newton step would move x by at most this times max(1, ‖x‖∞); null: the default.</summary>
    public double? StationaryTolerance { get; init; }

    /// <summary>GF: accepted-step budget; null: the default.</summary>
    public int? MaxSteps { get; init; }

    /// <summary>The method of this point, as <see cref="MethodRunner"/> runs it.</summary>
    public MethodSpec Method
    {
        get
        {
            var flow = new GradientFlowOptions();
            return new MethodSpec
            {
                Kind = Solver switch
                {
                    SweepSolver.Limit => MethodKind.Limit,
                    SweepSolver.Gf => MethodKind.Gf,
                    SweepSolver.Gd => MethodKind.Gd,
                    _ => MethodKind.Sgd,
                },
                Parametrization = Enum.Parse<ParametrizationKind>(Parametrization, ignoreCase: true),
                Depth = Depth,
                Alpha = Alpha,
                Flow = flow with
                {
                    StationaryTolerance = StationaryTolerance ?? flow.StationaryTolerance,
                    MaxSteps = MaxSteps ?? flow.MaxSteps,
                },
                Descent = new GradientDescentOptions
                {
                    StepSize = StepSize,
                    MaxIterations = MaxIterations,
                    // A spec's loss_tolerance is the stopping rule: GD's other relative defaults are off so stored rows stay reproducible.
                    LossTolerance = LossTolerance ?? 0.0,
                    RelativeLossTolerance = LossTolerance is null ? GradientDescentOptions.DefaultRelativeLossStop : 0,
                    RelativeGradientTolerance = 0,
                    BatchSize = Solver == SweepSolver.Sgd ? BatchSize : null,
                    Seed = TrainSeed,
                    TrackGain = false,
                },
            };
        }
    }

    /// <summary>Identity of the model (parametrization, depth, α): points of one problem with the same model share x∞.</summary>
    public string ModelKey => Join([("alpha", Format(Alpha)), ("depth", Format(Depth)), ("parametrization", Parametrization)]);

    /// <summary>The point's problem and its planted x* (null for files without one).</summary>
    /// <exception cref="IOException">A problem file cannot be read.</exception>
    public (RegressionProblem Problem, double[]? XStar) LoadProblem()
    {
        if (Files is { } f)
        {
            var problem = new RegressionProblem(MatrixFile.ReadMatrix(f.Resolve(f.A)), MatrixFile.ReadVector(f.Resolve(f.Y)));
            return (problem, f.XStar is null ? null : MatrixFile.ReadVector(f.Resolve(f.XStar)));
        }

        var instance = ProblemGenerator.Generate(ProblemOptions);
        return (instance.Problem, instance.XStar);
    }

    /// <summary>Generator options of this point's problem.</summary>
    public GeneratorOptions ProblemOptions => new()
    {
        M = M,
        N = N,
        S = S,
        Design = Design,
        Correlation = Correlation,
        Amplitudes = Amplitudes,
        Noise = Noise,
        Seed = Seed,
    };

    /// <summary>Canonical key of the problem alone (the problem parameters of <see cref="Key"/>).</summary>
    public string ProblemKey => Join(ProblemPairs());

    /// <summary>Canonical key of the point.</summary>
    public string Key => Join(ProblemPairs().Concat(MethodPairs()));

    /// <summary>Round-trip text of a number, culture-invariant ("0.0001", "1E-06").</summary>
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Lower-case spec spelling of a design.</summary>
    public static string Name(Design design) => design.ToString().ToLowerInvariant();

    /// <summary>Lower-case spec spelling of a solver.</summary>
    public static string Name(SweepSolver solver) => solver.ToString().ToLowerInvariant();

    /// <summary>Lower-case spec spelling of an amplitude law.</summary>
    public static string Name(Amplitudes amplitudes) => amplitudes.ToString().ToLowerInvariant();

    private IEnumerable<(string, string)> ProblemPairs()
    {
        if (Files is { } f)
        {
            yield return ("a", f.A);
            yield return ("y", f.Y);
            if (f.XStar is not null)
            {
                yield return ("x_star", f.XStar);
            }

            yield break;
        }

        yield return ("amplitudes", Name(Amplitudes));
        if (Design == Design.Correlated)
        {
            yield return ("correlation", Format(Correlation));
        }

        yield return ("design", Name(Design));
        yield return ("m", M.ToString(CultureInfo.InvariantCulture));
        yield return ("n", N.ToString(CultureInfo.InvariantCulture));
        yield return ("noise", Format(Noise));
        yield return ("s", S.ToString(CultureInfo.InvariantCulture));
        yield return ("seed", Seed.ToString(CultureInfo.InvariantCulture));
    }

    private IEnumerable<(string, string)> MethodPairs()
    {
        yield return ("alpha", Format(Alpha));
        yield return ("depth", Format(Depth));
        yield return ("parametrization", Parametrization);
        yield return ("solver", Name(Solver));
        if (Solver is SweepSolver.Gd or SweepSolver.Sgd)
        {
            yield return ("loss_tolerance", LossTolerance is double lt ? Format(lt) : "auto");
            yield return ("max_iterations", MaxIterations.ToString(CultureInfo.InvariantCulture));
            yield return ("step_size", StepSize is double eta ? Format(eta) : "auto");
        }

        if (Solver == SweepSolver.Sgd)
        {
            yield return ("batch_size", BatchSize is int b ? b.ToString(CultureInfo.InvariantCulture) : "auto");
            yield return ("train_seed", TrainSeed.ToString(CultureInfo.InvariantCulture));
        }

        // GF options appear only when set, so keys of specs without them are unchanged.
        if (Solver == SweepSolver.Gf && StationaryTolerance is double st)
        {
            yield return ("stationary_tolerance", Format(st));
        }

        if (Solver == SweepSolver.Gf && MaxSteps is int ms)
        {
            yield return ("max_steps", ms.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static string Join(IEnumerable<(string Name, string Value)> pairs) =>
        string.Join(';', pairs.OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => p.Name + "=" + p.Value));
}
