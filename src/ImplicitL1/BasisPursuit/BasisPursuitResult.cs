using System.Globalization;
using System.Text;

namespace ImplicitL1.BasisPursuit;

/// <summary>
/// x_ℓ¹ = argmin { ‖z‖₁ : Az = y } with its support, signs and the certificate attaining ϱ (docs/theory.md §1, §3).
/// </summary>
public sealed record BasisPursuitResult
{
    /// <summary>Success (unique minimizer), NotUnique (a minimizer is still reported), Infeasible or NumericalTrouble.</summary>
    public required SolverStatus Status { get; init; }

    /// <summary>One line naming the outcome and any check that failed (with the backend's raw status).</summary>
    public required string Message { get; init; }

    /// <summary>A minimizer (empty when infeasible).</summary>
    public required double[] X { get; init; }

    /// <summary>S = supp(x), 0-based, increasing.</summary>
    public required int[] Support { get; init; }

    /// <summary>σ = sign(x)_S, aligned with <see cref="Support"/>.</summary>
    public required int[] Signs { get; init; }

    /// <summary>‖x‖₁.</summary>
    public double L1Norm => X.Sum(Math.Abs);

    /// <summary>‖Ax − y‖₂ on the caller's data.</summary>
    public required double Residual { get; init; }

    /// <summary>True when the minimizer is unique (strict certificate, A_S injective).</summary>
    public bool IsUnique => Status == SolverStatus.Success;

    /// <summary>ϱ and its certificate; null when BP was infeasible.</summary>
    public required VarrhoResult? Varrho { get; init; }

    /// <summary>Rows of A dropped as dependent (empty when A has full row rank).</summary>
    public required int[] DroppedRows { get; init; }

    /// <summary>Simplex iterations of the BP LP.</summary>
    public required long LpIterations { get; init; }

    /// <summary>Work done by the BP LP(s), the ϱ LP(s) and the checks.</summary>
    public SolverStats Stats { get; init; } = SolverStats.Empty;

    /// <summary>How the LP vertex was found, e.g. "working set (1840 of 20000 columns, 3 rounds)" or "full LP".</summary>
    public string Method { get; init; } = string.Empty;

    /// <summary>True when m ≥ N (not overparameterized): BP was still solved.</summary>
    public required bool NotOverparameterized { get; init; }

    /// <inheritdoc/>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"status:    {Status.ToSnakeCase()}  ({Message})");
        sb.AppendLine(CultureInfo.InvariantCulture, $"support:   [{string.Join(", ", Support)}]");
        sb.AppendLine(CultureInfo.InvariantCulture, $"l1_norm:   {L1Norm:R}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"residual:  {Residual:E3}");
        sb.Append(CultureInfo.InvariantCulture, $"varrho:    {Varrho?.Value ?? double.NaN:R}");
        return sb.ToString();
    }
}
