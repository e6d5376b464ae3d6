using ImplicitL1.Dynamics;

namespace ImplicitL1.Methods;

/// <summary>
/// What one method produced on one problem: status, message, x and its distances to the references that were
/// passed in (null when that reference was not given or is undefined).
/// </summary>
public sealed record MethodOutcome
{
    /// <summary>The method run.</summary>
    public required MethodSpec Method { get; init; }

    /// <summary>The solver's status; use <see cref="SolverStatusExtensions.IsSuccess"/>.</summary>
    public required SolverStatus Status { get; init; }

    /// <summary>The solver's message.</summary>
    public required string Message { get; init; }

    /// <summary>The final x (the solver's best answer also when it failed).</summary>
    public required double[] X { get; init; }

    /// <summary>½‖Ax − y‖².</summary>
    public required double Loss { get; init; }

    /// <summary>‖Ax − y‖₂ on the caller's data.</summary>
    public required double Residual { get; init; }

    /// <summary>Newton iterations (limit), accepted steps (gf) or iterations (gd, sgd).</summary>
    public required long Iterations { get; init; }

    /// <summary>Flow time (gf) or η·iterations (gd, sgd); 0 for the limit.</summary>
    public required double Time { get; init; }

    /// <summary>The step used (gd, sgd); null otherwise.</summary>
    public double? StepSize { get; init; }

    /// <summary>GD's gain per coordinate (<see cref="GradientDescentResult.Gain"/>: u² − v² with D = 2 and u⊙v); null otherwise.</summary>
    public double[]? Gain { get; init; }

    /// <summary>‖x − x_ℓ¹‖₂ when a unique x_ℓ¹ was passed in; else null.</summary>
    public double? DistanceToL1 { get; init; }

    /// <summary>‖x − x∞‖₂ when x∞ was passed in; else null.</summary>
    public double? DistanceToLimit { get; init; }

    /// <summary>‖x − x*‖₂ when the planted x* was passed in; else null.</summary>
    public double? DistanceToXStar { get; init; }

    /// <summary>Checkpoints of gf, gd and sgd with distances to the references passed in; empty for the limit.</summary>
    public IReadOnlyList<TrajectoryPoint> Trajectory { get; init; } = [];
}
