using System.ComponentModel;
using ImplicitL1.IO;
using ImplicitL1.Problems;
using Spectre.Console.Cli;

namespace ImplicitL1.Cli.Commands;

/// <summary>How results are printed.</summary>
public enum OutputFormat
{
    /// <summary>A table for people (default in a terminal).</summary>
    Table,

    /// <summary>JSON with snake_case fields and 0-based indices (default when output is redirected).</summary>
    Json,

    /// <summary>CSV rows.</summary>
    Csv,
}

/// <summary>
/// Options of the seeded generator (m, N, s, noise, design, …) and --format: what generate takes, and the base of
/// every command that needs a problem (<see cref="ProblemSettings"/> adds the --A/--y files).
/// </summary>
public class GeneratorSettings : CommandSettings
{
    [CommandOption("-m|--rows <M>")]
    [Description("--m: generator's number of measurements m. Default 20.")]
    public int? M { get; init; }

    [CommandOption("-n|--cols <N>")]
    [Description("--n: generator's number of unknowns N. Default 50.")]
    public int? N { get; init; }

    [CommandOption("-s|--sparsity <S>")]
    [Description("--s: generator's sparsity s of x*. Default 3.")]
    public int? S { get; init; }

    [CommandOption("--noise <ETA>")]
    [Description("Generator: noise level η in y = A x* + η·g/√m. Default 0.")]
    public double? Noise { get; init; }

    [CommandOption("--design <DESIGN>")]
    [Description("Generator: gaussian (N(0,1/m)), rademacher (±1/√m) or correlated (Toeplitz ρ^|i−j|). Default gaussian.")]
    public Design? Design { get; init; }

    [CommandOption("--correlation <RHO>")]
    [Description("Generator: ρ of the correlated design, in (−1, 1). Default 0.5.")]
    public double? Correlation { get; init; }

    [CommandOption("--amplitudes <KIND>")]
    [Description("Generator: sign (±1) or gaussian amplitudes of x*. Default sign.")]
    public Amplitudes? Amplitudes { get; init; }

    [CommandOption("--seed <SEED>")]
    [Description("Generator: seed; the same seed gives the same bytes. Default 0.")]
    public long? Seed { get; init; }

    [CommandOption("--format <FORMAT>")]
    [Description("Output: table, json or csv. Default: table in a terminal, json when redirected.")]
    public OutputFormat? Format { get; init; }

    /// <summary>True when any generator option was given.</summary>
    public bool UsesGeneratorOptions =>
        M is not null || N is not null || S is not null || Noise is not null || Design is not null
        || Correlation is not null || Amplitudes is not null || Seed is not null;

    /// <summary>The chosen format, defaulting by terminal.</summary>
    public OutputFormat ResolveFormat(CliContext context) =>
        Format ?? (context.IsTerminal ? OutputFormat.Table : OutputFormat.Json);

    /// <summary>Generator options from the flags (defaults where absent).</summary>
    public GeneratorOptions GeneratorOptions() => new()
    {
        M = M ?? 20,
        N = N ?? 50,
        S = S ?? 3,
        Noise = Noise ?? 0.0,
        Design = Design ?? Problems.Design.Gaussian,
        Correlation = Correlation ?? 0.5,
        Amplitudes = Amplitudes ?? Problems.Amplitudes.Sign,
        Seed = Seed ?? 0,
    };

    /// <summary>A generated instance and its one-line description ("generated gaussian m=20 N=50 …").</summary>
    public (GeneratedInstance Instance, string Source) Generate()
    {
        var options = GeneratorOptions();
        var instance = ProblemGenerator.Generate(options);
        return (instance, $"generated {options.Design.ToString().ToLowerInvariant()} m={options.M} N={options.N} s={options.S} noise={options.Noise} seed={options.Seed}");
    }
}

