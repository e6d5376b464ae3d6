using ImplicitL1.Potentials;
using static ImplicitL1.Potentials.SpecialFunctions;

namespace ImplicitL1.Limit;

/// <summary>
/// A per-coordinate initialization whose gradient-flow limit is a separable mirror-descent limit (docs/theory.md §2)
/// [reconstructed]: xᵢ = Lᵢ(wᵢ; τ) with w = Aᵀν and a global log scale τ (ln α). Two kinds:
/// <list type="bullet">
/// <item>scaled potential: xᵢ = αcᵢ·h(κᵢwᵢ), κᵢ = cᵢ^{(D−2)/D} (u^D − v^D or u^D with u(0)^D = αcᵢ: the flow's mirror
/// variable is −D(D−2)(αcᵢ)^{(D−2)/D}Gᵢ, and the common α^{(D−2)/D} is absorbed into ν), relative scales cᵢ &gt; 0;</item>
/// <item>the u⊙v model from u₀, v₀: xᵢ = ¼(aᵢ²e^{wᵢ} − bᵢ²e^{−wᵢ}), a = u₀ + v₀, b = u₀ − v₀ (α = 1, τ = 0).</item>
/// </list>
/// </summary>
public sealed class InitializationShape
{
    private readonly IPotential? _potential;
    private readonly double[] _first;  // log cᵢ (scaled potential) or log(aᵢ²/4) (product; −∞ when aᵢ = 0)
    private readonly double[] _second; // κᵢ (scaled potential) or log(bᵢ²/4) (product; −∞ when bᵢ = 0)

    private InitializationShape(string name, double depth, IPotential? potential, double[] first, double[] second)
    {
        Name = name;
        Depth = depth;
        _potential = potential;
        _first = first;
        _second = second;
    }

    /// <summary>"balanced", "nonnegative" or "product".</summary>
    public string Name { get; }

    /// <summary>Depth D of the model (2 for u⊙v).</summary>
    public double Depth { get; }

    /// <summary>N.</summary>
    public int Dimension => _first.Length;

    /// <summary>True for u⊙v from u₀, v₀: there is no α, the list of scales is [1].</summary>
    public bool IsProduct => _potential is null;

    /// <summary>u^D − v^D (or u^D when <paramref name="potential"/> is non-negative) with u(0)^D = α·cᵢ.</summary>
    /// <param name="potential">The depth's potential (<see cref="DepthPotential"/> or <see cref="NonNegativePotential"/>).</param>
    /// <param name="relativeScales">cᵢ, each finite and &gt; 0.</param>
    public static InitializationShape Scaled(IPotential potential, IReadOnlyList<double> relativeScales)
    {
        Checks.NotNull(potential);
        Checks.NotNull(relativeScales);
        for (int i = 0; i < relativeScales.Count; i++)
        {
            if (!(relativeScales[i] > 0) || !double.IsFinite(relativeScales[i]))
            {
                throw new ArgumentOutOfRangeException(nameof(relativeScales), relativeScales[i],
                    $"scale[{i}] is {relativeScales[i]}; every relative scale must be finite and > 0.");
            }
        }

        string name = potential is NonNegativePotential ? "nonnegative" : "balanced";
        double power = (potential.Depth - 2.0) / potential.Depth;
        return new InitializationShape(name, potential.Depth, potential, [.. relativeScales.Select(c => Math.Log(c))],
            [.. relativeScales.Select(c => Math.Pow(c, power))]);
    }

    /// <summary>x = u⊙v from u(0) = u₀, v(0) = v₀ (finite, same length; no coordinate with u₀ᵢ = v₀ᵢ = 0).</summary>
    public static InitializationShape Product(IReadOnlyList<double> u0, IReadOnlyList<double> v0)
    {
        Checks.NotNull(u0);
        Checks.NotNull(v0);
        if (u0.Count != v0.Count)
        {
            throw new ArgumentException($"u0 has {u0.Count} entries but v0 has {v0.Count}.", nameof(v0));
        }

        var first = new double[u0.Count];
        var second = new double[u0.Count];
        for (int i = 0; i < u0.Count; i++)
        {
            double a = u0[i] + v0[i], b = u0[i] - v0[i];
            if (!double.IsFinite(a) || !double.IsFinite(b) || (a == 0 && b == 0))
            {
                throw new ArgumentOutOfRangeException(nameof(u0), u0[i],
                    $"u0[{i}] = {u0[i]}, v0[{i}] = {v0[i]}: entries must be finite and not both 0 (that coordinate never moves).");
            }

            // ¼a² and ¼b² in logs; −∞ for a zero coefficient (a one-sided coordinate).
            first[i] = a == 0 ? double.NegativeInfinity : (2.0 * Math.Log(Math.Abs(a))) - Math.Log(4.0);
            second[i] = b == 0 ? double.NegativeInfinity : (2.0 * Math.Log(Math.Abs(b))) - Math.Log(4.0);
        }

        return new InitializationShape("product", 2.0, null, first, second);
    }

