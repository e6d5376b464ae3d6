namespace ImplicitL1.Dynamics;

/// <summary>Which coordinates gradient flow is integrated in.</summary>
public enum FlowSpace
{
    /// <summary>Mirror coordinates when the parametrization has a link, weights otherwise.</summary>
    Auto,

    /// <summary>The m-dimensional ODE s' = A·L(Aᵀs) − y (docs/theory.md §2). Requires a link.</summary>
    Mirror,

    /// <summary>The weights θ' = −∇_θL directly (analytic Jacobian −∇²_θL, (L·N)² entries: small problems).</summary>
    Weights,
}

/// <summary>Options of <see cref="GradientFlow"/>. Time t is the flow's own time (u' = −D u^{D−1}g).</summary>
public sealed record GradientFlowOptions
{
    /// <summary>Final time T. Default +∞ (stop on convergence or the step budget). Must be greater than 0.</summary>
    public double Horizon { get; init; } = double.PositiveInfinity;

    /// <summary>Coordinates to integrate in. Default <see cref="FlowSpace.Auto"/>.</summary>
    public FlowSpace Space { get; init; } = FlowSpace.Auto;

    /// <summary>Relative local error tolerance of the Rosenbrock integrator (trajectory accuracy only: the steady state is exact). Default 1e-6. Must be in (0, 1).</summary>
    public double RelativeTolerance { get; init; } = 1e-6;

    /// <summary>Absolute local error tolerance (units of the state). Default 1e-9. Must be greater than 0.</summary>
    public double AbsoluteTolerance { get; init; } = 1e-9;

    /// <summary>Stop when L = ½‖Ax − y‖² ≤ this. Default 0 (off: run to x∞ instead).</summary>
    public double LossTolerance { get; init; }

    /// <summary>
    /// Mirror space: stop when a Newton step on the steady state would move x by at most this times max(1, ‖x‖∞)
    /// (so x is within about its square of x∞), provided the step is verified: the residual must be consistent with
    /// it, ‖Ax − y‖₂ ≤ 10·‖A‖_F·√N·(step) + 64ε(‖A‖_F‖x‖₂ + ‖y‖₂), so a step from a numerically singular Jacobian (a
    /// saddle at tiny α) never counts as convergence. Default 1e-11. 0 turns the test off.
    /// </summary>
    public double StationaryTolerance { get; init; } = 1e-11;

    /// <summary>Stop when ‖x − x∞‖₂ ≤ this (needs a known limit). Default 0 (off).</summary>
    public double LimitTolerance { get; init; }

    /// <summary>Accepted-step budget. Default 100 000. Must be greater than 0.</summary>
    public int MaxSteps { get; init; } = 100_000;

    /// <summary>First checkpoint time. Default 1e-3. Must be greater than 0.</summary>
    public double FirstCheckpoint { get; init; } = 1e-3;

    /// <summary>Log-spaced checkpoints per decade of t. Default 4. Must be greater than 0.</summary>
    public int CheckpointsPerDecade { get; init; } = 4;

    /// <summary>Extra checkpoint times (exact, added to the log-spaced ones). Default none.</summary>
    public IReadOnlyList<double> CheckpointTimes { get; init; } = [];

    /// <summary>
    /// x_ℓ¹ and/or x∞ to report distances to (e.g. <see cref="Dynamics.References.Compute"/>). Default null: no
    /// distances. Never computed by the solver.
    /// </summary>
    public References? References { get; init; }

    /// <summary>Wall-clock budget; when it runs out the run stops with <see cref="SolverStatus.TimeLimit"/>. Default null (none). Must be positive.</summary>
    public TimeSpan? WallClockBudget { get; init; }

    /// <summary>Receives a <see cref="SolverProgress"/> (stage "gf") at every checkpoint. Default none.</summary>
    public IProgress<SolverProgress>? Progress { get; init; }

    /// <summary>Stops the run with <see cref="SolverStatus.Cancelled"/> and the last state. Default none.</summary>
    public CancellationToken Cancellation { get; init; }
}