/// <summary>Input shared by every command that needs (A, y): files (--A, --y), or the seeded generator.</summary>
public class ProblemSettings : GeneratorSettings
{
    [CommandOption("-A|--matrix <FILE>")]
    [Description("--A: matrix A (m×N) from .npy (float64/float32, C or Fortran order), .csv/.txt or .mtx.")]
    public string? AFile { get; init; }

    [CommandOption("-y|--rhs <FILE>")]
    [Description("--y: vector y (length m), same formats as --A.")]
    public string? YFile { get; init; }

    [CommandOption("--header")]
    [Description("The .csv/.txt files of --A and --y start with a header row of names, which is skipped (without it a row of words is an error).")]
    public bool Header { get; init; }

    /// <summary>
    /// Reads or generates the problem; warns on stderr when m ≥ N. With <paramref name="needsY"/> false (a quantity
    /// of A alone, such as the NSP constant) --A may come without --y, and y is then 0.
    /// </summary>
    public LoadedProblem Load(CliContext context, bool needsY = true)
    {
        RegressionProblem problem;
        GeneratedInstance? instance = null;
        string source;
        if (AFile is not null || YFile is not null)
        {
            if (AFile is null || (YFile is null && needsY))
            {
                throw new CliException(ExitCodes.Usage, needsY ? "--A and --y must be given together." : "--y needs --A.");
            }

            if (UsesGeneratorOptions)
            {
                throw new CliException(ExitCodes.Usage,
                    "give either --A/--y files or generator options (--m --n --s --noise --design --seed), not both.");
            }

            problem = ReadProblem(AFile, YFile, Header);
            // The file's copy of A died with ReadProblem's frame; returning its pages before the solver starts keeps
            // the peak at two copies of A (while the problem copies it) and one afterwards.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            source = YFile is null ? $"{AFile} (A only)" : $"{AFile}, {YFile}";
        }
        else
        {
            (instance, source) = Generate();
            problem = instance.Problem;
        }

        if (!problem.IsOverparameterized)
        {
            context.Warn($"m = {problem.Rows} ≥ N = {problem.Cols}: not overparameterized; solving anyway.");
        }

        return new LoadedProblem(problem, instance, source);
    }

    private static RegressionProblem ReadProblem(string aFile, string? yFile, bool header)
    {
        var (a, rows, cols) = ReadRowMajor(aFile, header);
        var y = yFile is null ? new double[rows] : MatrixFile.ReadVector(yFile, header);
        if (y.Length != rows)
        {
            throw new InvalidProblemException(ProblemError.ShapeMismatch, "y",
                $"{yFile} has {y.Length} entries but {aFile} has {rows} rows (A is {rows}×{cols}).");
        }

        return new RegressionProblem(a, rows, cols, y);
    }

    // A row-major: a .npy matrix straight from its data (one copy of A besides the problem's, not three); anything else,
    // and every .npy that is not a readable 2-D array, through MatrixFile, whose errors name the problem.
    private static (double[] Data, int Rows, int Cols) ReadRowMajor(string path, bool header)
    {
        if (string.Equals(Path.GetExtension(path), ".npy", StringComparison.OrdinalIgnoreCase) && File.Exists(path))
        {
            NpyArray? array = null;
            try
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
                array = NpyFile.ReadArray(stream, path);
            }
            catch (IOException)
            {
                // MatrixFile below reports it.
            }

            if (array is { Rank: 2 })
            {
                return (array.Data, array.Shape[0], array.Shape[1]);
            }
        }

        var a = MatrixFile.ReadMatrix(path, header);
        int rows = a.GetLength(0), cols = a.GetLength(1);
        var data = new double[a.Length];
        Buffer.BlockCopy(a, 0, data, 0, data.Length * sizeof(double));
        return (data, rows, cols);
    }
}

/// <summary>The problem a command works on and where it came from.</summary>
public sealed record LoadedProblem(RegressionProblem Problem, GeneratedInstance? Instance, string Source);
