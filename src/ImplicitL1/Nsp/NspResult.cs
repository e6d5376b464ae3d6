using System.Globalization;

namespace ImplicitL1.Nsp;

/// <summary>What <see cref="NullSpaceConstant.Solve"/> computes.</summary>
public enum NspMode
{
    /// <summary>Exact ρ_s when within <see cref="NspOptions.ExactLpLimit"/>, otherwise certified bounds (what `nsp --order s` reports).</summary>
    Auto,

    /// <summary>Exact ρ_s by enumeration; more LPs than <see cref="NspOptions.ExactLpLimit"/> is an argument error.</summary>
    Exact,

    /// <summary>
    /// Does A have the stable NSP of order s (ρ_s &lt; 1)? Enumeration that stops at the first ρ(T) ≥ 1, so the value
    /// is ρ_s only when the answer is yes; above the LP limit the bounds decide (HasNsp null when they straddle 1).
    /// </summary>
    Decide,

    /// <summary>Certified bounds Lower ≤ ρ_s ≤ Upper only (Exact false, RhoS null) unless ρ_s = +∞ is certain.</summary>
    Bounds,
}

/// <summary>Options of <see cref="NullSpaceConstant.Solve"/>.</summary>
public sealed record NspOptions
{
    /// <summary>The order s (support size). Required. Must lie in [1, N − 1].</summary>
    public required int Order { get; init; }

    /// <summary>What to compute. Default <see cref="NspMode.Auto"/>.</summary>
    public NspMode Mode { get; init; } = NspMode.Auto;

    /// <summary>Receives a <see cref="SolverProgress"/> (stage "nsp exact" or "nsp bounds", fraction of LPs done) about 100 times per stage. Default none.</summary>
    public IProgress<SolverProgress>? Progress { get; init; }

    /// <summary>Stops the enumeration with <see cref="SolverStatus.Cancelled"/>; the values then cover the LPs solved. Default none.</summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>Exact enumeration is refused above this many LPs, C(N,s)·2^{s−1}. Default 200000. Must be ≥ 1.</summary>
    public long ExactLpLimit { get; init; } = 200_000;

    /// <summary>Worker threads; null uses the runtime default. The result does not depend on it.</summary>
    public int? MaxDegreeOfParallelism { get; init; }

    /// <summary>Random supports (besides the N greedy starts) tried by the lower bound. Default 64. Must be ≥ 0.</summary>
    public int Samples { get; init; } = 64;

    /// <summary>Seed of the sampled supports. Default 0.</summary>
    public long Seed { get; init; }

    /// <summary>Ascent steps per start of the lower bound (T ← top-s of |v|, ε ← sign v_T). Default 20. Must be ≥ 1.</summary>
    public int AscentSteps { get; init; } = 20;
}

/// <summary>
/// The stable NSP constant ρ_s = max over |T| ≤ s and v ∈ ker A \ {0} of ‖v_T‖₁/‖v_{Tᶜ}‖₁ (docs/theory.md §3), exact or
/// bracketed. A has the stable NSP of order s iff ρ_s &lt; 1; values ≥ 1 (and +∞) are reported as they are.
/// </summary>
public sealed record NspResult
{
    /// <summary>s.</summary>
    public required int Order { get; init; }

    /// <summary>ρ_s when <see cref="Exact"/>; null when only bounds are known.</summary>
    public required double? RhoS { get; init; }

    /// <summary>True when every support and sign pattern was solved.</summary>
    public required bool Exact { get; init; }

    /// <summary>Certified lower bound: an LP optimum ‖v_T‖₁/‖v_{Tᶜ}‖₁ attained by a kernel vector (= ρ_s when exact).</summary>
    public required double Lower { get; init; }

    /// <summary>Certified upper bound (= ρ_s when exact; +∞ when the relaxation gives nothing).</summary>
    public required double Upper { get; init; }

    /// <summary>Work: LinearPrograms = LPs solved, LpIterations = their simplex iterations, Iterations = supports examined, WallTime.</summary>
    public required SolverStats Stats { get; init; }

    /// <summary>
    /// Success; NumericalTrouble when an LP failed (the values then cover the LPs that solved); Cancelled when the
    /// options' token stopped it.
    /// </summary>
    public required SolverStatus Status { get; init; }

    /// <summary>One line: method, LP count, and for bounds how they were obtained.</summary>
    public required string Message { get; init; }

    /// <summary>T attaining <see cref="Lower"/> (0-based, increasing).</summary>
    public required int[] WorstSupport { get; init; }

    /// <summary>A kernel vector attaining <see cref="Lower"/> on <see cref="WorstSupport"/> (normalized ‖v_{Tᶜ}‖₁ = 1; empty when unbounded).</summary>
    public required double[] WorstVector { get; init; }

    /// <summary>True when ρ_s &lt; 1 is certain (Upper &lt; 1); false when ρ_s ≥ 1 is certain (Lower ≥ 1); null otherwise.</summary>
    public bool? HasNsp => Upper < 1.0 ? true : Lower >= 1.0 ? false : null;

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"order={Order} rho_s={(RhoS is double r ? r.ToString("R", CultureInfo.InvariantCulture) : "null")} exact={Exact} lower={Lower:R} upper={Upper:R} lps_solved={Stats.LinearPrograms} status={Status.ToSnakeCase()}");
}
