namespace ImplicitL1.Sweeps;

/// <summary>
/// The result of one sweep point. Every number except <see cref="ElapsedSeconds"/> depends only on the point (each
/// point is computed on one thread), so reruns, thread counts and shards give the same bits.
/// </summary>
public sealed record SweepRow
{
    /// <summary>The point's canonical key (primary key of the results table).</summary>
    public required string Key { get; init; }

    /// <summary>The point's index in the grid.</summary>
    public required int Index { get; init; }

    /// <summary>Basis pursuit status (snake_case) of the point's problem.</summary>
    public required string BpStatus { get; init; }

    /// <summary>ϱ of the BP solution [reconstructed]; null when BP is not unique or failed.</summary>
    public double? Varrho { get; init; }

    /// <summary>Status of the method (snake_case <see cref="SolverStatus"/>), or "exception" when it threw.</summary>
    public required string Status { get; init; }

    /// <summary>The method's message (or the exception's).</summary>
    public required string Message { get; init; }

    /// <summary>‖x − x_ℓ¹‖₂; null when BP is not unique or the method failed to produce x.</summary>
    public double? ErrorToL1 { get; init; }

    /// <summary>‖x − x*‖₂, distance to the planted sparse vector.</summary>
    public double? ErrorToXStar { get; init; }

    /// <summary>‖x − x∞(α)‖₂ for gf, gd and sgd (distance to the exact limit of the same model, solved once per problem and model); null for the limit solver.</summary>
    public double? ErrorToLimit { get; init; }

    /// <summary>Newton iterations (limit), accepted steps (gf) or iterations (gd, sgd).</summary>
    public long Iterations { get; init; }

    /// <summary>‖Ax − y‖₂.</summary>
    public double? Residual { get; init; }

    /// <summary>Wall-clock seconds of the point (excluded from every comparison).</summary>
    public double ElapsedSeconds { get; init; }

    /// <summary>This row with the timing zeroed, for comparisons.</summary>
    public SweepRow WithoutTiming() => this with { ElapsedSeconds = 0 };
}
