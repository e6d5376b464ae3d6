using System.Globalization;
using ImplicitL1.BasisPursuit;

namespace ImplicitL1.Limit;

/// <summary>The exact limit x∞(α) of gradient flow at one α.</summary>
public sealed record LimitPoint
{
    /// <summary>Initialization scale α as a double (docs/theory.md §1: u(0)^D = v(0)^D = α); 0 when α underflows, see <see cref="LogAlpha"/>.</summary>
    public required double Alpha { get; init; }

    /// <summary>α exactly as solved, in log form (any α down to 10^-1e6).</summary>
    public required LogAlpha LogAlpha { get; init; }

    /// <summary>Depth D.</summary>
    public required double Depth { get; init; }

    /// <summary>x∞(α) (best iterate when not successful); entries below the double range are 0, see <see cref="Log10AbsX"/>.</summary>
    public required double[] X { get; init; }

    /// <summary>log10 |x∞ᵢ| for every coordinate (−∞ for an exact zero), valid where <see cref="X"/> underflows.</summary>
    public required double[] Log10AbsX { get; init; }

    /// <summary>sign(x∞ᵢ) ∈ {−1, 0, 1} for every coordinate, valid where <see cref="X"/> underflows.</summary>
    public required int[] XSign { get; init; }

    /// <summary>Dual ν with x = α·h(Aᵀν) (length m of the row-reduced problem).</summary>
    public required double[] Nu { get; init; }

    /// <summary>Success, PrecisionExhausted, MaxIterations or NumericalTrouble.</summary>
    public required SolverStatus Status { get; init; }

    /// <summary>One line explaining the status.</summary>
    public required string Message { get; init; }

    /// <summary>Work spent on this α, including the continuation levels since the previous requested α.</summary>
    public required SolverStats Stats { get; init; }

    /// <summary>‖Ax − y‖₂ on the caller's data.</summary>
    public required double Residual { get; init; }

    /// <summary>max|h⁻¹(xᵢ/α) − (Aᵀν)ᵢ| (the support compared in its gap variable): the dual-side KKT residual.</summary>
    public required double Stationarity { get; init; }

    /// <summary>‖x∞ − x_ℓ¹‖ in the 1, 2, ∞ norms (log10); null when BP is not unique, failed, or the point failed.</summary>
    public required ErrorNorms? Error { get; init; }

    /// <summary>‖x∞ − x_ℓ¹‖₂ as a double; null when <see cref="Error"/> is null or the error underflows (then see <see cref="Error"/>).</summary>
    public required double? ErrorToL1 { get; init; }

    /// <summary>log10 ‖x∞ − x_ℓ¹‖₂ (null when the error is undefined).</summary>
    public double? Log10ErrorToL1 => Error?.Log10L2;

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"alpha={LogAlpha} depth={Depth} status={Status.ToSnakeCase()} iterations={Stats.Iterations} residual={Residual:E2} stationarity={Stationarity:E2} log10_error_to_l1={(Log10ErrorToL1 is double e ? e.ToString("G8", CultureInfo.InvariantCulture) : "null")}");
}

/// <summary>Limits at every requested α, in the order requested, plus the BP solution they are compared with.</summary>
/// <param name="Points">One point per requested α, in the order requested.</param>
/// <param name="BasisPursuit">The BP result passed in (never recomputed).</param>
/// <param name="Stats">Work summed over every point and continuation level.</param>
public sealed record LimitResult(IReadOnlyList<LimitPoint> Points, BasisPursuitResult BasisPursuit, SolverStats Stats);
