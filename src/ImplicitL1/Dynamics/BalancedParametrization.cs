using System.Numerics;
using System.Runtime.InteropServices;
using ImplicitL1.Potentials;

namespace ImplicitL1.Dynamics;

/// <summary>
/// x = u^{⊙D} − v^{⊙D} [paper] with u(0)^D = v(0)^D = αᵢ (docs/theory.md §1 convention; weight scale αᵢ^{1/D}).
/// θ = (u, v). ∇_u L = D u^{D−1}⊙g, ∇_v L = −D v^{D−1}⊙g. Mirror form xᵢ = αᵢ·h_D(wᵢ) (docs/theory.md §2); with a
/// scalar α its limit is <see cref="Limit.DualNewton"/>'s x∞(α).
/// </summary>
public sealed class BalancedParametrization : Parametrization
{
    private readonly double[] _alpha;
    private readonly bool _scalar;

    /// <summary>The balanced network with one scale α for every coordinate.</summary>
    /// <param name="dimension">N. Must be greater than zero.</param>
    /// <param name="depth">D: 2 or a finite real &gt; 2.</param>
    /// <param name="alpha">α = u(0)^D = v(0)^D. Must be finite and &gt; 0.</param>
    public BalancedParametrization(int dimension, double depth, double alpha)
        : base(dimension, 2)
    {
        Checks.Depth(depth);
        Checks.Alpha(alpha);

        Depth = depth;
        _alpha = Enumerable.Repeat(alpha, dimension).ToArray();
        _scalar = true;
    }

    /// <summary>The balanced network with per-coordinate scales αᵢ = u(0)ᵢ^D = v(0)ᵢ^D.</summary>
    /// <param name="depth">D: 2 or a finite real &gt; 2.</param>
    /// <param name="alpha">αᵢ, each finite and &gt; 0; N is its length.</param>
    public BalancedParametrization(double depth, ReadOnlySpan<double> alpha)
        : base(alpha.Length, 2)
    {
        CheckDepth(depth, nameof(depth));
        CheckEntries(alpha, alpha.Length, nameof(alpha), positive: true);
        Depth = depth;
        _alpha = alpha.ToArray();
        _scalar = false;
    }

    /// <inheritdoc/>
    public override string Name => "balanced";

    /// <inheritdoc/>
    public override double Depth { get; }

    /// <summary>αᵢ per coordinate.</summary>
    public ReadOnlySpan<double> Alpha => _alpha;

    /// <summary>True when every coordinate has the same α (the constructor with a scalar α).</summary>
    public bool HasScalarAlpha => _scalar;

    /// <inheritdoc/>
    public override double TimeScale
    {
        get
        {
            double alpha = _alpha.Min();
            return Depth == 2.0 ? Math.Max(1.0, Math.Log(1.0 / alpha)) : Math.Pow(alpha, -(Depth - 2.0) / Depth);
        }
    }

    /// <inheritdoc/>
    public override MirrorLink Mirror => new PotentialLink(new DepthPotential(Depth), _alpha);

    /// <inheritdoc/>
    public override LimitPotential? Limit => _scalar ? new LimitPotential(new DepthPotential(Depth), _alpha[0]) : null;

    /// <inheritdoc/>
    public override (ImplicitL1.Limit.InitializationShape Shape, double Alpha)? LimitShape =>
        _scalar ? null : (ImplicitL1.Limit.InitializationShape.Scaled(new DepthPotential(Depth), _alpha), 1.0);

    /// <inheritdoc/>
    public override double[] InitialState()
    {
        var state = new double[StateLength];
        for (int i = 0; i < Dimension; i++)
        {
            double c = Math.Pow(_alpha[i], 1.0 / Depth);
            state[i] = c;
            state[Dimension + i] = c;
        }

        return state;
    }

    /// <inheritdoc/>
    public override void Forward(ReadOnlySpan<double> state, Span<double> x)
    {
        CheckState(state, nameof(state));
        var u = state[..Dimension];
        var v = state[Dimension..];
        if (Depth == 2.0)
        {
            for (int i = 0; i < x.Length; i++)
            {
                x[i] = (u[i] * u[i]) - (v[i] * v[i]);
            }

            return;
        }

        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (u[i] * PowDepthMinusOne(u[i], Depth)) - (v[i] * PowDepthMinusOne(v[i], Depth));
        }
    }

    /// <inheritdoc/>
    public override void Gradient(ReadOnlySpan<double> state, ReadOnlySpan<double> g, Span<double> gradient)
    {
        CheckState(state, nameof(state));
        int n = Dimension;
        for (int i = 0; i < n; i++)
        {
            gradient[i] = Depth * PowDepthMinusOne(state[i], Depth) * g[i];
            gradient[n + i] = -Depth * PowDepthMinusOne(state[n + i], Depth) * g[i];
        }
    }

    /// <inheritdoc/>
    public override void SecondDerivatives(ReadOnlySpan<double> state, Span<double> second)
    {
        // ∂²(u^D − v^D): D(D−1)u^{D−2} on (u, u), −D(D−1)v^{D−2} on (v, v), 0 across.
        CheckState(state, nameof(state));
        int n = Dimension;
        double c = Depth * (Depth - 1.0);
        for (int i = 0; i < n; i++)
        {
            second[i] = c * PowDepthMinusOne(state[i], Depth - 1.0);
            second[n + i] = 0.0;
            second[(2 * n) + i] = 0.0;
            second[(3 * n) + i] = -c * PowDepthMinusOne(state[n + i], Depth - 1.0);
        }
    }

    /// <inheritdoc/>
    public override void DescentStep(Span<double> state, ReadOnlySpan<double> g, double eta, Span<double> x)
    {
        int n = Dimension;
        var u = state[..n];
        var v = state[n..];
        if (Depth == 2.0)
        {
            // u ← u⊙(1 − 2ηg), v ← v⊙(1 + 2ηg), x = u² − v².
            var vu = MemoryMarshal.Cast<double, Vector<double>>(u);
            var vv = MemoryMarshal.Cast<double, Vector<double>>(v);
            var vg = MemoryMarshal.Cast<double, Vector<double>>(g[..n]);
            var vx = MemoryMarshal.Cast<double, Vector<double>>(x[..n]);
            var twoEta = new Vector<double>(2.0 * eta);
            for (int k = 0; k < vu.Length; k++)
            {
                var z = twoEta * vg[k];
                var nu = vu[k] - (vu[k] * z);
                var nv = vv[k] + (vv[k] * z);
                vu[k] = nu;
                vv[k] = nv;
                vx[k] = (nu * nu) - (nv * nv);
            }

            for (int i = vu.Length * Vector<double>.Count; i < n; i++)
            {
                double z = 2.0 * eta * g[i];
                double nu = u[i] - (u[i] * z);
                double nv = v[i] + (v[i] * z);
                u[i] = nu;
                v[i] = nv;
                x[i] = (nu * nu) - (nv * nv);
            }

            return;
        }

        double step = eta * Depth;
        for (int i = 0; i < n; i++)
        {
            double pu = PowDepthMinusOne(u[i], Depth);
            double pv = PowDepthMinusOne(v[i], Depth);
            double nu = u[i] - (step * pu * g[i]);
            double nv = v[i] + (step * pv * g[i]);
            u[i] = nu;
            v[i] = nv;
            x[i] = (nu * PowDepthMinusOne(nu, Depth)) - (nv * PowDepthMinusOne(nv, Depth));
        }
    }
}
