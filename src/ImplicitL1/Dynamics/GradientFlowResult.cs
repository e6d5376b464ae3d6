using System.Globalization;

namespace ImplicitL1.Dynamics;

/// <summary>Outcome of <see cref="GradientFlow.Solve"/>.</summary>
public sealed record GradientFlowResult
{
    /// <summary>
    /// Success when it stopped at x∞ (a verified stationary point), the loss tolerance, the limit tolerance or the
    /// horizon; MaxIterations, TimeLimit, Cancelled or NumericalTrouble otherwise.
    /// </summary>
    public required SolverStatus Status { get; init; }

    /// <summary>What happened, with the numbers.</summary>
    public required string Message { get; init; }

    /// <summary>
    /// Work: Iterations = accepted steps, FunctionEvaluations = right-hand-side evaluations, MatrixEvaluations =
    /// Jacobian evaluations (one weighted Gram or N difference pairs each), WallTime.
    /// </summary>
    public required SolverStats Stats { get; init; }

    /// <summary>Why it stopped.</summary>
    public required StopReason StopReason { get; init; }

    /// <summary>The coordinates integrated in.</summary>
    public required FlowSpace Space { get; init; }

    /// <summary>x at the final time.</summary>
    public required double[] X { get; init; }

    /// <summary>Final ODE state: s = ∫(Ax − y) in mirror space, the weights θ in weight space.</summary>
    public required double[] State { get; init; }

    /// <summary>Final loss ½‖Ax − y‖².</summary>
    public required double Loss { get; init; }

    /// <summary>Rejected steps (error too large or a stage outside the link's domain).</summary>
    public required long RejectedSteps { get; init; }

    /// <summary>Final flow time t.</summary>
    public required double Time { get; init; }

    /// <summary>x∞ passed in <see cref="GradientFlowOptions.References"/>, or null.</summary>
    public required double[]? Limit { get; init; }

    /// <summary>‖x − x∞‖₂ at the end, or null without a reference x∞.</summary>
    public required double? DistanceToLimit { get; init; }

    /// <summary>‖x − x_ℓ¹‖₂ at the end, or null without a reference x_ℓ¹.</summary>
    public required double? DistanceToL1 { get; init; }

    /// <summary>Log-spaced points, then the final point.</summary>
    public required Trajectory Trajectory { get; init; }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"status={Status.ToSnakeCase()} stop={StopReason} space={Space} steps={Stats.Iterations} rejected={RejectedSteps} t={Time:E6} loss={Loss:E6} dist_limit={TrajectoryPoint.Fmt(DistanceToLimit)} dist_l1={TrajectoryPoint.Fmt(DistanceToL1)}");
}
