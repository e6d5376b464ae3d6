using System.Globalization;

namespace ImplicitL1.Limit;

/// <summary>
/// ‖x∞ − x_ℓ¹‖ in the 1, 2 and ∞ norms, carried as log10 so that errors far below the double range (α = 1e-1000)
/// are still reported. Computed from the off-support part (x∞ − x_ℓ¹ = (−A_S⁺A_Sᶜx_Sᶜ, x_Sᶜ)), never as a
/// difference of O(1) vectors.
/// </summary>
public sealed record ErrorNorms
{
    /// <summary>log10 ‖e‖₁ (−∞ for e = 0).</summary>
    public required double Log10L1 { get; init; }

    /// <summary>log10 ‖e‖₂ (−∞ for e = 0).</summary>
    public required double Log10L2 { get; init; }

    /// <summary>log10 ‖e‖_∞ (−∞ for e = 0).</summary>
    public required double Log10Inf { get; init; }

    /// <summary>log10 of the norm: 1, 2, or 0 for ∞ (also accepts <see cref="int.MaxValue"/> for ∞).</summary>
    public double Log10(int norm) => norm switch
    {
        1 => Log10L1,
        2 => Log10L2,
        0 or int.MaxValue => Log10Inf,
        _ => throw new ArgumentOutOfRangeException(nameof(norm), norm, "The norm must be 1, 2 or 0 (∞)."),
    };

    /// <summary>The norm as a double when it is representable (0 for e = 0), null when it underflows.</summary>
    public double? Value(int norm)
    {
        double l = Log10(norm);
        if (double.IsNegativeInfinity(l))
        {
            return 0.0;
        }

        return l >= -307.0 ? Math.Pow(10.0, l) : null;
    }

    /// <summary>Norms of e = e'·exp(Λ) from the scaled vector e' (finite) and Λ = ln of its scale.</summary>
    public static ErrorNorms FromScaled(ReadOnlySpan<double> scaled, double logScale)
    {
        double max = 0;
        foreach (double v in scaled)
        {
            max = Math.Max(max, Math.Abs(v));
        }

        if (max == 0)
        {
            return new ErrorNorms { Log10L1 = double.NegativeInfinity, Log10L2 = double.NegativeInfinity, Log10Inf = double.NegativeInfinity };
        }

        // ‖e‖ = max·‖e'/max‖·e^Λ: no overflow or underflow in the sums.
        double l1 = 0, l2 = 0;
        foreach (double v in scaled)
        {
            double r = Math.Abs(v) / max;
            l1 += r;
            l2 += r * r;
        }

        double baseLog = (Math.Log(max) + logScale) / Math.Log(10.0);
        return new ErrorNorms
        {
            Log10L1 = baseLog + Math.Log10(l1),
            Log10L2 = baseLog + (0.5 * Math.Log10(l2)),
            Log10Inf = baseLog,
        };
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"log10_l1={Log10L1:G10} log10_l2={Log10L2:G10} log10_inf={Log10Inf:G10}");
}
