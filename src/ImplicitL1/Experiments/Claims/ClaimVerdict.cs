using System.Globalization;

namespace ImplicitL1.Experiments.Claims;

/// <summary>Whether a claim is in the paper's abstract or our own derivation (docs/theory.md labels).</summary>
public enum ClaimLabel
{
    /// <summary>Stated in the abstract of arXiv 2506.01143.</summary>
    Paper,

    /// <summary>Derived by us (docs/theory.md [reconstructed]); never presented as the paper's theorem.</summary>
    Reconstructed,
}

/// <summary>
/// What a claim's <c>Analyze(rows)</c> concluded: whether the rows support the claim, the headline measured number,
/// what was expected (with the tolerance used), the label and further measured numbers. A pure function of the rows.
/// </summary>
public sealed record ClaimVerdict
{
    /// <summary>True only when every row succeeded and the measurement supports the claim.</summary>
    public required bool Holds { get; init; }

    /// <summary>The headline measured number (NaN when nothing could be measured).</summary>
    public required double Measured { get; init; }

    /// <summary>What <see cref="Measured"/> is.</summary>
    public required string MeasuredName { get; init; }

    /// <summary>What the claim predicts for <see cref="Measured"/>, with the tolerance used.</summary>
    public required string Expected { get; init; }

    /// <summary>Label of the statement.</summary>
    public required ClaimLabel Label { get; init; }

    /// <summary>Further measured numbers (name → double, double[], int, bool or string).</summary>
    public required IReadOnlyList<KeyValuePair<string, object>> Details { get; init; }

    /// <summary>"paper" or "reconstructed".</summary>
    public string LabelText => Label == ClaimLabel.Paper ? "paper" : "reconstructed";

    /// <summary>Number of rows that failed (non-success status or a missing number); any makes the claim fail.</summary>
    public int FailedRows { get; init; }

    /// <summary>The value of detail <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such detail.</exception>
    public object Detail(string name)
    {
        foreach (var (key, value) in Details)
        {
            if (key == name)
            {
                return value;
            }
        }

        throw new KeyNotFoundException($"no detail '{name}'.");
    }

    /// <summary>"holds" or "does not hold".</summary>
    public string VerdictText => Holds ? "holds" : "does not hold";

    /// <summary>A detail value as text: numbers in short round-trip form, booleans as true/false, arrays bracketed.</summary>
    public static string DetailText(object value) => value switch
    {
        bool b => b ? "true" : "false",
        double d => d.ToString("G4", CultureInfo.InvariantCulture),
        double[] a => "[" + string.Join(", ", a.Select(x => x.ToString("G4", CultureInfo.InvariantCulture))) + "]",
        string[] a => "[" + string.Join(", ", a) + "]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}

/// <summary>A claim's identity: CLI name, number in docs/theory.md §7 (0 beyond it), title and statement with its tags.</summary>
public sealed record ClaimInfo(string Name, int TheoryNumber, string Title, string Statement);

/// <summary>Counting helpers shared by the claims' Analyze functions.</summary>
internal static class ClaimRows
{
    /// <summary>True when a status (snake_case or enum) counts as success: success or not_unique.</summary>
    public static bool Succeeded(string status) => status is "success" or "not_unique";

    /// <summary>A verdict's details with the row counts first: rows, failed_rows.</summary>
    public static KeyValuePair<string, object>[] Counts(int rows, int failed) =>
        [new("rows", rows), new("failed_rows", failed)];
}
