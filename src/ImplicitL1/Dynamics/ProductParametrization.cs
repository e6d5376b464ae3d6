using ImplicitL1.Potentials;

namespace ImplicitL1.Dynamics;

/// <summary>
/// Two-layer x = u⊙v with arbitrary u(0) = u₀, v(0) = v₀ (docs/theory.md §2) [reconstructed]. θ = (u, v),
/// ∇_u L = v⊙g, ∇_v L = u⊙g. Since (u ± v)' = ∓(u ± v)⊙g, u + v = a·e^{−G} and u − v = b·e^{G} with a = u₀ + v₀,
/// b = u₀ − v₀, so x = ¼(a²e^{−2G} − b²e^{2G}) for every initialization (docs/theory.md's (k/2)·sinh(w + φ) when
/// u₀ &gt; |v₀|). u₀ = γ𝟙, v₀ = 0 is u² − v² at α = γ²/4 with time ×2.
/// </summary>
public sealed class ProductParametrization : Parametrization
{
    private readonly double[] _u0;
    private readonly double[] _v0;

    /// <summary>Creates the model from the two initial layers (finite; N is their common length).</summary>
    public ProductParametrization(ReadOnlySpan<double> u0, ReadOnlySpan<double> v0)
        : base(u0.Length, 2)
    {
        CheckEntries(u0, u0.Length, nameof(u0), positive: false);
        CheckEntries(v0, u0.Length, nameof(v0), positive: false);
        _u0 = u0.ToArray();
        _v0 = v0.ToArray();
    }

    /// <summary>u(0) = γ𝟙, v(0) = 0: the u² − v² model at α = γ²/4 (γ finite and &gt; 0).</summary>
    public static ProductParametrization Symmetric(int dimension, double gamma)
    {
        Checks.Positive(gamma);

        return new ProductParametrization(Enumerable.Repeat(gamma, dimension).ToArray(), new double[dimension]);
    }

    /// <inheritdoc/>
    public override string Name => "product";

    /// <inheritdoc/>
    public override double Depth => 2.0;

    /// <inheritdoc/>
    public override MirrorLink Mirror => new ProductLink(_u0, _v0);

    /// <summary>D = 2 potential at α = γ²/4 when u₀ = γ𝟙 and v₀ = 0; otherwise null (a shifted potential).</summary>
    public override LimitPotential? Limit
    {
        get
        {
            double gamma = _u0[0];
            bool symmetric = gamma > 0 && _u0.All(u => u == gamma) && _v0.All(v => v == 0.0);
            return symmetric ? new LimitPotential(new DepthPotential(2.0), gamma * gamma / 4.0) : null;
        }
    }

    /// <inheritdoc/>
    public override (ImplicitL1.Limit.InitializationShape Shape, double Alpha)? LimitShape =>
        Limit is null && !_u0.Zip(_v0).Any(p => p.First == 0 && p.Second == 0) ? (ImplicitL1.Limit.InitializationShape.Product(_u0, _v0), 1.0) : null;

    /// <inheritdoc/>
    public override double[] InitialState() => [.. _u0, .. _v0];

    /// <inheritdoc/>
    public override void Forward(ReadOnlySpan<double> state, Span<double> x)
    {
        CheckState(state, nameof(state));
        for (int i = 0; i < Dimension; i++)
        {
            x[i] = state[i] * state[Dimension + i];
        }
    }

    /// <inheritdoc/>
    public override void Gradient(ReadOnlySpan<double> state, ReadOnlySpan<double> g, Span<double> gradient)
    {
        CheckState(state, nameof(state));
        int n = Dimension;
        for (int i = 0; i < n; i++)
        {
            gradient[i] = state[n + i] * g[i];
            gradient[n + i] = state[i] * g[i];
        }
    }

    /// <inheritdoc/>
    public override void SecondDerivatives(ReadOnlySpan<double> state, Span<double> second)
    {
        // ∂²(u·v): 0 on (u, u) and (v, v), 1 across.
        CheckState(state, nameof(state));
        int n = Dimension;
        second[..(4 * n)].Clear();
        second.Slice(n, 2 * n).Fill(1.0);
    }

    /// <inheritdoc/>
    public override void DescentStep(Span<double> state, ReadOnlySpan<double> g, double eta, Span<double> x)
    {
        int n = Dimension;
        for (int i = 0; i < n; i++)
        {
            double u = state[i], v = state[n + i];
            double nu = u - (eta * v * g[i]);
            double nv = v - (eta * u * g[i]);
            state[i] = nu;
            state[n + i] = nv;
            x[i] = nu * nv;
        }
    }

    /// <inheritdoc/>
    public override double Curvature(double xScale) =>
        Math.Max(2.0 * xScale, _u0.Concat(_v0).Max(t => t * t));

    private sealed class ProductLink(double[] u0, double[] v0) : MirrorLink
    {
        public override bool Evaluate(ReadOnlySpan<double> integratedGradient, Span<double> x, Span<double> slope)
        {
            for (int i = 0; i < x.Length; i++)
            {
                double a = u0[i] + v0[i], b = u0[i] - v0[i], two = 2.0 * integratedGradient[i];
                double p = a == 0.0 ? 0.0 : Math.Exp((2.0 * Math.Log(Math.Abs(a))) - two);
                double q = b == 0.0 ? 0.0 : Math.Exp((2.0 * Math.Log(Math.Abs(b))) + two);
                x[i] = 0.25 * (p - q);
                slope[i] = -0.5 * (p + q);
                if (!double.IsFinite(x[i]) || !double.IsFinite(slope[i]))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
