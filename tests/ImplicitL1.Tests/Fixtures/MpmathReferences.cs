using System.Globalization;
using System.Text.Json;
using ImplicitL1.Problems;

namespace ImplicitL1.Tests.Fixtures;

/// <summary>The 25-digit references written by tests/fixtures/make_mpmath_refs.py (mpmath, dual problem of docs/theory.md §2).</summary>
public static class MpmathReferences
{
    private static readonly Lazy<JsonDocument> Document = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "tests", "ImplicitL1.Tests", "Fixtures", "mpmath_limits.json"))));

    /// <summary>One reference limit.</summary>
    public sealed record Limit(string Instance, double Depth, int Log10Alpha, double[] X, double ErrorL1, double ErrorL2, double ErrorInf);

    /// <summary>One instance with its references.</summary>
    public sealed record Instance(string Name, RegressionProblem Problem, double[] XL1, int[] Support, IReadOnlyList<Limit> Limits);

    /// <summary>One row of the tightness table.</summary>
    public sealed record TightnessRow(double R, double Depth, int Log10Alpha, double X1, double X2, double ErrorL2);

    /// <summary>The instances.</summary>
    public static IReadOnlyList<Instance> Instances() => [.. Document.Value.RootElement.GetProperty("instances").EnumerateArray().Select(e =>
    {
        int rows = e.GetProperty("rows").GetInt32(), cols = e.GetProperty("cols").GetInt32();
        var a = new double[rows, cols];
        var aRows = e.GetProperty("A").EnumerateArray().ToArray();
        for (int i = 0; i < rows; i++)
        {
            var r = aRows[i].EnumerateArray().ToArray();
            for (int j = 0; j < cols; j++)
            {
                a[i, j] = r[j].GetDouble();
            }
        }

        string name = e.GetProperty("name").GetString()!;
        var limits = e.GetProperty("limits").EnumerateArray().Select(l => new Limit(name, l.GetProperty("depth").GetDouble(),
            l.GetProperty("log10_alpha").GetInt32(), [.. l.GetProperty("x").EnumerateArray().Select(Parse)],
            Parse(l.GetProperty("error_l1")), Parse(l.GetProperty("error_l2")), Parse(l.GetProperty("error_inf")))).ToArray();
        return new Instance(name, new RegressionProblem(a, [.. e.GetProperty("y").EnumerateArray().Select(v => v.GetDouble())]),
            [.. e.GetProperty("x_l1").EnumerateArray().Select(v => v.GetDouble())],
            [.. e.GetProperty("support").EnumerateArray().Select(v => v.GetInt32())], limits);
    })];

    /// <summary>The tightness table rows.</summary>
    public static IReadOnlyList<TightnessRow> Tightness() => [.. Document.Value.RootElement.GetProperty("tightness").EnumerateArray().Select(t =>
        new TightnessRow(t.GetProperty("r").GetDouble(), t.GetProperty("depth").GetDouble(), t.GetProperty("log10_alpha").GetInt32(),
            Parse(t.GetProperty("x1")), Parse(t.GetProperty("x2")), Parse(t.GetProperty("error_l2"))))];

    private static double Parse(JsonElement e) => double.Parse(e.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ImplicitL1.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("ImplicitL1.slnx not found above " + AppContext.BaseDirectory);
    }
}
