using System.Globalization;

namespace ImplicitL1.Sweeps;

/// <summary>
/// CSV export of a sweep: one line per stored row, sorted by point key (ordinal), '\n' line endings, numbers in
/// round-trip form, empty cells for null, the point's parameters beside its results. Text cells (status words,
/// keys) hold no commas or quotes; the solver message is not exported (it is in the database).
/// </summary>
public static class SweepCsv
{
    /// <summary>Column names, in order; elapsed_s (last) is left out when timing is excluded.</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        "key", "index", "design", "m", "n", "s", "noise", "seed", "correlation", "amplitudes", "parametrization",
        "solver", "depth", "alpha", "step_size", "bp_status", "varrho", "status", "error_to_l1", "error_to_xstar",
        "error_to_limit", "iterations", "residual", "elapsed_s",
    ];

    /// <summary>Writes <paramref name="rows"/> of a database made by <paramref name="spec"/>.</summary>
    /// <exception cref="ArgumentException">A row's key is not a point of the spec.</exception>
    public static void Write(TextWriter writer, SweepSpec spec, IEnumerable<SweepRow> rows, bool includeTiming = true)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(rows);
        var points = spec.Points.ToDictionary(p => p.Key, StringComparer.Ordinal);
        var columns = includeTiming ? Columns : Columns.Take(Columns.Count - 1);
        writer.Write(string.Join(',', columns) + "\n");
        foreach (var row in rows.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            if (!points.TryGetValue(row.Key, out var p))
            {
                throw new ArgumentException($"Row key '{row.Key}' is not a point of the spec.", nameof(rows));
            }

            var cells = new List<string>
            {
                row.Key, Int(row.Index), SweepPoint.Name(p.Design), Int(p.M), Int(p.N), Int(p.S), Num(p.Noise), Int(p.Seed),
                p.Design == Problems.Design.Correlated ? Num(p.Correlation) : string.Empty, SweepPoint.Name(p.Amplitudes),
                p.Parametrization, SweepPoint.Name(p.Solver), Num(p.Depth), Num(p.Alpha),
                p.Solver == SweepSolver.Gd ? (p.StepSize is double eta ? Num(eta) : "auto") : string.Empty,
                row.BpStatus, Num(row.Varrho), row.Status, Num(row.ErrorToL1), Num(row.ErrorToXStar), Num(row.ErrorToLimit),
                Int(row.Iterations), Num(row.Residual),
            };
            if (includeTiming)
            {
                cells.Add(Num(row.ElapsedSeconds));
            }

            writer.Write(string.Join(',', cells) + "\n");
        }
    }

    private static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Num(double? value) => value switch
    {
        null => string.Empty,
        double v when double.IsNaN(v) => "nan",
        double v when double.IsInfinity(v) => v > 0 ? "inf" : "-inf",
        double v => v.ToString("R", CultureInfo.InvariantCulture),
    };
}
