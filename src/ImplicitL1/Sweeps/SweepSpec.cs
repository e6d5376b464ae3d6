using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ImplicitL1.Problems;

namespace ImplicitL1.Sweeps;

/// <summary>
/// A sweep: the grid problem parameters × method parameters, read strictly from JSON. Every grid key takes one value
/// or a list (integer keys also {"from": a, "to": b}, inclusive); the grid is their Cartesian product, expanded in a
/// fixed order (design, m, n, s, noise, seed, correlation, amplitudes, then solver, depth, alpha, step_size —
/// the last key varies fastest, each list in file order).
/// <code>
/// {
///   "name": "depth vs alpha",                      // optional, free text
///   "problem": { "design": "gaussian", "m": 20, "n": 50, "s": 3, "noise": [0, 0.1], "seed": {"from": 1, "to": 5} },
///   "method":  { "solver": ["limit", "gf"], "depth": [2, 3], "alpha": [1e-2, 1e-4, 1e-6] }
/// }
/// </code>
/// Problem keys (defaults of <see cref="GeneratorOptions"/>): design (gaussian|rademacher|correlated), m, n, s, noise,
/// seed, correlation, amplitudes (sign|gaussian) — or instead files: [{"a": "A.npy", "y": "y.npy", "x_star": "x.npy"}, …]
/// (paths relative to the spec's folder, x_star optional). Method keys: depth and alpha (required), solver
/// (limit|gf|gd|sgd, default limit), parametrization (balanced|nonnegative|product, default balanced; product has
/// D = 2 and starts at u = 2√α𝟙, v = 0), for gf: stationary_tolerance, max_steps (GradientFlowOptions' defaults),
/// for gd and sgd: step_size (number or "auto", default "auto"), max_iterations (default 100000), loss_tolerance
/// (default 1e-20), for sgd: batch_size (number or "auto" = max(1, m/4)), train_seed (default 0). Comments (//, /* */)
/// are allowed.
/// Duplicate points (the same key twice) are an error.
/// </summary>
public sealed class SweepSpec
{
    private const string HashPrefix = "implicit-l1 sweep v1\n";

    private static readonly string[] TopKeys = ["name", "problem", "method"];
    private static readonly string[] ProblemKeys = ["design", "m", "n", "s", "noise", "seed", "correlation", "amplitudes", "files"];
    private static readonly string[] MethodKeys = ["solver", "parametrization", "depth", "alpha", "step_size", "max_iterations", "loss_tolerance",
        "batch_size", "train_seed", "stationary_tolerance", "max_steps"];

