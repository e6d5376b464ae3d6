namespace ImplicitL1;

/// <summary>
/// Outcome of a numerical solver. A status is never an exception: every solver returns one and still reports
/// its best answer. Use <see cref="SolverStatusExtensions.IsSuccess"/> rather than comparing with
/// <see cref="Success"/>.
/// </summary>
public enum SolverStatus
{
    /// <summary>Converged to the requested tolerance and the answer was verified. Counts as success.</summary>
    Success,

    /// <summary>
    /// Basis pursuit has more than one minimizer (ϱ = 1 or A_S not injective). A minimizer is still reported;
    /// anything defined relative to "the" ℓ¹ solution is undefined. Counts as success.
    /// </summary>
    NotUnique,

    /// <summary>
    /// Float64 cannot resolve the answer at this α (e.g. 1 − |w| below machine precision for D ≥ 3, or an error
    /// below the accuracy the data allow). The last reliable iterate is reported. Not a success.
    /// </summary>
    PrecisionExhausted,

    /// <summary>The iteration budget ran out before the tolerance was met. Not a success: raise the budget.</summary>
    MaxIterations,

    /// <summary>The constraints cannot be met (y is not in the range of A). Not a success.</summary>
    Infeasible,

    /// <summary>The iteration diverged (loss growth or non-finite values). Not a success: lower the step.</summary>
    Diverged,

    /// <summary>
    /// The backend reported success but the answer failed verification (residual, certificate or duality gap),
    /// or the backend failed. The message names the check and the backend's own code. Not a success.
    /// </summary>
    NumericalTrouble,

    /// <summary>The wall-clock budget of the options ran out. The last state is reported. Not a success.</summary>
    TimeLimit,

    /// <summary>Cancelled by the caller (the options' cancellation token, e.g. Ctrl-C). The last state is reported. Not a success.</summary>
    Cancelled,
}

/// <summary>Helpers for <see cref="SolverStatus"/>.</summary>
public static class SolverStatusExtensions
{
    /// <summary>True for <see cref="SolverStatus.Success"/> and <see cref="SolverStatus.NotUnique"/>.</summary>
    public static bool IsSuccess(this SolverStatus status) =>
        status is SolverStatus.Success or SolverStatus.NotUnique;

    /// <summary>snake_case name used in JSON and CSV output.</summary>
    public static string ToSnakeCase(this SolverStatus status) => status switch
    {
        SolverStatus.Success => "success",
        SolverStatus.NotUnique => "not_unique",
        SolverStatus.PrecisionExhausted => "precision_exhausted",
        SolverStatus.MaxIterations => "max_iterations",
        SolverStatus.Infeasible => "infeasible",
        SolverStatus.Diverged => "diverged",
        SolverStatus.TimeLimit => "time_limit",
        SolverStatus.Cancelled => "cancelled",
        _ => "numerical_trouble",
    };
}
