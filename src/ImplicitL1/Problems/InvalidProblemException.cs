namespace ImplicitL1.Problems;

/// <summary>Why (A, y) cannot form a regression problem.</summary>
public enum ProblemError
{
    /// <summary>A or y holds NaN or ±∞.</summary>
    NonFinite,

    /// <summary>The shapes of A and y do not match, or A is empty.</summary>
    ShapeMismatch,
}

/// <summary>Thrown when (A, y) is misuse rather than a numerical outcome; the message names the argument.</summary>
public sealed class InvalidProblemException(ProblemError error, string paramName, string message)
    : ArgumentException(message, paramName)
{
    /// <summary>What is wrong.</summary>
    public ProblemError Error { get; } = error;
}
