namespace ImplicitL1.Dynamics;

/// <summary>An autonomous ODE y' = f(y) with its Jacobian, for <see cref="Rosenbrock23"/>.</summary>
internal interface IStiffSystem
{
    int Dimension { get; }

    /// <summary>f(y); false when y is outside the domain or f is not finite.</summary>
    bool Rhs(ReadOnlySpan<double> y, Span<double> f);

    /// <summary>∂f/∂y at y, row-major n×n; false when it cannot be evaluated.</summary>
    bool Jacobian(ReadOnlySpan<double> y, Span<double> jacobian);
}

/// <summary>
/// The L-stable Rosenbrock pair of order 2(3) of MATLAB's ode23s (Shampine &amp; Reichelt, "The MATLAB ODE Suite",
/// SIAM J. Sci. Comput. 18, 1997), autonomous form, d = 1/(2+√2), e₃₂ = 6+√2, W = I − h·d·J:
/// k₁ = W⁻¹f(y), k₂ = W⁻¹(f(y + ½hk₁) − k₁) + k₁, y₁ = y + hk₂, k₃ = W⁻¹(f(y₁) − e₃₂(k₂ − f(y+½hk₁)) − 2(k₁ − f(y))),
/// error ≈ (h/6)(k₁ − 2k₂ + k₃). As h → ∞ a step tends to a Newton step on f = 0, so steady states are reached
/// in few steps. Buffers are allocated once.
/// </summary>
internal sealed class Rosenbrock23
{
    private static readonly double Gamma = 1.0 / (2.0 + Math.Sqrt(2.0));
    private static readonly double E32 = 6.0 + Math.Sqrt(2.0);

    private readonly int _n;
    private readonly double[] _w, _k1, _k2, _k3, _f1, _stage;
    private readonly int[] _pivot;

    public Rosenbrock23(int n)
    {
        _n = n;
        _w = new double[n * n];
        _k1 = new double[n];
        _k2 = new double[n];
        _k3 = new double[n];
        _f1 = new double[n];
        _stage = new double[n];
        _pivot = new int[n];
    }

    /// <summary>
    /// One step from y (with f0 = f(y) and J = ∂f/∂y(y)) of size h into yNew, fNew = f(yNew); returns the scaled
    /// error norm max |errᵢ|/(atol + rtol·max(|yᵢ|, |yNewᵢ|)), or +∞ when a stage left the domain.
    /// </summary>
    public double Step(IStiffSystem system, ReadOnlySpan<double> y, ReadOnlySpan<double> f0, ReadOnlySpan<double> jacobian,
        double h, double rtol, double atol, Span<double> yNew, Span<double> fNew)
    {
        int n = _n;
        double hd = h * Gamma;
        for (int i = 0; i < n * n; i++)
        {
            _w[i] = -hd * jacobian[i];
        }

        for (int i = 0; i < n; i++)
        {
            _w[(i * n) + i] += 1.0;
        }

        if (!DenseLu.Factor(_w, n, _pivot))
        {
            return double.PositiveInfinity;
        }

        f0.CopyTo(_k1);
        DenseLu.Solve(_w, n, _pivot, _k1);
        for (int i = 0; i < n; i++)
        {
            _stage[i] = y[i] + (0.5 * h * _k1[i]);
        }

        if (!system.Rhs(_stage, _f1))
        {
            return double.PositiveInfinity;
        }

        for (int i = 0; i < n; i++)
        {
            _k2[i] = _f1[i] - _k1[i];
        }

        DenseLu.Solve(_w, n, _pivot, _k2);
        for (int i = 0; i < n; i++)
        {
            _k2[i] += _k1[i];
            yNew[i] = y[i] + (h * _k2[i]);
        }

        if (!system.Rhs(yNew, fNew))
        {
            return double.PositiveInfinity;
        }

        for (int i = 0; i < n; i++)
        {
            _k3[i] = fNew[i] - (E32 * (_k2[i] - _f1[i])) - (2.0 * (_k1[i] - f0[i]));
        }

        DenseLu.Solve(_w, n, _pivot, _k3);
        double norm = 0.0;
        for (int i = 0; i < n; i++)
        {
            double error = h / 6.0 * (_k1[i] - (2.0 * _k2[i]) + _k3[i]);
            double scale = atol + (rtol * Math.Max(Math.Abs(y[i]), Math.Abs(yNew[i])));
            norm = Math.Max(norm, Math.Abs(error) / scale);
        }

        return double.IsFinite(norm) ? norm : double.PositiveInfinity;
    }
}

/// <summary>In-place LU with partial pivoting of a small dense row-major matrix (PA = LU).</summary>
internal static class DenseLu
{
    public static bool Factor(Span<double> a, int n, Span<int> pivot)
    {
        for (int k = 0; k < n; k++)
        {
            int p = k;
            double best = Math.Abs(a[(k * n) + k]);
            for (int i = k + 1; i < n; i++)
            {
                double v = Math.Abs(a[(i * n) + k]);
                if (v > best)
                {
                    best = v;
                    p = i;
                }
            }

            if (!(best > 0) || !double.IsFinite(best))
            {
                return false;
            }

            pivot[k] = p;
            if (p != k)
            {
                for (int j = 0; j < n; j++)
                {
                    (a[(k * n) + j], a[(p * n) + j]) = (a[(p * n) + j], a[(k * n) + j]);
                }
            }

            double inv = 1.0 / a[(k * n) + k];
            for (int i = k + 1; i < n; i++)
            {
                double factor = a[(i * n) + k] * inv;
                a[(i * n) + k] = factor;
                if (factor != 0.0)
                {
                    for (int j = k + 1; j < n; j++)
                    {
                        a[(i * n) + j] -= factor * a[(k * n) + j];
                    }
                }
            }
        }

        return true;
    }

    public static void Solve(ReadOnlySpan<double> lu, int n, ReadOnlySpan<int> pivot, Span<double> b)
    {
        for (int k = 0; k < n; k++)
        {
            if (pivot[k] != k)
            {
                (b[k], b[pivot[k]]) = (b[pivot[k]], b[k]);
            }
        }

        for (int i = 0; i < n; i++)
        {
            double sum = b[i];
            for (int j = 0; j < i; j++)
            {
                sum -= lu[(i * n) + j] * b[j];
            }

            b[i] = sum;
        }

        for (int i = n - 1; i >= 0; i--)
        {
            double sum = b[i];
            for (int j = i + 1; j < n; j++)
            {
                sum -= lu[(i * n) + j] * b[j];
            }

            b[i] = sum / lu[(i * n) + i];
        }
    }
}
