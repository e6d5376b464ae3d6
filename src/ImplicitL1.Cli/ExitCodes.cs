namespace ImplicitL1.Cli;

/// <summary>Process exit codes of implicit-l1: one per class of failure.</summary>
public static class ExitCodes
{
    /// <summary>Finished; per-result statuses are in the output.</summary>
    public const int Ok = 0;

    /// <summary>An unexpected internal error (a bug: please report it).</summary>
    public const int Internal = 1;

    /// <summary>Command line misuse: unknown command or option, missing value, conflicting options.</summary>
    public const int Usage = 2;

    /// <summary>An option value out of range: α ≤ 0, D &lt; 2, m &lt; 1, s &gt; N, …</summary>
    public const int InvalidValue = 3;

    /// <summary>A data file does not exist or cannot be read.</summary>
    public const int Unreadable = 4;

    /// <summary>A data file is truncated or malformed.</summary>
    public const int Corrupt = 5;

    /// <summary>A data file holds an unsupported type (int, complex, big-endian) or has an unknown extension.</summary>
    public const int UnsupportedType = 6;

    /// <summary>A or y holds NaN or ±∞.</summary>
    public const int NonFinite = 7;

    /// <summary>A and y have incompatible shapes.</summary>
    public const int ShapeMismatch = 8;

    /// <summary>y is not in the range of A: basis pursuit and the limit are infeasible.</summary>
    public const int Infeasible = 9;

    /// <summary>A solver failed its own verification (numerical trouble).</summary>
    public const int NumericalFailure = 10;

    /// <summary>
    /// A sweep database that does not belong: made by a different spec (sweep, merge), or an SQLite database that is
    /// not a sweep database.
    /// </summary>
    public const int DatabaseMismatch = 11;

    /// <summary>An output file (sweep database, CSV) or its folder cannot be created or written.</summary>
    public const int Unwritable = 12;

    /// <summary>
    /// A solver stopped before it finished: its iteration or wall-clock budget ran out, or it was cancelled
    /// (max_iterations, time_limit, cancelled). The last state is still printed.
    /// </summary>
    public const int Stopped = 13;

    /// <summary>
    /// The one mapping from a solver status to the process exit code, used by every command: success and not_unique
    /// → 0; infeasible → 9; max_iterations, time_limit, cancelled → 13; precision_exhausted, diverged,
    /// numerical_trouble → 10.
    /// </summary>
    public static int ForStatus(SolverStatus status) => status switch
    {
        SolverStatus.Success or SolverStatus.NotUnique => Ok,
        SolverStatus.Infeasible => Infeasible,
        SolverStatus.MaxIterations or SolverStatus.TimeLimit or SolverStatus.Cancelled => Stopped,
        _ => NumericalFailure,
    };

    /// <summary>
    /// The exit code of a command that prints several results (one per α, say): 0 when every status is a success,
    /// else <see cref="ForStatus"/> of the first one that is not. Call it after printing everything.
    /// </summary>
    public static int ForStatuses(IEnumerable<SolverStatus> statuses) =>
        ForStatus(statuses.FirstOrDefault(s => !s.IsSuccess(), SolverStatus.Success));
}

/// <summary>A command-line failure with its exit code and one-line message.</summary>
public sealed class CliException(int exitCode, string message) : Exception(message)
{
    /// <summary>The process exit code.</summary>
    public int ExitCode { get; } = exitCode;
}
