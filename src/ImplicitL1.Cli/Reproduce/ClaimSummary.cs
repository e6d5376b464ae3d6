using ImplicitL1.Experiments.Claims;

namespace ImplicitL1.Cli.Reproduce;

/// <summary>What one claim's experiment measured (the library's verdict) and what the CLI wrote for it.</summary>
public sealed record ClaimSummary
{
    /// <summary>Name, number, title and statement of the claim.</summary>
    public required ClaimInfo Info { get; init; }

    /// <summary>The library's verdict on the rows.</summary>
    public required ClaimVerdict Verdict { get; init; }

    /// <summary>Problem and method parameters (name → text).</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Parameters { get; init; }

    /// <summary>Seeds used.</summary>
    public required IReadOnlyList<long> Seeds { get; init; }

    /// <summary>Summary table shown in the report (also written as CSV).</summary>
    public required DataTable Table { get; init; }

    /// <summary>Figure file stems inside the claim folder (each has .png and .svg).</summary>
    public required IReadOnlyList<string> Figures { get; init; }

    /// <summary>CSV files written (names inside the claim folder).</summary>
    public required IReadOnlyList<string> DataFiles { get; init; }

    /// <summary>Wall time of the experiment in seconds.</summary>
    public double ElapsedSeconds { get; init; }

    /// <summary>Claim name (the CLI argument), e.g. "rate-d2".</summary>
    public string Claim => Info.Name;

    /// <summary>Number of the claim in docs/theory.md §7 (0 for claims beyond that list).</summary>
    public int TheoryNumber => Info.TheoryNumber;

    /// <summary>One-line title.</summary>
    public string Title => Info.Title;

    /// <summary>The statement tested, with its [paper]/[reconstructed] tags.</summary>
    public string Statement => Info.Statement;

    /// <summary>Label of the statement.</summary>
    public ClaimLabel Label => Verdict.Label;

    /// <summary>What <see cref="Measured"/> is.</summary>
    public string MeasuredName => Verdict.MeasuredName;

    /// <summary>The headline measured number.</summary>
    public double Measured => Verdict.Measured;

    /// <summary>What the claim predicts, with the tolerance used.</summary>
    public string Expected => Verdict.Expected;

    /// <summary>True only when the measurement supports the claim.</summary>
    public bool Holds => Verdict.Holds;

    /// <summary>Further measured numbers.</summary>
    public IReadOnlyList<KeyValuePair<string, object>> Details => Verdict.Details;

    /// <summary>"paper" or "reconstructed".</summary>
    public string LabelText => Verdict.LabelText;
}
