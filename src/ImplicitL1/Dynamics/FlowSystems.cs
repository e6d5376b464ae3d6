using ImplicitL1.Kernels;
using ImplicitL1.LinearAlgebra;
using ImplicitL1.Problems;

namespace ImplicitL1.Dynamics;

/// <summary>
/// Gradient flow in mirror coordinates: s' = A·L(Aᵀs) − y with s = ∫₀ᵗ(Ax − y), Jacobian A·diag(L'(Aᵀs))·Aᵀ
/// (symmetric negative definite for full-row-rank A).
/// </summary>
internal sealed class MirrorSystem : IStiffSystem
{
    private readonly RegressionProblem _problem;
    private readonly MirrorLink _link;
    private readonly double[] _g, _x, _slope, _negSlope, _scratch, _gram, _delta;

    public MirrorSystem(RegressionProblem problem, MirrorLink link)
    {
        _problem = problem;
        _link = link;
        _g = new double[problem.Cols];
        _x = new double[problem.Cols];
        _slope = new double[problem.Cols];
        _negSlope = new double[problem.Cols];
        _scratch = new double[WeightedGram.BlockRows * problem.Cols];
        _gram = new double[problem.Rows * problem.Rows];
        _delta = new double[problem.Rows];
    }

    public int Dimension => _problem.Rows;

    /// <summary>x at the last state passed to <see cref="Rhs"/> or <see cref="Jacobian"/>.</summary>
    public ReadOnlySpan<double> X => _x;

    public bool Map(ReadOnlySpan<double> s, Span<double> x)
    {
        _problem.MultiplyTransposed(s, _g);
        bool ok = _link.Evaluate(_g, _x, _slope);
        _x.CopyTo(x);
        return ok;
    }

    public bool Rhs(ReadOnlySpan<double> s, Span<double> f)
    {
        _problem.MultiplyTransposed(s, _g);
        if (!_link.Evaluate(_g, _x, _slope))
        {
            return false;
        }

        _problem.Multiply(_x, f);
        var y = _problem.Y;
        for (int i = 0; i < f.Length; i++)
        {
            f[i] -= y[i];
            if (!double.IsFinite(f[i]))
            {
                return false;
            }
        }

        return true;
    }

    public bool Jacobian(ReadOnlySpan<double> s, Span<double> jacobian)
    {
        _problem.MultiplyTransposed(s, _g);
        if (!_link.Evaluate(_g, _x, _slope))
        {
            return false;
        }

        WeightedGram.Compute(_problem.A, _problem.Rows, _problem.Cols, _slope, _scratch, jacobian);
        return true;
    }

    /// <summary>
    /// ‖Δx‖∞ of the full Newton step on f(s) = 0 from s (f given): δ = −J⁻¹f, Δx = L'⊙Aᵀδ. Quadratic convergence
    /// makes it an estimate of the distance to the flow's limit; +∞ when J is not negative definite.
    /// </summary>
    public double NewtonChange(ReadOnlySpan<double> s, ReadOnlySpan<double> f)
    {
        _problem.MultiplyTransposed(s, _g);
        if (!_link.Evaluate(_g, _x, _slope))
        {
            return double.PositiveInfinity;
        }

        for (int i = 0; i < _slope.Length; i++)
        {
            _negSlope[i] = -_slope[i];
        }

        WeightedGram.Compute(_problem.A, _problem.Rows, _problem.Cols, _negSlope, _scratch, _gram);
        if (!Cholesky.TryFactor(_gram, _problem.Rows))
        {
            return double.PositiveInfinity;
        }

        f.CopyTo(_delta); // (−J)δ = f
        Cholesky.Solve(_gram, _problem.Rows, _delta);
        _problem.MultiplyTransposed(_delta, _g);
        double change = 0.0;
        for (int i = 0; i < _g.Length; i++)
        {
            change = Math.Max(change, Math.Abs(_slope[i] * _g[i]));
        }

        return double.IsFinite(change) ? change : double.PositiveInfinity;
    }
}

