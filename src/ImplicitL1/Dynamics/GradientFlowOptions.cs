namespace ImplicitL1.Dynamics;

/// <summary>Which coordinates gradient flow is integrated in.</summary>
public enum FlowSpace
{
    /// <summary>Mirror coordinates when the parametrization has a link, weights otherwise.</summary>
    Auto,

    /// <summary>The m-dimensional ODE s' = A·L(Aᵀs) − y (docs/theory.md §2). Requires a link.</summary>
    Mirror,

    /// <summary>The weights θ' = −∇_θL directly (Jacobian by central differences; small problems).</summary>
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
    /// (so x is within about its square of x∞). Default 1e-11. 0 turns the test off.
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
    /// Compute x_ℓ¹ (basis pursuit) and x∞ (<see cref="Limit.DualNewton"/>) to report distances. Default true.
    /// </summary>
    public bool ComputeReferences { get; init; } = true;

    /// <summary>Receives every checkpoint as it is recorded (for progress display). Default none.</summary>
    public IProgress<FlowCheckpoint>? Progress { get; init; }
}
