namespace ImplicitL1.Sweeps;

/// <summary>
/// A sweep spec that cannot be used: invalid JSON, an unknown key, a wrong type, an empty list, a value out of range.
/// The message reads "file:line: key: what is wrong" (syntax errors: "file:line:column: what is wrong").
/// </summary>
public sealed class SweepSpecException(string fileName, int line, string? key, string problem, int? column = null)
    : Exception($"{fileName}:{line}{(column is int c ? ":" + c.ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty)}: {(key is null ? string.Empty : key + ": ")}{problem}")
{
    /// <summary>1-based column of a syntax error (null for errors that name a key).</summary>
    public int? Column { get; } = column;

    /// <summary>The spec's file name as given to the parser.</summary>
    public string FileName { get; } = fileName;

    /// <summary>1-based line of the offending key or value.</summary>
    public int Line { get; } = line;

    /// <summary>Dotted path of the offending key ("method.alpha"), or null for a syntax error.</summary>
    public string? Key { get; } = key;
}
