namespace ImplicitL1.Cli.Reproduce;

/// <summary>Whether a claim is in the paper's abstract or our own derivation (docs/theory.md labels).</summary>
public enum ClaimLabel
{
    /// <summary>Stated in the abstract of arXiv 2506.01143.</summary>
    Paper,

    /// <summary>Derived by us (docs/theory.md [reconstructed]); never presented as the paper's theorem.</summary>
    Reconstructed,
}

/// <summary>What one claim's experiment measured, and whether that supports the claim.</summary>
public sealed record ClaimSummary
{
    /// <summary>Claim name (the CLI argument), e.g. "rate-d2".</summary>
    public required string Claim { get; init; }

    /// <summary>Number of the claim in docs/theory.md §7 (0 for claims beyond that list).</summary>
    public required int TheoryNumber { get; init; }

    /// <summary>One-line title.</summary>
    public required string Title { get; init; }

    /// <summary>The statement tested, with its [paper]/[reconstructed] tags.</summary>
    public required string Statement { get; init; }

    /// <summary>Label of the statement.</summary>
    public required ClaimLabel Label { get; init; }

    /// <summary>What <see cref="Measured"/> is.</summary>
    public required string MeasuredName { get; init; }

    /// <summary>The headline measured number (NaN when nothing could be measured).</summary>
    public required double Measured { get; init; }

    /// <summary>What the claim predicts for <see cref="Measured"/>, with the tolerance used.</summary>
    public required string Expected { get; init; }

    /// <summary>True only when the measurement supports the claim.</summary>
    public required bool Holds { get; init; }

    /// <summary>Further measured numbers (name → double, double[], int, bool or string).</summary>
    public required IReadOnlyList<KeyValuePair<string, object>> Details { get; init; }

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

    /// <summary>"paper" or "reconstructed".</summary>
    public string LabelText => Label == ClaimLabel.Paper ? "paper" : "reconstructed";
}
