namespace ImplicitL1.Dynamics;

/// <summary>Why a gradient flow or descent run stopped.</summary>
public enum StopReason
{
    /// <summary>GF: the Newton step on the mirror ODE's steady state changes x by less than the tolerance (x∞ reached).</summary>
    Stationary,

    /// <summary>The loss fell to the loss tolerance.</summary>
    LossTolerance,

    /// <summary>‖x − x∞‖₂ fell to the limit tolerance (x∞ from <see cref="Limit.DualNewton"/>).</summary>
    LimitReached,

    /// <summary>The time horizon was reached.</summary>
    Horizon,

    /// <summary>GD: ‖g‖₂ = ‖Aᵀ(Ax − y)‖₂ fell to the gradient tolerance.</summary>
    GradientTolerance,

    /// <summary>The step or iteration budget ran out.</summary>
    IterationBudget,

    /// <summary>The wall-clock budget ran out (status <see cref="SolverStatus.TimeLimit"/>).</summary>
    WallClock,

    /// <summary>The options' cancellation token was cancelled (status <see cref="SolverStatus.Cancelled"/>); the last state is returned.</summary>
    Cancelled,

    /// <summary>GD: the held-out loss stopped improving for the patience window; the best iterate is returned.</summary>
    EarlyStopping,

    /// <summary>The loss grew by the divergence factor or became non-finite; the last finite state is returned.</summary>
    Diverged,

    /// <summary>GF: the step size underflowed (the integrator could not make progress).</summary>
    StepSizeUnderflow,
}
