namespace ImplicitL1.Potentials;

/// <summary>
/// The mirror map of a parametrization (docs/theory.md §2) [reconstructed]: gradient flow gives x(t) = α·h(w(t)) with
/// w(t) ∈ range(Aᵀ), so its limit minimizes Q_α(z) = α Σ q(zᵢ/α) on {Az = y}, with q' = h⁻¹ and the conjugate
/// φ = q* (φ' = h). All functions act on one coordinate.
/// </summary>
public interface IPotential
{
    /// <summary>Network depth D (D = 2 or any real D &gt; 2).</summary>
    double Depth { get; }

    /// <summary>Inclusive lower bound of the dual variable w (−∞ when unbounded).</summary>
    double DualLower { get; }

    /// <summary>Exclusive upper bound of the dual variable w (+∞ when unbounded).</summary>
    double DualUpper { get; }

    /// <summary>Link h(w): x = α·h(w).</summary>
    double H(double w);

    /// <summary>h⁻¹(t) = q'(t).</summary>
    double HInverse(double t);

    /// <summary>Primal potential q(t), minimal (zero) at the initialization.</summary>
    double Q(double t);

    /// <summary>Conjugate potential φ(w) = q*(w).</summary>
    double Phi(double w);

    /// <summary>φ'(w) = h(w).</summary>
    double PhiPrime(double w);

    /// <summary>φ''(w) = h'(w) &gt; 0.</summary>
    double PhiSecond(double w);

    /// <summary>α·h(w) computed in the log domain (finite whenever the product is).</summary>
    double ScaledH(double logAlpha, double w);

    /// <summary>α·φ''(w) computed in the log domain.</summary>
    double ScaledPhiSecond(double logAlpha, double w);

    /// <summary>α·φ(w) computed in the log domain.</summary>
    double ScaledPhi(double logAlpha, double w);
}
