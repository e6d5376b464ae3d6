using System.Numerics.Tensors;

namespace ImplicitL1.LinearAlgebra;

/// <summary>
/// Left-preconditioned GMRES without restart (Saad, Iterative Methods for Sparse Linear Systems, Alg. 9.4): x_k
/// minimizes ‖M⁻¹(b − A x)‖₂ over the Krylov space of M⁻¹A, with modified Gram–Schmidt and Givens rotations. Used
/// with M = a factorization of a nearby matrix, where a few iterations suffice; the residual it reports is that of
/// the preconditioned system, i.e. an error in the units of x.
/// </summary>
internal sealed class Gmres
{
    private readonly int _n, _maxIterations;
    private readonly double[][] _basis;
    private readonly double[] _hessenberg, _cos, _sin, _g, _w, _y;

    /// <summary>Workspace for systems of size <paramref name="n"/> and up to <paramref name="maxIterations"/> iterations.</summary>
    public Gmres(int n, int maxIterations)
    {
        _n = n;
        _maxIterations = maxIterations;
        _basis = [.. Enumerable.Range(0, maxIterations + 1).Select(_ => new double[n])];
        _hessenberg = new double[(maxIterations + 1) * maxIterations];
        _cos = new double[maxIterations];
        _sin = new double[maxIterations];
        _g = new double[maxIterations + 1];
        _w = new double[n];
        _y = new double[maxIterations];
    }

    /// <summary>A linear map y = f(x) (x and y of length n; y is overwritten).</summary>
    public delegate void Map(ReadOnlySpan<double> x, Span<double> y);

    /// <summary>
    /// Solves A x = b from x = 0 until ‖M⁻¹(b − Ax)‖ ≤ <paramref name="relativeTolerance"/>·‖M⁻¹b‖; returns the
    /// iterations used and whether the tolerance was met (x holds the best iterate either way).
    /// </summary>
    public (int Iterations, bool Converged) Solve(Map apply, Map precondition, ReadOnlySpan<double> b, Span<double> x, double relativeTolerance)
    {
        int n = _n, k = _maxIterations;
        x.Clear();
        precondition(b, _basis[0]);
        double beta = TensorPrimitives.Norm(_basis[0]);
        if (!(beta > 0) || !double.IsFinite(beta))
        {
            return (0, beta == 0);
        }

        TensorPrimitives.Multiply(_basis[0], 1.0 / beta, _basis[0]);
        Array.Clear(_g);
        _g[0] = beta;
        int used = 0;
        bool converged = false;
        for (int j = 0; j < k; j++)
        {
            // w = M⁻¹ A v_j, orthogonalized against v_0..v_j (modified Gram–Schmidt).
            apply(_basis[j], _w);
            precondition(_w, _basis[j + 1]);
            var v = _basis[j + 1];
            for (int i = 0; i <= j; i++)
            {
                double h = TensorPrimitives.Dot(v, _basis[i]);
                _hessenberg[(i * k) + j] = h;
                TensorPrimitives.MultiplyAdd(_basis[i], -h, v, v);
            }

            double norm = TensorPrimitives.Norm(v);
            _hessenberg[((j + 1) * k) + j] = norm;
            if (norm > 0)
            {
                TensorPrimitives.Multiply(v, 1.0 / norm, v);
            }

            // Apply the earlier rotations to column j, then a new one that zeroes H[j+1, j].
            for (int i = 0; i < j; i++)
            {
                double a = _hessenberg[(i * k) + j], c = _hessenberg[((i + 1) * k) + j];
                _hessenberg[(i * k) + j] = (_cos[i] * a) + (_sin[i] * c);
                _hessenberg[((i + 1) * k) + j] = (-_sin[i] * a) + (_cos[i] * c);
            }

            double diag = _hessenberg[(j * k) + j], below = _hessenberg[((j + 1) * k) + j];
            double r = Math.Sqrt((diag * diag) + (below * below));
            if (!(r > 0) || !double.IsFinite(r))
            {
                break;
            }

            _cos[j] = diag / r;
            _sin[j] = below / r;
            _hessenberg[(j * k) + j] = r;
            _hessenberg[((j + 1) * k) + j] = 0;
            _g[j + 1] = -_sin[j] * _g[j];
            _g[j] *= _cos[j];
            used = j + 1;
            if (Math.Abs(_g[j + 1]) <= relativeTolerance * beta || norm == 0)
            {
                converged = true;
                break;
            }
        }

        // x = V y with H y = g (upper triangular back substitution).
        var y = _y;
        for (int i = used - 1; i >= 0; i--)
        {
            double acc = _g[i];
            for (int l = i + 1; l < used; l++)
            {
                acc -= _hessenberg[(i * k) + l] * y[l];
            }

            y[i] = acc / _hessenberg[(i * k) + i];
        }

        for (int i = 0; i < used; i++)
        {
            TensorPrimitives.MultiplyAdd(_basis[i], y[i], x, x);
        }

        foreach (double value in x)
        {
            if (!double.IsFinite(value))
            {
                return (used, false);
            }
        }

        return (used, converged && used > 0);
    }
}
