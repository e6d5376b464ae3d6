namespace ImplicitL1.Dynamics;

/// <summary>
/// Unbalanced depth-D product x = w₁⊙w₂⊙…⊙w_D, each layer with its own initialization. θ = (w₁, …, w_D),
/// ∇_{w_k}L = (Π_{j≠k} w_j)⊙g. The differences w_j² − w_k² are conserved by gradient flow, but no closed-form link
/// exists in general, so flows are integrated in weight space.
/// </summary>
public sealed class LayeredParametrization : Parametrization
{
    private readonly double[] _initial;

    /// <summary>Creates the model from D ≥ 2 initial layers of a common length N (finite entries).</summary>
    public LayeredParametrization(IReadOnlyList<double[]> layers)
        : base(CheckLayers(layers), layers.Count)
    {
        _initial = new double[layers.Count * Dimension];
        for (int k = 0; k < layers.Count; k++)
        {
            CheckEntries(layers[k], Dimension, $"layers[{k}]", positive: false);
            layers[k].CopyTo(_initial, k * Dimension);
        }
    }

    /// <inheritdoc/>
    public override string Name => "layers";

    /// <inheritdoc/>
    public override double Depth => Layers;

    /// <inheritdoc/>
    public override double[] InitialState() => (double[])_initial.Clone();

    /// <inheritdoc/>
    public override void Forward(ReadOnlySpan<double> state, Span<double> x)
    {
        CheckState(state, nameof(state));
        int n = Dimension;
        state[..n].CopyTo(x);
        for (int k = 1; k < Layers; k++)
        {
            for (int i = 0; i < n; i++)
            {
                x[i] *= state[(k * n) + i];
            }
        }
    }

    /// <inheritdoc/>
    public override void Gradient(ReadOnlySpan<double> state, ReadOnlySpan<double> g, Span<double> gradient)
    {
        CheckState(state, nameof(state));
        int n = Dimension;
        for (int k = 0; k < Layers; k++)
        {
            for (int i = 0; i < n; i++)
            {
                double others = g[i];
                for (int j = 0; j < Layers; j++)
                {
                    if (j != k)
                    {
                        others *= state[(j * n) + i];
                    }
                }

                gradient[(k * n) + i] = others;
            }
        }
    }

    /// <inheritdoc/>
    public override void SecondDerivatives(ReadOnlySpan<double> state, Span<double> second)
    {
        // ∂²(w₁⋯w_L)/∂w_l∂w_k = Π_{j≠l,k} w_j for l ≠ k, 0 for l = k.
        CheckState(state, nameof(state));
        int n = Dimension, layers = Layers;
        for (int l = 0; l < layers; l++)
        {
            for (int k = 0; k < layers; k++)
            {
                for (int i = 0; i < n; i++)
                {
                    double others = l == k ? 0.0 : 1.0;
                    for (int j = 0; j < layers && l != k; j++)
                    {
                        if (j != l && j != k)
                        {
                            others *= state[(j * n) + i];
                        }
                    }

                    second[(((l * layers) + k) * n) + i] = others;
                }
            }
        }
    }

    /// <inheritdoc/>
    public override void DescentStep(Span<double> state, ReadOnlySpan<double> g, double eta, Span<double> x)
    {
        int n = Dimension, layers = Layers;
        Span<double> old = stackalloc double[Math.Min(layers, 64)];
        for (int i = 0; i < n; i++)
        {
            for (int k = 0; k < layers; k++)
            {
                old[k] = state[(k * n) + i];
            }

            double product = 1.0;
            for (int k = 0; k < layers; k++)
            {
                double others = eta * g[i];
                for (int j = 0; j < layers; j++)
                {
                    if (j != k)
                    {
                        others *= old[j];
                    }
                }

                double updated = old[k] - others;
                state[(k * n) + i] = updated;
                product *= updated;
            }

            x[i] = product;
        }
    }

    private static int CheckLayers(IReadOnlyList<double[]> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count < 2)
        {
            throw new ArgumentException($"layers has {layers.Count} entries but depth D ≥ 2 layers are required.", nameof(layers));
        }

        if (layers.Count > 64)
        {
            throw new ArgumentException($"layers has {layers.Count} entries; at most 64 are supported.", nameof(layers));
        }

        return layers[0].Length;
    }
}
