using ImplicitL1.Potentials;

namespace ImplicitL1.Dynamics;

/// <summary>
/// Link of u^D − v^D and u^D started at u(0)^D = αᵢ (docs/theory.md §2) [reconstructed]: xᵢ = αᵢ·h(wᵢ) with
/// wᵢ = −cᵢGᵢ, cᵢ = 4 for D = 2 and cᵢ = D(D−2)·αᵢ^{(D−2)/D} for D &gt; 2. Derived from u' = −D u^{D−1}g:
/// D = 2 gives u = √α e^{−2G}; D &gt; 2 gives u^{2−D} = α^{(2−D)/D}(1 + D(D−2)α^{(D−2)/D}G). Evaluated in the log
/// domain (α·h and α·φ'' never form α or h alone).
/// </summary>
internal sealed class PotentialLink : MirrorLink
{
    private readonly IPotential _potential;
    private readonly double[] _logAlpha;
    private readonly double[] _c;

    public PotentialLink(IPotential potential, ReadOnlySpan<double> alpha)
    {
        _potential = potential;
        _logAlpha = new double[alpha.Length];
        _c = new double[alpha.Length];
        double depth = potential.Depth;
        for (int i = 0; i < alpha.Length; i++)
        {
            _logAlpha[i] = Math.Log(alpha[i]);
            _c[i] = Coefficient(depth, alpha[i]);
        }
    }

    /// <summary>c in w = −c·G: 4 for D = 2, D(D−2)·α^{(D−2)/D} for D &gt; 2.</summary>
    public static double Coefficient(double depth, double alpha) =>
        depth == 2.0 ? 4.0 : depth * (depth - 2.0) * Math.Exp(Math.Log(alpha) * (depth - 2.0) / depth);

    public override bool Evaluate(ReadOnlySpan<double> integratedGradient, Span<double> x, Span<double> slope)
    {
        double lower = _potential.DualLower, upper = _potential.DualUpper;
        for (int i = 0; i < x.Length; i++)
        {
            double w = -_c[i] * integratedGradient[i];
            if (!(w > lower && w < upper))
            {
                return false;
            }

            x[i] = _potential.ScaledH(_logAlpha[i], w);
            slope[i] = -_c[i] * _potential.ScaledPhiSecond(_logAlpha[i], w);
            if (!double.IsFinite(x[i]) || !double.IsFinite(slope[i]))
            {
                return false;
            }
        }

        return true;
    }
}