    /// <summary>
    /// The weights wᵢ of the ℓ¹ problem min Σwᵢ|zᵢ| s.t. Az = y that x∞(α) tends to as α → 0 [reconstructed]: the
    /// flow minimizes Σ(αcᵢ)^{2/D}q(zᵢ/(αcᵢ)) ≈ α^{−(D−2)/D}Σcᵢ^{−(D−2)/D}|zᵢ|, so wᵢ = 1/κᵢ = cᵢ^{−(D−2)/D} for D &gt; 2;
    /// null when the limit is plain x_ℓ¹ (D = 2, where the weights log(1/(αcᵢ)) all grow like log(1/α), or uniform
    /// scales) or not a weighted ℓ¹ problem (u⊙v from u₀, v₀ has no α → 0).
    /// </summary>
    public double[]? LimitWeights()
    {
        if (IsProduct || Depth == 2.0 || _second.All(k => k == _second[0]))
        {
            return null;
        }

        return [.. _second.Select(k => 1.0 / k)];
    }

    /// <summary>The smallest τ at which every coefficient is ≥ 1 (the continuation starts no lower).</summary>
    internal double SafeLogScale()
    {
        double smallest = double.PositiveInfinity;
        foreach (double l in IsProduct ? _first.Concat(_second) : _first)
        {
            if (double.IsFinite(l))
            {
                smallest = Math.Min(smallest, l);
            }
        }

        return Math.Max(0.0, -smallest);
    }

    /// <summary>True when z = (Aᵀν)ᵢ is inside coordinate i's dual domain.</summary>
    internal bool InDomain(int i, double z) =>
        _potential is null || (_second[i] * z > _potential.DualLower && _second[i] * z < _potential.DualUpper);

    /// <summary>
    /// Coordinate i at z = (Aᵀν)ᵢ and global log scale τ: x, log|x| (valid when x underflows), the curvature
    /// d = ∂x/∂z &gt; 0, the conjugate potential φ with φ' = x (up to a constant) and d/|x| (+∞ at x = 0).
    /// </summary>
    internal (double X, double LogAbsX, double D, double Phi, double DOverX) Evaluate(int i, double tau, double w)
    {
        if (_potential is { } p)
        {
            // x = αcᵢh(κz), ∂x/∂z = κ·αcᵢφ''(κz), φᵢ = αcᵢφ(κz)/κ.
            double la = tau + _first[i], kappa = _second[i], v = kappa * w;
            double x = p.ScaledH(la, v), h = p.H(v);
            double logAbs = x != 0 ? Math.Log(Math.Abs(x)) : h == 0 ? double.NegativeInfinity : la + Math.Log(Math.Abs(h));
            return (x, logAbs, kappa * p.ScaledPhiSecond(la, v), p.ScaledPhi(la, v) / kappa, kappa * Math.Abs(p.PhiSecond(v) / h));
        }

        // x = e^{w + l₊ + τ} − e^{−w + l₋ + τ}, d = e^{w + l₊ + τ} + e^{−w + l₋ + τ}.
        double up = w + _first[i] + tau, down = -w + _second[i] + tau;
        double ep = Math.Exp(up), em = Math.Exp(down);
        double top = Math.Max(up, down), gap = -Math.Abs(up - down);
        double logAbsX = double.IsNaN(gap) ? top : top + Math.Log(-Expm1(gap));
        double ratio = double.IsNegativeInfinity(gap) ? 1.0 : (1.0 + Math.Exp(gap)) / -Expm1(gap);
        return (ep - em, logAbsX, ep + em, ep + em, ratio);
    }
}
