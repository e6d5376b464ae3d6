using ImplicitL1.Dynamics;
using ImplicitL1.Limit;

namespace ImplicitL1.Methods;

/// <summary>What a method computes: the exact limit, integrated gradient flow, gradient descent or mini-batch SGD.</summary>
public enum MethodKind
{
    /// <summary>x∞(α) by <see cref="DualNewton"/> on the parametrization's potential (the exact limit of gradient flow).</summary>
    Limit,

    /// <summary>Gradient flow integrated by <see cref="GradientFlow"/> to its stopping rule.</summary>
    Gf,

    /// <summary>Full-batch gradient descent with a finite step (<see cref="GradientDescent"/>).</summary>
    Gd,

    /// <summary>Mini-batch stochastic gradient descent (<see cref="GradientDescent"/> with a batch size).</summary>
    Sgd,
}

/// <summary>How x is built from the weights.</summary>
public enum ParametrizationKind
{
    /// <summary>x = u^D − v^D with u(0)^D = v(0)^D = α (docs/theory.md §1).</summary>
    Balanced,

    /// <summary>x = u^D with u(0)^D = α.</summary>
    NonNegative,

    /// <summary>x = u⊙v with u(0) = u₀, v(0) = v₀ (default u₀ = 2√α·𝟙, v₀ = 0: the u² − v² model at α).</summary>
    Product,

    /// <summary>x = w₁⊙…⊙w_D with each layer's initialization given (<see cref="MethodSpec.LayerInitializations"/>).</summary>
    Layers,
}

/// <summary>
/// One method with every option it has: kind, parametrization, depth, α and the options of the solver that runs it.
/// Evaluated by <see cref="MethodRunner.Run"/>; sweeps, <c>train</c> and the claims all go through it.
/// </summary>
public sealed record MethodSpec
{
    /// <summary>Which method. Required.</summary>
    public required MethodKind Kind { get; init; }

    /// <summary>Parametrization. Default <see cref="ParametrizationKind.Balanced"/>.</summary>
    public ParametrizationKind Parametrization { get; init; } = ParametrizationKind.Balanced;

    /// <summary>
    /// Depth D ≥ 2 (real D &gt; 2 allowed) for balanced and nonnegative. Default 2. Product has D = 2 and layers
    /// D = number of layers: any other value is refused by <see cref="Build"/>.
    /// </summary>
    public double Depth { get; init; } = 2.0;

    /// <summary>
    /// Initialization scale α &gt; 0 (balanced, nonnegative: u(0)^D = α; product with no u₀, v₀: u(0) = 2√α·𝟙,
    /// v(0) = 0, which is u² − v² at α). Default 1e-2. Layers take their scale from the given layers.
    /// </summary>
    public double Alpha { get; init; } = 1e-2;

    /// <summary>Product: u(0) (with <see cref="ProductV0"/>); null for the symmetric start at α.</summary>
    public IReadOnlyList<double>? ProductU0 { get; init; }

    /// <summary>Product: v(0) (with <see cref="ProductU0"/>).</summary>
    public IReadOnlyList<double>? ProductV0 { get; init; }

    /// <summary>Layers: one initialization vector per layer (D = their count). Required for <see cref="ParametrizationKind.Layers"/>.</summary>
    public IReadOnlyList<double[]>? LayerInitializations { get; init; }

    /// <summary>Options of the exact limit (<see cref="MethodKind.Limit"/>). Default <see cref="LimitOptions"/>' defaults.</summary>
    public LimitOptions Limit { get; init; } = new();

    /// <summary>
    /// Options of gradient flow (<see cref="MethodKind.Gf"/>). References are
    /// inputs of <see cref="MethodRunner.Run"/>.
    /// </summary>
    public GradientFlowOptions Flow { get; init; } = new();

    /// <summary>
    /// Options of GD and SGD. For <see cref="MethodKind.Sgd"/> a null BatchSize means max(1, m/4); for
    /// <see cref="MethodKind.Gd"/> BatchSize must be null. References are not computed here (see <see cref="Flow"/>).
    /// </summary>
    public GradientDescentOptions Descent { get; init; } = new();

    /// <summary>Lower-case name of a method kind ("limit", "gf", "gd", "sgd").</summary>
    public static string Name(MethodKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>Lower-case name of a parametrization ("balanced", "nonnegative", "product", "layers").</summary>
    public static string Name(ParametrizationKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>The model for x ∈ ℝ^<paramref name="n"/>.</summary>
    /// <exception cref="ArgumentException">An option the parametrization does not have was set to a value it cannot honour.</exception>
    public Dynamics.Parametrization Build(int n)
    {
        switch (Parametrization)
        {
            case ParametrizationKind.Balanced:
                return new BalancedParametrization(n, Depth, Alpha);
            case ParametrizationKind.NonNegative:
                return new NonNegativeParametrization(n, Depth, Alpha);
            case ParametrizationKind.Product:
                RequireDepth(2.0, "product (x = u⊙v has depth 2)");
                if ((ProductU0 is null) != (ProductV0 is null))
                {
                    throw new ArgumentException("product: u(0) and v(0) must be given together.", nameof(ProductU0));
                }

                // u(0) = γ𝟙, v(0) = 0 equals u² − v² at α = γ²/4 (docs/theory.md §2), so γ = 2√α.
                return ProductU0 is null
                    ? ProductParametrization.Symmetric(n, 2.0 * Math.Sqrt(Alpha))
                    : new ProductParametrization([.. ProductU0], [.. ProductV0!]);
            default:
                if (LayerInitializations is not { Count: > 0 } layers)
                {
                    throw new ArgumentException("layers: one initialization vector per layer is required.", nameof(LayerInitializations));
                }

                RequireDepth(layers.Count, $"layers (D = the number of layers, {layers.Count})");
                return new LayeredParametrization(layers);
        }
    }

    /// <summary>The α the model starts at, where it has one (balanced, nonnegative, symmetric product); else null.</summary>
    public double? EffectiveAlpha => Parametrization switch
    {
        ParametrizationKind.Balanced or ParametrizationKind.NonNegative => Alpha,
        ParametrizationKind.Product when ProductU0 is null => Alpha,
        _ => null,
    };

    /// <summary>The depth of the model this spec builds.</summary>
    public double EffectiveDepth => Parametrization switch
    {
        ParametrizationKind.Product => 2.0,
        ParametrizationKind.Layers => LayerInitializations?.Count ?? Depth,
        _ => Depth,
    };

    private void RequireDepth(double depth, string what)
    {
        if (Depth != 2.0 && Depth != depth)
        {
            throw new ArgumentException($"{what}: depth {Depth} cannot be honoured.", nameof(Depth));
        }
    }
}
