using ImplicitL1.Cli.Plots;
using ImplicitL1.Experiments.Claims;
using ImplicitL1.Sweeps;

namespace ImplicitL1.Cli.Reproduce;

/// <summary>The folder DIR/&lt;claim&gt;/ of one experiment: records the figures and CSV files written there.</summary>
public sealed class ClaimOutput
{
    private readonly List<string> _figures = [];
    private readonly List<string> _data = [];

    /// <summary>Creates (if needed) the claim folder.</summary>
    public ClaimOutput(string directory, bool quick)
    {
        Directory = directory;
        Quick = quick;
        System.IO.Directory.CreateDirectory(directory);
    }

    /// <summary>The claim folder.</summary>
    public string Directory { get; }

    /// <summary>Small sizes (CI, README).</summary>
    public bool Quick { get; }

    /// <summary>Figure stems written.</summary>
    public IReadOnlyList<string> Figures => _figures;

    /// <summary>CSV files written.</summary>
    public IReadOnlyList<string> DataFiles => _data;

    /// <summary>Writes <c>stem.png</c> and <c>stem.svg</c>.</summary>
    public void Save(Figure figure, string stem)
    {
        ArgumentNullException.ThrowIfNull(figure);
        figure.Save(Path.Combine(Directory, stem));
        _figures.Add(stem);
    }

    /// <summary>rows[i] = evaluate(points[i]) on the sweep engine (results independent of the thread count).</summary>
    public static TRow[] Map<TPoint, TRow>(IReadOnlyList<TPoint> points, Func<TPoint, TRow> evaluate) => SweepRunner.Map(points, evaluate);

    /// <summary>The summary of a claim: the library's verdict plus what was written here.</summary>
    public ClaimSummary Summary(ClaimInfo info, ClaimVerdict verdict, DataTable table, IReadOnlyList<long> seeds,
        params KeyValuePair<string, string>[] parameters) => new()
        {
            Info = info,
            Verdict = verdict,
            Parameters = parameters,
            Seeds = seeds,
            Table = table,
            Figures = Figures,
            DataFiles = DataFiles,
        };

    /// <summary>Writes <c>table.Name.csv</c>.</summary>
    public void Write(DataTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        File.WriteAllText(Path.Combine(Directory, table.Name + ".csv"), table.ToCsv());
        _data.Add(table.Name + ".csv");
    }
}

/// <summary>One claim of docs/theory.md §7 as an experiment: grid points, a pure evaluator, analysis.</summary>
public interface IClaimExperiment
{
    /// <summary>CLI name.</summary>
    string Name { get; }

    /// <summary>One-line description for --help and the report.</summary>
    string Title { get; }

    /// <summary>Runs the experiment, writing data and figures into <paramref name="output"/>.</summary>
    ClaimSummary Run(ClaimOutput output);
}