    private SweepSpec(string text, string fileName, string? name, IReadOnlyList<SweepPoint> points)
    {
        Text = text;
        FileName = fileName;
        Name = name;
        Points = points;
        var canonical = HashPrefix + string.Join('\n', points.Select(p => p.Key));
        Hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    /// <summary>The spec text as read.</summary>
    public string Text { get; }

    /// <summary>File name used in messages.</summary>
    public string FileName { get; }

    /// <summary>Optional free-text name.</summary>
    public string? Name { get; }

    /// <summary>The expanded grid, in order; <c>Points[i].Index == i</c>.</summary>
    public IReadOnlyList<SweepPoint> Points { get; }

    /// <summary>
    /// SHA-256 (hex) of the ordered point keys: two specs with the same grid in the same order have the same hash
    /// whatever their formatting, comments or name.
    /// </summary>
    public string Hash { get; }

    /// <summary>Reads and parses a spec file.</summary>
    /// <exception cref="SweepSpecException">The spec is invalid (message: file:line: key: problem).</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static SweepSpec Load(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>Parses spec text; <paramref name="fileName"/> only labels messages.</summary>
    /// <exception cref="SweepSpecException">The spec is invalid (message: file:line: key: problem).</exception>
    public static SweepSpec Parse(string text, string fileName)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(fileName);
        var root = SpecNode.Parse(text, fileName);
        var reader = new Reader(fileName);
        if (root.Kind != JsonValueKind.Object)
        {
            throw new SweepSpecException(fileName, root.Line, null, $"expected a JSON object at the top level, found {root.Describe()}.");
        }

        var top = reader.Members(root, string.Empty, TopKeys);
        string? name = null;
        if (top.TryGetValue("name", out var nameEntry))
        {
            name = nameEntry.Value.Kind == JsonValueKind.String
                ? nameEntry.Value.Text
                : throw reader.Error(nameEntry.Line, "name", $"expected a string, found {nameEntry.Value.Describe()}.");
        }

        var problem = top.TryGetValue("problem", out var p)
            ? reader.Members(Expect(reader, p, "problem"), "problem.", ProblemKeys)
            : [];
        var method = top.TryGetValue("method", out var m)
            ? reader.Members(Expect(reader, m, "method"), "method.", MethodKeys)
            : throw new SweepSpecException(fileName, root.Line, "method", "is required (it must give depth and alpha).");

        var designs = reader.List(problem, "problem.design", [Design.Gaussian], v => reader.Word(v, "problem.design", Designs));
        var ms = reader.List(problem, "problem.m", [20], v => reader.Int(v, "problem.m", 1));
        var ns = reader.List(problem, "problem.n", [50], v => reader.Int(v, "problem.n", 1));
        var ss = reader.List(problem, "problem.s", [3], v => reader.Int(v, "problem.s", 0));
        var noises = reader.List(problem, "problem.noise", [0.0], v => reader.Real(v, "problem.noise", x => x >= 0, "must be ≥ 0"));
        var seeds = reader.List(problem, "problem.seed", [0L], v => reader.Long(v, "problem.seed"));
        var correlations = reader.List(problem, "problem.correlation", [0.5],
            v => reader.Real(v, "problem.correlation", x => x > -1 && x < 1, "must be in (−1, 1)"));
        var amplitudes = reader.List(problem, "problem.amplitudes", [Amplitudes.Sign],
            v => reader.Word(v, "problem.amplitudes", AmplitudeLaws));

        var files = Files(reader, problem, fileName);
        var solvers = reader.List(method, "method.solver", [SweepSolver.Limit], v => reader.Word(v, "method.solver", Solvers));
        var parametrizations = reader.List(method, "method.parametrization", ["balanced"],
            v => reader.Word(v, "method.parametrization", Parametrizations));
        var depths = reader.Required(method, "method.depth", root.Line,
            v => reader.Real(v, "method.depth", x => x >= 2, "must be ≥ 2 (D = 2 or any real D > 2)"));
        var alphas = reader.Required(method, "method.alpha", root.Line,
            v => reader.Real(v, "method.alpha", x => x > 0, "must be > 0"));
        var steps = reader.List<double?>(method, "method.step_size", [null], v => v.Kind == JsonValueKind.String && v.Text == "auto"
            ? null
            : reader.Real(v, "method.step_size", x => x > 0, "must be > 0 or \"auto\""));
        var maxIterations = reader.List(method, "method.max_iterations", [100_000L], v => reader.Long(v, "method.max_iterations", 1));
        var lossTolerances = reader.List<double?>(method, "method.loss_tolerance", [null], v => v.Kind == JsonValueKind.String && v.Text == "auto"
            ? null
            : reader.Real(v, "method.loss_tolerance", x => x >= 0, "must be ≥ 0 or \"auto\""));
        if (parametrizations.Contains("product") && depths.Any(d => d != 2.0))
        {
            throw reader.Error(method["parametrization"].Line, "method.parametrization", "product (x = u⊙v) has depth 2: method.depth must be 2 for it.");
        }

        var batches = reader.List<int?>(method, "method.batch_size", [null], v => v.Kind == JsonValueKind.String && v.Text == "auto"
            ? null
            : reader.Int(v, "method.batch_size", 1));
        var trainSeeds = reader.List(method, "method.train_seed", [0L], v => reader.Long(v, "method.train_seed"));
        var stationary = reader.List<double?>(method, "method.stationary_tolerance", [null],
            v => reader.Real(v, "method.stationary_tolerance", x => x >= 0, "must be ≥ 0"));
        var maxSteps = reader.List<int?>(method, "method.max_steps", [null], v => reader.Int(v, "method.max_steps", 1));

        foreach (int n in ns)
        {
            foreach (int s in ss.Where(s => s > n))
            {
                throw reader.Error(problem["s"].Line, "problem.s", $"s = {s} exceeds n = {n}.");
            }
        }

        var problems = files is not null
            ? files.Select(f => new SweepPoint
            {
                Index = 0,
                Design = Design.Gaussian,
                M = 0,
                N = 0,
                S = 0,
                Noise = 0,
                Seed = 0,
                Correlation = 0,
                Amplitudes = Amplitudes.Sign,
                Files = f,
                Parametrization = string.Empty,
                Solver = SweepSolver.Limit,
                Depth = 2,
                Alpha = 1,
            }).ToList()
            : [.. from design in designs
                  from mm in ms from nn in ns from s in ss
                  from noise in noises from seed in seeds
                  from c in correlations from a in amplitudes
                  select new SweepPoint
                  {
                      Index = 0, Design = design, M = mm, N = nn, S = s, Noise = noise, Seed = seed, Correlation = c, Amplitudes = a,
                      Parametrization = string.Empty, Solver = SweepSolver.Limit, Depth = 2, Alpha = 1,
                  }];
        var points = new List<SweepPoint>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var problemPoint in problems)
        {
            foreach (var solver in solvers)
            {
                foreach (var (param, depth, alpha) in from q in parametrizations from d in depths from a in alphas select (q, d, a))
                {
                    bool descent = solver is SweepSolver.Gd or SweepSolver.Sgd;
                    bool sgd = solver == SweepSolver.Sgd;
                    bool gf = solver == SweepSolver.Gf;
                    foreach (var (step, iterations, loss) in descent
                        ? from st in steps from it in maxIterations from lt in lossTolerances select (st, it, lt)
                        : [(null, 0L, (double?)null)])
                    {
                        foreach (var (batch, trainSeed) in sgd ? from b in batches from t in trainSeeds select (b, t) : [((int?)null, 0L)])
                        {
                            foreach (var (tolerance, budget) in gf ? from t in stationary from b in maxSteps select (t, b) : [((double?)null, (int?)null)])
                            {
                                var point = problemPoint with
                                {
                                    Index = points.Count,
                                    Parametrization = param,
                                    Solver = solver,
                                    Depth = depth,
                                    Alpha = alpha,
                                    StepSize = step,
                                    MaxIterations = iterations,
                                    LossTolerance = loss,
                                    BatchSize = batch,
                                    TrainSeed = trainSeed,
                                    StationaryTolerance = tolerance,
                                    MaxSteps = budget,
                                };
                                if (!seen.TryAdd(point.Key, point.Index))
                                {
                                    throw new SweepSpecException(fileName, root.Line, null,
                                        $"the grid holds the point {point.Key} twice (a list repeats a value, or a parameter the design or solver ignores varies).");
                                }

                                points.Add(point);
                            }
                        }
                    }
                }
            }
        }

