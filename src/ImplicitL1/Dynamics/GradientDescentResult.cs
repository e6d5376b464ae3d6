using System.Globalization;

namespace ImplicitL1.Dynamics;

/// <summary>Outcome of <see cref="GradientDescent.Run"/>. GD is reported apart from GF limits (docs/theory.md §6).</summary>
public sealed record GradientDescentResult
{
    /// <summary>Success on a tolerance, early stopping or wall clock; MaxIterations; Diverged.</summary>
    public required SolverStatus Status { get; init; }

    /// <summary>What happened, with the numbers.</summary>
    public required string Message { get; init; }

    /// <summary>Why it stopped.</summary>
    public required StopReason StopReason { get; init; }

    /// <summary>Final x (the best held-out iterate after early stopping; the last finite one after divergence).</summary>
    public required double[] X { get; init; }

    /// <summary>Weights θ belonging to <see cref="X"/>.</summary>
    public required double[] State { get; init; }

    /// <summary>½‖Ax − y‖² at <see cref="X"/>.</summary>
    public required double Loss { get; init; }

    /// <summary>Iterations taken.</summary>
    public required long Steps { get; init; }

    /// <summary>Equivalent flow time η·Steps.</summary>
    public required double Time { get; init; }

    /// <summary>Wall-clock time of the loop.</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>η used.</summary>
    public required double StepSize { get; init; }

    /// <summary>‖x − x∞‖₂ to the gradient-flow limit, or null.</summary>
    public required double? DistanceToLimit { get; init; }

    /// <summary>‖x − x_ℓ¹‖₂, or null when BP is not unique or references are off.</summary>
    public required double? DistanceToL1 { get; init; }

    /// <summary>Even et al.'s gain per coordinate (balanced D = 2), or null.</summary>
    public required double[]? Gain { get; init; }

    /// <summary>Best held-out loss, or null without held-out data.</summary>
    public required double? HeldOutLoss { get; init; }

    /// <summary>Log-spaced trajectory rows.</summary>
    public required IReadOnlyList<FlowCheckpoint> Trajectory { get; init; }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"status={Status.ToSnakeCase()} stop={StopReason} steps={Steps} eta={StepSize:E3} t={Time:E6} loss={Loss:E6} dist_limit={FlowCheckpoint.Fmt(DistanceToLimit)} dist_l1={FlowCheckpoint.Fmt(DistanceToL1)}");
}
