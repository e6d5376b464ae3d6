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
/// Gradient flow in weight space: θ' = −∇_θL(θ), Jacobian −∇²L by central differences of the gradient.
/// </summary>
internal sealed class WeightSystem : IStiffSystem
{
    private readonly RegressionProblem _problem;
    private readonly Parametrization _parametrization;
    private readonly double[] _x, _r, _g, _plus, _minus, _shifted;

    public WeightSystem(RegressionProblem problem, Parametrization parametrization)
    {
        _problem = problem;
        _parametrization = parametrization;
        _x = new double[problem.Cols];
        _r = new double[problem.Rows];
        _g = new double[problem.Cols];
        _plus = new double[parametrization.StateLength];
        _minus = new double[parametrization.StateLength];
        _shifted = new double[parametrization.StateLength];
    }

    public int Dimension => _parametrization.StateLength;

    public bool Map(ReadOnlySpan<double> theta, Span<double> x)
    {
        _parametrization.Forward(theta, x);
        return true;
    }

    public bool Rhs(ReadOnlySpan<double> theta, Span<double> f)
    {
        _parametrization.Forward(theta, _x);
        _problem.Multiply(_x, _r);
        var y = _problem.Y;
        for (int i = 0; i < _r.Length; i++)
        {
            _r[i] -= y[i];
        }

        _problem.MultiplyTransposed(_r, _g);
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
        int n = Dimension;
        theta.CopyTo(_shifted);
        for (int j = 0; j < n; j++)
        {
            double step = 6e-6 * Math.Max(Math.Abs(theta[j]), 1e-3);
            _shifted[j] = theta[j] + step;
            if (!Rhs(_shifted, _plus))
            {
                return false;
            }

            _shifted[j] = theta[j] - step;
            if (!Rhs(_shifted, _minus))
            {
                return false;
            }

            _shifted[j] = theta[j];
            double inv = 1.0 / (2.0 * step);
            for (int i = 0; i < n; i++)
            {
                jacobian[(i * n) + j] = (_plus[i] - _minus[i]) * inv;
            }
        }

        return true;
    }
}
