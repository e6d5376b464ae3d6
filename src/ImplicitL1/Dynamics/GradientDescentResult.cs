using System.Globalization;

namespace ImplicitL1.Dynamics;

/// <summary>Outcome of <see cref="GradientDescent.Solve"/>. GD is reported apart from GF limits (docs/theory.md §6).</summary>
public sealed record GradientDescentResult
{
    /// <summary>Success on a tolerance or early stopping; MaxIterations; TimeLimit; Cancelled; Diverged.</summary>
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

    /// <summary>
    /// Work: Iterations = steps taken (after divergence including the step that diverged), FunctionEvaluations =
    /// full-loss evaluations beyond the free one of each full-batch step, WallTime = the loop's wall-clock time.
    /// </summary>
    public required SolverStats Stats { get; init; }

    /// <summary>The iteration k that produced <see cref="X"/> (the best held-out one after early stopping, the last finite one after divergence).</summary>
    public required long Iteration { get; init; }

    /// <summary>Equivalent flow time η·<see cref="Iteration"/> of <see cref="X"/>.</summary>
    public required double Time { get; init; }

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

    /// <summary>Log-spaced trajectory points.</summary>
    public required Trajectory Trajectory { get; init; }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"status={Status.ToSnakeCase()} stop={StopReason} iterations={Stats.Iterations} iteration={Iteration} eta={StepSize:E3} t={Time:E6} loss={Loss:E6} dist_limit={TrajectoryPoint.Fmt(DistanceToLimit)} dist_l1={TrajectoryPoint.Fmt(DistanceToL1)}");
}
