namespace ImplicitL1.Sweeps;

/// <summary>Why a sweep database cannot be used.</summary>
public enum SweepDatabaseError
{
    /// <summary>The file does not exist (when one is required) or cannot be read.</summary>
    Missing,

    /// <summary>The file is not an SQLite database, or SQLite reports it corrupt (quick_check fails).</summary>
    Corrupt,

    /// <summary>A valid SQLite database without the sweep tables (another program's database).</summary>
    NotASweep,

    /// <summary>A sweep database made by a different spec (its grid hash differs).</summary>
    SpecMismatch,

    /// <summary>The file or its folder cannot be created or written.</summary>
    Unwritable,
}

/// <summary>A sweep database that cannot be opened or written; the message names the file and says what to do.</summary>
public sealed class SweepDatabaseException(SweepDatabaseError error, string path, string message, Exception? inner = null)
    : Exception($"{path}: {message}", inner)
{
    /// <summary>The class of failure.</summary>
    public SweepDatabaseError Error { get; } = error;

    /// <summary>The database file.</summary>
    public string Path { get; } = path;
}