/// <summary>
/// Gradient flow in weight space: θ' = −∇_θL(θ) with the analytic Jacobian
/// −∂²L/∂θ_{l,i}∂θ_{k,j} = −(c_{l,i}(AᵀA)_{ij}c_{k,j} + δ_{ij} gᵢ ∂²xᵢ/∂θ_{l,i}∂θ_{k,i}), c = ∂x/∂θ, g = Aᵀ(Ax − y).
/// </summary>
internal sealed class WeightSystem : IStiffSystem
{
    private readonly RegressionProblem _problem;
    private readonly Parametrization _parametrization;
    private readonly double[] _x, _r, _g, _ones, _first, _second, _gram;

    public WeightSystem(RegressionProblem problem, Parametrization parametrization)
    {
        _problem = problem;
        _parametrization = parametrization;
        int n = problem.Cols, layers = parametrization.Layers;
        _x = new double[n];
        _r = new double[problem.Rows];
        _g = new double[n];
        _ones = Enumerable.Repeat(1.0, n).ToArray();
        _first = new double[parametrization.StateLength];
        _second = new double[layers * layers * n];
        _gram = Gram(problem);
    }

    public int Dimension => _parametrization.StateLength;

    public bool Map(ReadOnlySpan<double> theta, Span<double> x)
    {
        _parametrization.Forward(theta, x);
        return true;
    }

    public bool Rhs(ReadOnlySpan<double> theta, Span<double> f)
    {
        Residual(theta);
        _parametrization.Gradient(theta, _g, f);
        for (int i = 0; i < f.Length; i++)
        {
            f[i] = -f[i];
            if (!double.IsFinite(f[i]))
            {
                return false;
            }
        }

        return true;
    }

    public bool Jacobian(ReadOnlySpan<double> theta, Span<double> jacobian)
    {
        Residual(theta);
        _parametrization.Gradient(theta, _ones, _first); // c_{l,i} = ∂xᵢ/∂θ_{l,i}
        _parametrization.SecondDerivatives(theta, _second);
        int n = _problem.Cols, layers = _parametrization.Layers, dim = Dimension;
        for (int l = 0; l < layers; l++)
        {
            for (int i = 0; i < n; i++)
            {
                var row = jacobian.Slice(((l * n) + i) * dim, dim);
                double ci = _first[(l * n) + i];
                for (int k = 0; k < layers; k++)
                {
                    for (int j = 0; j < n; j++)
                    {
                        row[(k * n) + j] = -ci * _gram[(i * n) + j] * _first[(k * n) + j];
                    }

                    row[(k * n) + i] -= _g[i] * _second[(((l * layers) + k) * n) + i];
                }
            }
        }

        foreach (double value in jacobian[..(dim * dim)])
        {
            if (!double.IsFinite(value))
            {
                return false;
            }
        }

        return true;
    }

    // r = Ax − y, g = Aᵀr at θ.
    private void Residual(ReadOnlySpan<double> theta)
    {
        _parametrization.Forward(theta, _x);
        _problem.Multiply(_x, _r);
        var y = _problem.Y;
        for (int i = 0; i < _r.Length; i++)
        {
            _r[i] -= y[i];
        }

        _problem.MultiplyTransposed(_r, _g);
    }

    // AᵀA (N×N, row-major) as a sum of outer products of A's rows.
    private static double[] Gram(RegressionProblem problem)
    {
        int n = problem.Cols;
        var gram = new double[n * n];
        var a = problem.A;
        for (int r = 0; r < problem.Rows; r++)
        {
            var row = a.Slice(r * n, n);
            for (int i = 0; i < n; i++)
            {
                StepKernels.AddScaled(row, row[i], gram.AsSpan(i * n, n));
            }
        }

        return gram;
    }
}
