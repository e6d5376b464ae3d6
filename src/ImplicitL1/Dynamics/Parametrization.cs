using ImplicitL1.Potentials;

namespace ImplicitL1.Dynamics;

/// <summary>
/// A diagonal linear network x = F(θ): its weights θ (<see cref="Layers"/> vectors of length N stored layer after
/// layer), the forward map, the gradient of L = ½‖Ax − y‖² with respect to θ given g = Aᵀ(Ax − y), and, where one
/// exists, the mirror form of its gradient flow (docs/theory.md §2) [reconstructed].
/// </summary>
public abstract class Parametrization
{
    /// <summary>Sets N and the number of weight layers.</summary>
    protected Parametrization(int dimension, int layers)
    {
        if (dimension <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "N must be greater than zero.");
        }

        Dimension = dimension;
        Layers = layers;
    }

    /// <summary>N, the length of x.</summary>
    public int Dimension { get; }

    /// <summary>Number of weight vectors of length N (2 for u^D − v^D and u⊙v, 1 for u^D, D for D layers).</summary>
    public int Layers { get; }

    /// <summary>Length of θ: <see cref="Layers"/>·N.</summary>
    public int StateLength => Layers * Dimension;

    /// <summary>Short name used in output ("balanced", "nonnegative", "product", "layers").</summary>
    public abstract string Name { get; }

    /// <summary>Depth D (degree of x in the weights).</summary>
    public abstract double Depth { get; }

    /// <summary>
    /// The natural time unit of the flow: log(1/α) for D = 2 (docs/theory.md §6), α^{−(D−2)/D} for D &gt; 2, 1 when the
    /// parametrization has no scale α. Checkpoints report t divided by it.
    /// </summary>
    public virtual double TimeScale => 1.0;

    /// <summary>Gradient flow x(t) = L(Aᵀ∫₀ᵗ r) in closed form, or null when the flow has none.</summary>
    public virtual MirrorLink? Mirror => null;

    /// <summary>
    /// The potential and scale whose <see cref="Limit.DualNewton"/> minimizer is the flow's limit x∞, or null when
    /// the library has no such potential for this initialization.
    /// </summary>
    public virtual LimitPotential? Limit => null;

    /// <summary>
    /// The per-coordinate initialization and global α whose <see cref="ImplicitL1.Limit.ShapedLimit"/> gives the flow's limit when
    /// there is no scalar-α <see cref="Limit"/>; null when the library has neither.
    /// </summary>
    public virtual (ImplicitL1.Limit.InitializationShape Shape, double Alpha)? LimitShape => null;

    /// <summary>A new array holding θ(0).</summary>
    public abstract double[] InitialState();

    /// <summary>x = F(θ).</summary>
    public abstract void Forward(ReadOnlySpan<double> state, Span<double> x);

    /// <summary>gradient = ∇_θ L = (∂x/∂θ)ᵀ g, with g = Aᵀ(Ax − y).</summary>
    public abstract void Gradient(ReadOnlySpan<double> state, ReadOnlySpan<double> g, Span<double> gradient);

    /// <summary>
    /// The second derivatives of each xᵢ in its own weights: <paramref name="second"/>[((l·L) + k)·N + i] =
    /// ∂²xᵢ/∂θ_{l,i}∂θ_{k,i} (L = <see cref="Layers"/>), for the analytic weight-space Jacobian of gradient flow.
    /// </summary>
    public abstract void SecondDerivatives(ReadOnlySpan<double> state, Span<double> second);

    /// <summary>
    /// One gradient-descent update θ ← θ − η·∇_θL(θ) for the given g, then x = F(θ) for the new θ, in one O(N)
    /// sweep. Must not allocate.
    /// </summary>
    public abstract void DescentStep(Span<double> state, ReadOnlySpan<double> g, double eta, Span<double> x);

    /// <summary>
    /// Curvature factor κ with ‖∂x/∂θ‖² ≤ κ around an x of sup-norm <paramref name="xScale"/>; the safe GD step
    /// is ~1/(κ‖A‖₂²). Default D²·xScale^{2−2/D} (docs/theory.md §6).
    /// </summary>
    public virtual double Curvature(double xScale) =>
        Depth * Depth * Math.Pow(Math.Max(xScale, 1e-300), 2.0 - (2.0 / Depth));

    /// <summary>Throws unless <paramref name="state"/> has length <see cref="StateLength"/>.</summary>
    protected void CheckState(ReadOnlySpan<double> state, string name)
    {
        if (state.Length != StateLength)
        {
            throw new ArgumentException(
                $"{name} has length {state.Length} but {Name} with N = {Dimension} has {StateLength} weights.", name);
        }
    }

    /// <summary>Throws unless every entry is finite (and &gt; 0 when <paramref name="positive"/>).</summary>
    internal static void CheckEntries(ReadOnlySpan<double> values, int n, string name, bool positive)
    {
        if (values.Length != n)
        {
            throw new ArgumentException($"{name} has {values.Length} entries but N = {n}.", name);
        }

        for (int i = 0; i < values.Length; i++)
        {
            bool bad = positive ? !(values[i] > 0) || !double.IsFinite(values[i]) : !double.IsFinite(values[i]);
            if (bad)
            {
                throw new ArgumentOutOfRangeException(name, values[i],
                    $"{name}[{i}] is {values[i]}; every entry must be finite{(positive ? " and > 0" : string.Empty)}.");
            }
        }
    }

    /// <summary>Throws unless D is a finite real ≥ 2 (<see cref="Checks.Depth"/>).</summary>
    internal static void CheckDepth(double depth, string name) => Checks.Depth(depth, name);

    /// <summary>t^(D−1) with repeated multiplication for integer D ≤ 4.</summary>
    internal static double PowDepthMinusOne(double t, double depth) => depth switch
    {
        2.0 => t,
        3.0 => t * t,
        4.0 => t * t * t,
        _ => Math.Pow(t, depth - 1.0),
    };
}

/// <summary>A potential and the scale α at which <see cref="Limit.DualNewton"/> gives the flow's limit.</summary>
/// <param name="Potential">The mirror potential (docs/theory.md §2).</param>
/// <param name="Alpha">The scale α of x = α·h(w).</param>
public sealed record LimitPotential(IPotential Potential, double Alpha);

/// <summary>
/// The separable link of a mirror-form gradient flow (docs/theory.md §2) [reconstructed]: with s(t) = ∫₀ᵗ (Ax − y) and
/// G = Aᵀs, every coordinate is a fixed function xᵢ = Lᵢ(Gᵢ) of Gᵢ alone, so GF is the m-dimensional ODE
/// s' = A·L(Aᵀs) − y with Jacobian A·diag(L'(G))·Aᵀ.
/// </summary>
public abstract class MirrorLink
{
    /// <summary>x = L(G) and slope = L'(G); false when some Gᵢ leaves the link's domain or a value is not finite.</summary>
    public abstract bool Evaluate(ReadOnlySpan<double> integratedGradient, Span<double> x, Span<double> slope);
}
