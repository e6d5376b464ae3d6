namespace ImplicitL1.IO;

/// <summary>Which way a data file is unusable; the CLI maps each kind to its own exit code.</summary>
public enum DataErrorKind
{
    /// <summary>The file cannot be opened or read.</summary>
    Unreadable,

    /// <summary>The file is truncated or its header/contents are malformed.</summary>
    Corrupt,

    /// <summary>The file is well-formed but holds a type this library does not read (int, complex, big-endian…).</summary>
    UnsupportedType,

    /// <summary>The values are unusable (NaN/Inf, wrong shape).</summary>
    InvalidValues,
}

/// <summary>A data file or array that cannot be used, with a one-line message naming the file and the reason.</summary>
public sealed class DataFormatException(DataErrorKind kind, string message) : Exception(message)
{
    /// <summary>What is wrong with the data.</summary>
    public DataErrorKind Kind { get; } = kind;
}
