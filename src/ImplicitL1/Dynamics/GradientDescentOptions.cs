using ImplicitL1.Problems;

namespace ImplicitL1.Dynamics;

/// <summary>Options of <see cref="GradientDescent"/> (GD, mini-batch SGD, label-noise GD).</summary>
public sealed record GradientDescentOptions
{
    /// <summary>
    /// Step η. Default null: the safe step SafetyFactor/(κ‖A‖₂²), κ = D²·X^{2−2/D} with X = max(‖x(0)‖∞, ‖A⁺y‖₁)
    /// (an upper bound on ‖x_ℓ¹‖∞) and ‖A‖₂ by power iteration (docs/theory.md §6). Must be finite and &gt; 0.
    /// </summary>
    public double? StepSize { get; init; }

    /// <summary>Factor of the automatic step. Default 0.5. Must be in (0, 2].</summary>
    public double SafetyFactor { get; init; } = 0.5;

    /// <summary>Rows per step (uniform without replacement, gradient scaled by m/B). Default null: full batch. In [1, m].</summary>
    public int? BatchSize { get; init; }

    /// <summary>Standard deviation δ of N(0, δ²) noise added to y at every step (label-noise GD). Default 0. ≥ 0.</summary>
    public double LabelNoise { get; init; }

    /// <summary>Seed of sampling and label noise (<see cref="SeededRandom"/>). Default 0.</summary>
    public long Seed { get; init; }

    /// <summary>Iteration budget. Default 1 000 000. Must be greater than 0.</summary>
    public long MaxIterations { get; init; } = 1_000_000;

    /// <summary>Stop (Success) when the full loss ½‖Ax − y‖² ≤ this absolute value. Default 0 (off). ≥ 0.</summary>
    public double LossTolerance { get; init; }

    /// <summary>Stop (Success) when ‖Aᵀ(Ax − y)‖₂ ≤ this absolute value (full batch only). Default 0 (off). ≥ 0.</summary>
    public double GradientTolerance { get; init; }

    /// <summary>
    /// Stop (Success) when ½‖Ax − y‖² ≤ this · ½‖y‖² (relative, so scaling A and y leaves the outcome unchanged;
    /// ½‖y‖² is taken as 1 when y = 0). Default 1e-24 (a residual of 1e-12·‖y‖₂, well above the float64 floor).
    /// 0 turns it off. ≥ 0.
    /// </summary>
    public double RelativeLossTolerance { get; init; } = 1e-24;

    /// <summary>
    /// The relative loss stop of <c>train</c> and of sweeps when no loss tolerance is given: ½‖Ax − y‖² ≤ 1e-20·½‖y‖².
    /// </summary>
    public const double DefaultRelativeLossStop = 1e-20;

    /// <summary>
    /// Stop (Success) when ‖Aᵀ(Ax − y)‖₂ ≤ this · ‖Aᵀy‖₂ (full batch only; relative like <see cref="RelativeLossTolerance"/>,
    /// catches a stationary point that does not fit y). Default 1e-12. 0 turns it off. ≥ 0.
    /// </summary>
    public double RelativeGradientTolerance { get; init; } = 1e-12;

    /// <summary>Wall-clock budget; when it runs out the run stops with <see cref="SolverStatus.TimeLimit"/>. Default null (none). Must be positive.</summary>
    public TimeSpan? WallClockBudget { get; init; }

    /// <summary>Diverged when the loss exceeds this times the initial loss (or is not finite). Default 1e6. &gt; 1.</summary>
    public double DivergenceFactor { get; init; } = 1e6;

    /// <summary>Optional held-out data (same N) for early stopping. Default null.</summary>
    public RegressionProblem? HeldOut { get; init; }

    /// <summary>
    /// Iterations between full-loss evaluations for SGD/label noise (stopping, divergence, held-out). Default 0:
    /// one epoch, ⌈m/B⌉. Full-batch GD evaluates every step for free.
    /// </summary>
    public int EvaluateEvery { get; init; }

    /// <summary>Held-out evaluations without improvement before early stopping. Default 10. Must be &gt; 0.</summary>
    public int Patience { get; init; } = 10;

    /// <summary>Trajectory checkpoints per decade of iterations (plus the first and last). Default 4. &gt; 0.</summary>
    public int CheckpointsPerDecade { get; init; } = 4;

    /// <summary>Accumulate Even et al.'s gain (balanced u² − v² only). Default true.</summary>
    public bool TrackGain { get; init; } = true;

    /// <summary>
    /// x_ℓ¹ and/or x∞ (the gradient-flow limit) to report distances to (e.g. <see cref="Dynamics.References.Compute"/>).
    /// Default null: no distances. Never computed by the solver.
    /// </summary>
    public References? References { get; init; }

    /// <summary>Receives a <see cref="SolverProgress"/> (stage "gd") at every trajectory point. Default none.</summary>
    public IProgress<SolverProgress>? Progress { get; init; }

    /// <summary>Stops the run with <see cref="SolverStatus.Cancelled"/> and the last state. Default none.</summary>
    public CancellationToken Cancellation { get; init; }
}
