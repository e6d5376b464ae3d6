using System.Globalization;

namespace ImplicitL1.Dynamics;

/// <summary>One recorded point of a trajectory.</summary>
public sealed record FlowCheckpoint
{
    /// <summary>Flow time t (GD: η·k).</summary>
    public required double Time { get; init; }

    /// <summary>t divided by <see cref="Parametrization.TimeScale"/> (t/log(1/α) for D = 2).</summary>
    public required double RescaledTime { get; init; }

    /// <summary>Accepted integrator steps (GD: iterations) so far.</summary>
    public required long Steps { get; init; }

    /// <summary>½‖Ax − y‖².</summary>
    public required double Loss { get; init; }

    /// <summary>x at this time (a copy).</summary>
    public required double[] X { get; init; }

    /// <summary>‖x − x_ℓ¹‖₂; null when BP is not unique or references are off.</summary>
    public required double? DistanceToL1 { get; init; }

    /// <summary>‖x − x∞‖₂; null when the limit is unknown or references are off.</summary>
    public required double? DistanceToLimit { get; init; }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"t={Time:E6} t_rescaled={RescaledTime:E6} steps={Steps} loss={Loss:E6} dist_l1={Fmt(DistanceToL1)} dist_limit={Fmt(DistanceToLimit)}");

    internal static string Fmt(double? value) =>
        value is double v ? v.ToString("E6", CultureInfo.InvariantCulture) : "null";
}

/// <summary>Outcome of <see cref="GradientFlow.Solve"/>.</summary>
public sealed record GradientFlowResult
{
    /// <summary>Success when it stopped at x∞, the loss tolerance, the limit tolerance or the horizon.</summary>
    public required SolverStatus Status { get; init; }

    /// <summary>What happened, with the numbers.</summary>
    public required string Message { get; init; }

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

    /// <summary>Accepted steps.</summary>
    public required long Steps { get; init; }

    /// <summary>Rejected steps (error too large or a stage outside the link's domain).</summary>
    public required long RejectedSteps { get; init; }

    /// <summary>Final flow time t.</summary>
    public required double Time { get; init; }

    /// <summary>x∞ from <see cref="Limit.DualNewton"/>, or null.</summary>
    public required double[]? Limit { get; init; }

    /// <summary>‖x − x∞‖₂ at the end, or null.</summary>
    public required double? DistanceToLimit { get; init; }

    /// <summary>‖x − x_ℓ¹‖₂ at the end, or null when BP is not unique or references are off.</summary>
    public required double? DistanceToL1 { get; init; }

    /// <summary>Log-spaced checkpoints, then the final point.</summary>
    public required IReadOnlyList<FlowCheckpoint> Checkpoints { get; init; }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"status={Status.ToSnakeCase()} stop={StopReason} space={Space} steps={Steps} rejected={RejectedSteps} t={Time:E6} loss={Loss:E6} dist_limit={FlowCheckpoint.Fmt(DistanceToLimit)} dist_l1={FlowCheckpoint.Fmt(DistanceToL1)}");
}
