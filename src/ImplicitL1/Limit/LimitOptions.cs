namespace ImplicitL1.Limit;

/// <summary>Options of <see cref="DualNewton"/>.</summary>
public sealed record LimitOptions
{
    /// <summary>
    /// Newton stops when every row of the rotated residual satisfies |ỹⱼ − (Ãx)ⱼ| ≤ tol·(Σᵢ|Ãⱼᵢxᵢ| + |ỹⱼ|) plus the rounding floor of xᵢ = α·h(wᵢ)
    /// (componentwise relative, so tiny off-support coordinates are resolved too). Default 1e-13.
    /// </summary>
    public double Tolerance { get; init; } = 1e-13;

    /// <summary>Newton iterations allowed per continuation level. Default 200.</summary>
    public int MaxIterationsPerLevel { get; init; } = 200;

    /// <summary>Ratio between consecutive continuation levels α_k/α_{k+1}. Default 10. Must be &gt; 1.</summary>
    public double ContinuationFactor { get; init; } = 10.0;

    /// <summary>
    /// Start Newton at an α ≤ 0.1 from the asymptotic form of the solution built from the BP certificate λ (ν ≈ λ for
    /// D &gt; 2, log(1/α)·λ for D = 2, x_S ≈ x_ℓ¹; docs/theory.md §2) when no solved α lies within two decades above
    /// it (from there the continuation steps, with its prediction); the continuation from α = 1 is used when Newton
    /// does not converge from the start within 40 iterations (their work is counted). False: always the continuation
    /// from α = 1. Either way the answer is the dual's unique maximizer. Default true.
    /// </summary>
    public bool AsymptoticStart { get; init; } = true;

    /// <summary>Polish x_S by least squares on A_S after Newton (docs/theory.md §6). Default true.</summary>
    public bool Polish { get; init; } = true;

    /// <summary>Largest accepted ‖Ax − y‖ / max(1, ‖y‖) for a successful point. Default 1e-10.</summary>
    public double ResidualTolerance { get; init; } = 1e-10;

    /// <summary>Largest accepted max|h⁻¹(xᵢ/α) − (Aᵀν)ᵢ| (dual stationarity) for a successful point. Default 1e-9.</summary>
    public double StationarityTolerance { get; init; } = 1e-9;

    /// <summary>
    /// Threads the Newton products (weighted Gram, Hessian–vector products, Ãᵀν) may use; 0 means every core. The
    /// result is the same bits for every count. Default 0.
    /// </summary>
    public int Threads { get; init; }

    /// <summary>Receives a <see cref="SolverProgress"/> (stage "limit") after each requested α. Default none.</summary>
    public IProgress<SolverProgress>? Progress { get; init; }

    /// <summary>
    /// Checked before every continuation level: once cancelled, the α not yet reached are returned with status
    /// <see cref="SolverStatus.Cancelled"/> and no value, those already solved as they are. Default none.
    /// </summary>
    public CancellationToken Cancellation { get; init; }
}
