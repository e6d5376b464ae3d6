using System.Globalization;
using System.Text;

namespace ImplicitL1.Bounds;

/// <summary>One α: measured ‖x∞(α) − x_ℓ¹‖₂ beside the prediction.</summary>
public sealed record BoundsRow
{
    /// <summary>α as a double (docs/theory.md §1 convention); 0 when it underflows (then see <see cref="LogAlpha"/>).</summary>
    public required double Alpha { get; init; }

    /// <summary>α exactly as solved, in log form.</summary>
    public required Limit.LogAlpha LogAlpha { get; init; }

    /// <summary>‖x∞(α) − x_ℓ¹‖₂ from <see cref="Limit.DualNewton"/>; null when that point failed or the error underflows a double.</summary>
    public required double? Measured { get; init; }

    /// <summary>log10 of <see cref="Measured"/> (finite far below the double range); null when that point failed.</summary>
    public required double? Log10Measured { get; init; }

    /// <summary>D &gt; 2: α‖Δ‖. D = 2: C·α^{1−ϱ} with C fitted (see <see cref="BoundsReport.ConstantIsFitted"/>); 0 when it underflows.</summary>
    public required double Predicted { get; init; }

    /// <summary>log10 of <see cref="Predicted"/>.</summary>
    public required double Log10Predicted { get; init; }

    /// <summary>Measured / Predicted; null when not measured.</summary>
    public required double? Ratio { get; init; }

    /// <summary>Status of the limit at this α.</summary>
    public required SolverStatus Status { get; init; }
}

/// <summary>Prediction for one off-support coordinate i ∈ Sᶜ.</summary>
/// <param name="Index">i (0-based).</param>
/// <param name="CertificateValue">(Aᵀλ)ᵢ: λ the ϱ-certificate for D = 2, λ* for D &gt; 2.</param>
/// <param name="Exponent">D = 2: |x∞ᵢ| ∝ α^{1−|(Aᵀλ)ᵢ|}; D &gt; 2: 1.</param>
/// <param name="Coefficient">D &gt; 2: Δᵢ = h_D((Aᵀλ*)ᵢ), so x∞ᵢ ≈ αΔᵢ; null for D = 2 (constant not predicted).</param>
public sealed record OffSupportPrediction(int Index, double CertificateValue, double Exponent, double? Coefficient);

/// <summary>
/// Predicted rates beside measured errors (docs/theory.md §4) [rates: paper; constants: reconstructed]. Every number is
/// null when BP is not unique or failed: then <see cref="Status"/> says why.
/// </summary>
public sealed record BoundsReport
{
    /// <summary>Success when BP is unique and every limit converged; otherwise BP's or the first failing limit's status (Cancelled when the options' token stopped it).</summary>
    public required SolverStatus Status { get; init; }

    /// <summary>Work: Iterations = Newton iterations of Δ, LpIterations = BP's simplex iterations, WallTime (the limits report their own).</summary>
    public required SolverStats Stats { get; init; }

    /// <summary>One line on the outcome.</summary>
    public required string Message { get; init; }

    /// <summary>Depth D.</summary>
    public required double Depth { get; init; }

    /// <summary>ϱ = min ‖A_{Sᶜ}ᵀλ‖_∞ s.t. A_Sᵀλ = σ.</summary>
    public required double? Varrho { get; init; }

    /// <summary>1 − ϱ for D = 2 [paper], 1 for D &gt; 2 [paper].</summary>
    public required double? PredictedExponent { get; init; }

    /// <summary>Least-squares slope of log10 error vs log10 α over the successful rows.</summary>
    public required double? FittedExponent { get; init; }

    /// <summary>Standard error of <see cref="FittedExponent"/> (null with fewer than 3 rows).</summary>
    public required double? FittedExponentStdError { get; init; }

    /// <summary>C of the free fit error ≈ C·α^k (0 or +∞ when C leaves the double range).</summary>
    public required double? FittedConstant { get; init; }

    /// <summary>‖Δ‖₂ for D &gt; 2 [reconstructed]; null for D = 2.</summary>
    public required double? DeltaNorm { get; init; }

    /// <summary>h_D(ϱ): the blow-up factor (for D &gt; 2 a lower bound on ‖Δ_{Sᶜ}‖_∞).</summary>
    public required double? BlowUp { get; init; }

    /// <summary>True for D = 2: the row predictions use C·α^{1−ϱ} with C fitted at the predicted exponent, so only their trend is a prediction.</summary>
    public required bool ConstantIsFitted { get; init; }

    /// <summary>One row per α, in the order requested.</summary>
    public required IReadOnlyList<BoundsRow> Rows { get; init; }

    /// <summary>Per-coordinate predictions on Sᶜ.</summary>
    public required IReadOnlyList<OffSupportPrediction> OffSupport { get; init; }

    /// <inheritdoc/>
    public override string ToString()
    {
        static string F(double? v) => v is double d ? d.ToString("R", CultureInfo.InvariantCulture) : "null";
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"status:             {Status.ToSnakeCase()}  ({Message})");
        sb.AppendLine(CultureInfo.InvariantCulture, $"depth:              {Depth}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"varrho:             {F(Varrho)}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"predicted_exponent: {F(PredictedExponent)}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"fitted_exponent:    {F(FittedExponent)} ± {F(FittedExponentStdError)}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"delta_norm:         {F(DeltaNorm)}");
        foreach (var row in Rows)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"  alpha={row.LogAlpha} log10_measured={F(row.Log10Measured)} log10_predicted={row.Log10Predicted:G10} ratio={F(row.Ratio)}");
        }

        return sb.ToString().TrimEnd();
    }
}
