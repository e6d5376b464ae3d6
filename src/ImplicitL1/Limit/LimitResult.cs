using System.Globalization;
using ImplicitL1.BasisPursuit;

namespace ImplicitL1.Limit;

/// <summary>The exact limit x∞(α) of gradient flow at one α.</summary>
public sealed record LimitPoint
{
    /// <summary>Initialization scale α (docs/theory.md §1 convention: u(0)^D = v(0)^D = α).</summary>
    public required double Alpha { get; init; }

    /// <summary>Depth D.</summary>
    public required double Depth { get; init; }

    /// <summary>x∞(α) (best iterate when not successful).</summary>
    public required double[] X { get; init; }

    /// <summary>Dual ν with x = α·h(Aᵀν) off the polished support (length m of the row-reduced problem).</summary>
    public required double[] Nu { get; init; }

    /// <summary>Success, PrecisionExhausted, MaxIterations or NumericalTrouble.</summary>
    public required SolverStatus Status { get; init; }

    /// <summary>One line explaining the status.</summary>
    public required string Message { get; init; }

    /// <summary>Newton iterations spent at this α (continuation levels before it not included).</summary>
    public required int Iterations { get; init; }

    /// <summary>‖Ax − y‖₂ on the caller's data.</summary>
    public required double Residual { get; init; }

    /// <summary>max|h⁻¹(xᵢ/α) − (Aᵀν)ᵢ|: the dual-side KKT residual.</summary>
    public required double Stationarity { get; init; }

    /// <summary>‖x∞ − x_ℓ¹‖₂, computed without cancellation; null when BP is not unique or failed.</summary>
    public required double? ErrorToL1 { get; init; }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"alpha={Alpha:E3} depth={Depth} status={Status.ToSnakeCase()} iterations={Iterations} residual={Residual:E2} stationarity={Stationarity:E2} error_to_l1={(ErrorToL1 is double e ? e.ToString("E6", CultureInfo.InvariantCulture) : "null")}");
}

/// <summary>Limits at every requested α, in the order requested, plus the BP solution they are compared with.</summary>
public sealed record LimitResult(IReadOnlyList<LimitPoint> Points, BasisPursuitResult BasisPursuit, int TotalIterations);
