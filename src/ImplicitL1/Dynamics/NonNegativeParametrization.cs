using ImplicitL1.Potentials;

namespace ImplicitL1.Dynamics;

/// <summary>
/// x = u^{⊙D} with u(0)^D = α (docs/theory.md §2, non-negative parametrization) [reconstructed]. θ = u,
/// ∇_u L = D u^{D−1}⊙g. Mirror form x = α·h(w), h(w) = eʷ (D = 2) or (1−w)^{−D/(D−2)}, w = −c·G with the same c
/// as u^D − v^D.
/// </summary>
public sealed class NonNegativeParametrization : Parametrization
{
    private readonly double _alpha;

    /// <summary>Creates the model.</summary>
    /// <param name="dimension">N. Must be greater than zero.</param>
    /// <param name="depth">D: 2 or a finite real &gt; 2.</param>
    /// <param name="alpha">α = u(0)^D. Must be finite and &gt; 0.</param>
    public NonNegativeParametrization(int dimension, double depth, double alpha)
        : base(dimension, 1)
    {
        Checks.Depth(depth);
        Checks.Alpha(alpha);

        Depth = depth;
        _alpha = alpha;
    }

    /// <inheritdoc/>
    public override string Name => "nonnegative";

    /// <inheritdoc/>
    public override double Depth { get; }

    /// <summary>α = u(0)^D.</summary>
    public double Alpha => _alpha;

    /// <inheritdoc/>
    public override double TimeScale =>
        Depth == 2.0 ? Math.Max(1.0, Math.Log(1.0 / _alpha)) : Math.Pow(_alpha, -(Depth - 2.0) / Depth);

    /// <inheritdoc/>
    public override MirrorLink Mirror =>
        new PotentialLink(new NonNegativePotential(Depth), Enumerable.Repeat(_alpha, Dimension).ToArray());

    /// <inheritdoc/>
    public override (ImplicitL1.Limit.InitializationShape Shape, double Alpha)? LimitShape =>
        (ImplicitL1.Limit.InitializationShape.Scaled(new NonNegativePotential(Depth), Enumerable.Repeat(1.0, Dimension).ToArray()), _alpha);

    /// <inheritdoc/>
    public override double[] InitialState() => Enumerable.Repeat(Math.Pow(_alpha, 1.0 / Depth), Dimension).ToArray();

    /// <inheritdoc/>
    public override void Forward(ReadOnlySpan<double> state, Span<double> x)
    {
        CheckState(state, nameof(state));
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = state[i] * PowDepthMinusOne(state[i], Depth);
        }
    }

    /// <inheritdoc/>
    public override void Gradient(ReadOnlySpan<double> state, ReadOnlySpan<double> g, Span<double> gradient)
    {
        CheckState(state, nameof(state));
        for (int i = 0; i < Dimension; i++)
        {
            gradient[i] = Depth * PowDepthMinusOne(state[i], Depth) * g[i];
        }
    }

    /// <inheritdoc/>
    public override void SecondDerivatives(ReadOnlySpan<double> state, Span<double> second)
    {
        // ∂²(u^D)/∂u² = D(D−1)u^{D−2}.
        CheckState(state, nameof(state));
        for (int i = 0; i < Dimension; i++)
        {
            second[i] = Depth * (Depth - 1.0) * PowDepthMinusOne(state[i], Depth - 1.0);
        }
    }

    /// <inheritdoc/>
    public override void DescentStep(Span<double> state, ReadOnlySpan<double> g, double eta, Span<double> x)
    {
        double step = eta * Depth;
        for (int i = 0; i < Dimension; i++)
        {
            double u = state[i] - (step * PowDepthMinusOne(state[i], Depth) * g[i]);
            state[i] = u;
            x[i] = u * PowDepthMinusOne(u, Depth);
        }
    }
}