        return new SweepSpec(text, fileName, name, points);
    }

    /// <summary>problem.files: a list of {"a": path, "y": path, "x_star": path?}; excludes the generator's keys.</summary>
    private static List<SweepProblemFiles>? Files(Reader reader, Dictionary<string, (int Line, SpecNode Value)> problem, string fileName)
    {
        if (!problem.TryGetValue("files", out var entry))
        {
            return null;
        }

        if (problem.Keys.FirstOrDefault(k => k != "files") is { } other)
        {
            throw reader.Error(problem[other].Line, "problem." + other, "problems come from problem.files: the generator's keys do not apply.");
        }

        if (entry.Value.Kind != JsonValueKind.Array || entry.Value.Items.Count == 0)
        {
            throw reader.Error(entry.Line, "problem.files", $"expected a non-empty list of {{\"a\": …, \"y\": …}} objects, found {entry.Value.Describe()}.");
        }

        string folder = Path.GetDirectoryName(Path.GetFullPath(fileName)) ?? ".";
        return [.. entry.Value.Items.Select(item =>
        {
            if (item.Kind != JsonValueKind.Object)
            {
                throw reader.Error(item.Line, "problem.files", $"expected an object {{\"a\": …, \"y\": …}}, found {item.Describe()}.");
            }

            var members = reader.Members(item, "problem.files.", ["a", "y", "x_star"]);
            string FileName(string key) => members.TryGetValue(key, out var v) && v.Value.Kind == JsonValueKind.String && !string.IsNullOrWhiteSpace(v.Value.Text)
                ? v.Value.Text!
                : throw reader.Error(members.TryGetValue(key, out var w) ? w.Line : item.Line, "problem.files." + key, "expected a file name (a string).");
            return new SweepProblemFiles(FileName("a"), FileName("y"), members.ContainsKey("x_star") ? FileName("x_star") : null, folder);
        })];
    }

    private static SpecNode Expect(Reader reader, (int Line, SpecNode Value) entry, string key) =>
        entry.Value.Kind == JsonValueKind.Object
            ? entry.Value
            : throw reader.Error(entry.Line, key, $"expected an object, found {entry.Value.Describe()}.");

    private static readonly Dictionary<string, Design> Designs = new(StringComparer.Ordinal)
    {
        ["gaussian"] = Design.Gaussian,
        ["rademacher"] = Design.Rademacher,
        ["correlated"] = Design.Correlated,
    };

    private static readonly Dictionary<string, Amplitudes> AmplitudeLaws = new(StringComparer.Ordinal)
    {
        ["sign"] = Amplitudes.Sign,
        ["gaussian"] = Amplitudes.Gaussian,
    };

    private static readonly Dictionary<string, SweepSolver> Solvers = new(StringComparer.Ordinal)
    {
        ["limit"] = SweepSolver.Limit,
        ["gf"] = SweepSolver.Gf,
        ["gd"] = SweepSolver.Gd,
        ["sgd"] = SweepSolver.Sgd,
    };

    private static readonly Dictionary<string, string> Parametrizations = new(StringComparer.Ordinal)
    {
        ["balanced"] = "balanced",
        ["nonnegative"] = "nonnegative",
        ["product"] = "product",
    };

    /// <summary>Typed access to spec values, each failure naming file, line and key.</summary>
    private sealed class Reader(string fileName)
    {
        public SweepSpecException Error(int line, string key, string problem) => new(fileName, line, key, problem);

        public Dictionary<string, (int Line, SpecNode Value)> Members(SpecNode node, string prefix, string[] allowed)
        {
            var result = new Dictionary<string, (int, SpecNode)>(StringComparer.Ordinal);
            foreach (var (name, line, value) in node.Members)
            {
                if (!allowed.Contains(name, StringComparer.Ordinal))
                {
                    throw Error(line, prefix + name, $"unknown key; allowed here: {string.Join(", ", allowed)}.");
                }

                if (!result.TryAdd(name, (line, value)))
                {
                    throw Error(line, prefix + name, "appears twice.");
                }
            }

            return result;
        }

        public List<T> Required<T>(Dictionary<string, (int Line, SpecNode Value)> members, string key, int parentLine, Func<SpecNode, T> item)
        {
            if (!members.ContainsKey(key[(key.IndexOf('.') + 1)..]))
            {
                throw Error(parentLine, key, "is required.");
            }

            return List(members, key, [], item);
        }

        public List<T> List<T>(Dictionary<string, (int Line, SpecNode Value)> members, string key, List<T> fallback, Func<SpecNode, T> item)
        {
            if (!members.TryGetValue(key[(key.IndexOf('.') + 1)..], out var entry))
            {
                return fallback;
            }

            var value = entry.Value;
            if (value.Kind == JsonValueKind.Array)
            {
                if (value.Items.Count == 0)
                {
                    throw Error(entry.Line, key, "the list is empty, so the grid would be empty.");
                }

                return [.. value.Items.Select(item)];
            }

            if (value.Kind == JsonValueKind.Object && (typeof(T) == typeof(long) || typeof(T) == typeof(int)))
            {
                return [.. Range(entry.Line, key, value).Select(v => item(SpecNode.FromInteger(v, entry.Line)))];
            }

            return [item(value)];
        }

        private List<long> Range(int line, string key, SpecNode node)
        {
            var members = Members(node, key + ".", ["from", "to"]);
            if (!members.TryGetValue("from", out var from) || !members.TryGetValue("to", out var to))
            {
                throw Error(line, key, "a range needs both \"from\" and \"to\".");
            }

            long a = Long(from.Value, key + ".from");
            long b = Long(to.Value, key + ".to");
            if (b < a)
            {
                throw Error(to.Line, key + ".to", $"{b} < from = {a}: the range is empty, so the grid would be empty.");
            }

            if (b - a >= 10_000_000)
            {
                throw Error(line, key, "the range holds more than 10 million values.");
            }

            var values = new List<long>();
            for (long v = a; v <= b; v++)
            {
                values.Add(v);
            }

            return values;
        }

        public T Word<T>(SpecNode node, string key, Dictionary<string, T> words)
        {
            if (node.Kind != JsonValueKind.String)
            {
                throw Error(node.Line, key, $"expected a string, found {node.Describe()}.");
            }

            return words.TryGetValue(node.Text!, out var value)
                ? value
                : throw Error(node.Line, key, $"unknown value \"{node.Text}\"; allowed: {string.Join(", ", words.Keys)}.");
        }

        public double Real(SpecNode node, string key, Func<double, bool> valid, string rule)
        {
            if (node.Kind != JsonValueKind.Number)
            {
                throw Error(node.Line, key, $"expected a number, found {node.Describe()}.");
            }

            return double.IsFinite(node.Number) && valid(node.Number)
                ? node.Number
                : throw Error(node.Line, key, $"{node.Text} {rule}.");
        }

        public long Long(SpecNode node, string key, long min = long.MinValue)
        {
            if (node.Kind != JsonValueKind.Number || node.Integer is not long value)
            {
                throw Error(node.Line, key, $"expected an integer, found {node.Describe()}.");
            }

            return value >= min ? value : throw Error(node.Line, key, $"{value} must be ≥ {min}.");
        }

        public int Int(SpecNode node, string key, int min)
        {
            long value = Long(node, key, min);
            return value <= int.MaxValue ? (int)value : throw Error(node.Line, key, $"{value} is too large.");
        }
    }
}
