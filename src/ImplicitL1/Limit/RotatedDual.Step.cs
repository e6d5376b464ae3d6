using System.Numerics.Tensors;
using ImplicitL1.Kernels;
using ImplicitL1.LinearAlgebra;

namespace ImplicitL1.Limit;

/// <summary>
/// The Newton step of <see cref="RotatedDual"/>: H·step = b with H the dual Hessian in the mode's variables. A fresh
/// step forms H (one weighted Gram, m²·N) and factors it; later steps first try GMRES preconditioned by that
/// factorization, whose iterations each cost one Hessian–vector product (two passes over Ã, 4·m·N) and one
/// solve with the old factors, and fall back to a fresh factorization when a few iterations do not meet the
/// tolerance. Near convergence the Hessian changes little, so most steps need no new Gram.
/// </summary>
internal sealed partial class RotatedDual
{
    private Gmres? _gmres;
    private Gmres.Map? _applyPlain, _applyGap, _solvePlain, _solveGap;
    private DualMode? _factored;          // mode of the factors now held (null: none)
    private double _factoredScale;        // e^Λ of the gap factors
    private double[] _rhs = [], _tmpS = [], _tmpQ = [], _coefficients = [], _work = [];
    private bool _inexactStep;            // the last step came from GMRES

    /// <summary>Hessian factorizations (weighted Gram + Cholesky) and GMRES iterations so far.</summary>
    public (int Factorizations, int Krylov) Work => (_factorizations, _krylov);

    private int _factorizations, _krylov;

    /// <summary>
    /// GMRES iterations before a fresh factorization: a Gram costs m²·N multiply–adds, a product one pass over the
    /// m×N matrix, so the break-even count grows with m (10 up to m = 500, 40 from m = 2000).
    /// </summary>
    internal static int KrylovLimit(int m) => Math.Clamp(m / 50, 10, 40);

    /// <summary>Forgets the held factorization (the next step is fresh).</summary>
    public void ResetFactorization() => _factored = null;

    // Newton step at the last evaluation into _step: GMRES on the held factors to the relative tolerance, else fresh.
    private bool Direction(DualMode mode, double relativeTolerance)
    {
        EnsureStepBuffers();
        RightHandSide(mode, _rhs);
        if (_factored == mode)
        {
            var (iterations, converged) = _gmres!.Solve(mode == DualMode.Gap ? _applyGap! : _applyPlain!,
                mode == DualMode.Gap ? _solveGap! : _solvePlain!, _rhs, _step, relativeTolerance);
            _krylov += iterations;
            if (converged)
            {
                // More than half the limit: the factors have gone stale, and the next step pays less by refactoring.
                if (2 * iterations > KrylovLimit(_m))
                {
                    _factored = null;
                }

                _inexactStep = true;
                return true;
            }
        }

        _factored = null;
        _inexactStep = false;
        _factorizations++;
        if (!(mode == DualMode.Gap ? FactorGap() : FactorPlain()))
        {
            return false;
        }

        _factored = mode;
        _rhs.CopyTo(_step, 0);
        return mode == DualMode.Gap ? SolveGap(_step) : SolvePlain(_step);
    }

    private void EnsureStepBuffers()
    {
        if (_gmres is not null)
        {
            return;
        }

        _gmres = new Gmres(_m, KrylovLimit(_m));
        (_rhs, _tmpS, _tmpQ) = (new double[_m], new double[_s], new double[_m - _s]);
        (_coefficients, _work) = (new double[_m], new double[StackedProducts.WorkLength(_m, _n)]);
        _applyPlain = PlainHessianTimes;
        _applyGap = GapHessianTimes;
        _solvePlain = (x, y) =>
        {
            x.CopyTo(y);
            SolvePlain(y);
        };
        _solveGap = (x, y) =>
        {
            x.CopyTo(y);
            SolveGap(y);
        };
    }

    // b = ∇f in the mode's variables: plain ρ; gap (c·σ⊙ρ_S, ρ'_⊥) with the ⊥ rows scaled by e^{−Λ}.
    private void RightHandSide(DualMode mode, Span<double> b)
    {
        _rho.CopyTo(b);
        if (mode == DualMode.Gap)
        {
            double c = _shallow ? 1.0 : -1.0;
            for (int k = 0; k < _s; k++)
            {
                b[k] = c * _sigma[k] * _rho[k];
            }
        }
    }

    // Plain: H = Ã diag(d) Ãᵀ, Jacobi-scaled Cholesky (in place in _h) with a Levenberg shift if needed.
    private bool FactorPlain()
    {
        WeightedGram.Compute(_at, _m, _n, _d, _scratch, _h, _threads);
        return Cholesky.TryFactorScaledInPlace(_h, _m, _scale, _diagonal);
    }

    private bool SolvePlain(Span<double> b)
    {
        Cholesky.SolveScaled(_h, _m, _scale, b);
        return AllFinite(b);
    }

    // y = Ã(d ⊙ Ãᵀx) at the current d.
    private void PlainHessianTimes(ReadOnlySpan<double> x, Span<double> y)
    {
        x.CopyTo(_coefficients);
        StackedProducts.Hessian(_rowsAll, _d, _coefficients, y, _work, _threads);
    }

    /// <summary>
    /// Gap: H' = diag(d_S) ⊕ 0 + e^Λ·M diag(d') Mᵀ with the ⊥ rows divided by e^Λ (nothing underflows), M = E·[K; Ã_⊥]
    /// on Sᶜ, E = diag(c·σ, 1). Block elimination: P = D_S + e^Λ G_SS, Y = P⁻¹G_S⊥, Schur G_⊥⊥ − e^Λ G_⊥S Y.
    /// </summary>
    private bool FactorGap()
    {
        int s = _s, q = _m - _s;
        double eL = Math.Exp(_lambda), c = _shallow ? 1.0 : -1.0;
        _factoredScale = eL;
        if (_nc > 0)
        {
            WeightedGram.Compute(_rowsGap, _dc, _h, _threads);
            for (int j = 0; j < _m; j++)
            {
                for (int l = 0; l < (j < s ? _m : s); l++)
                {
                    _h[(j * _m) + l] *= (j < s ? c * _sigma[j] : 1.0) * (l < s ? c * _sigma[l] : 1.0);
                }
            }
        }
        else
        {
            Array.Clear(_h);
        }

        var p = _pMatrix.AsSpan(0, s * s);
        for (int a = 0; a < s; a++)
        {
            for (int b = 0; b < s; b++)
            {
                p[(a * s) + b] = eL * _h[(a * _m) + b];
            }

            p[(a * s) + a] += _d[a];
        }

        if (!Cholesky.TryFactorScaled(p, _pFactor, s, _pScale))
        {
            return false;
        }

        if (q == 0)
        {
            return true;
        }

        var col = _tmpS;
        for (int j = 0; j < q; j++)
        {
            for (int a = 0; a < s; a++)
            {
                col[a] = _h[(a * _m) + s + j];
            }

            Cholesky.SolveScaled(_pFactor, s, _pScale, col);
            for (int a = 0; a < s; a++)
            {
                _ys[(a * q) + j] = col[a];
            }
        }

        // Row i of the upper triangle: G_⊥⊥[i, i..] − e^Λ Σ_a G_⊥S[i, a]·Y[a, i..] (contiguous rows of Y).
        var schur = _schur.AsSpan(0, q * q);
        for (int i = 0; i < q; i++)
        {
            var row = schur.Slice((i * q) + i, q - i);
            _h.AsSpan(((s + i) * _m) + s + i, q - i).CopyTo(row);
            for (int a = 0; a < s; a++)
            {
                TensorPrimitives.MultiplyAdd(_ys.AsSpan((a * q) + i, q - i), -eL * _h[((s + i) * _m) + a], row, row);
            }
        }

        // Symmetric by construction: the upper triangle, mirrored.
        for (int i = 0; i < q; i++)
        {
            for (int j = 0; j < i; j++)
            {
                schur[(i * q) + j] = schur[(j * q) + i];
            }
        }

        return Cholesky.TryFactorScaledInPlace(schur, q, _scale.AsSpan(0, q), _diagonal.AsSpan(0, q));
    }

    // Solves H'Δ = b in place with the held gap factors: u = P⁻¹b_S, Δ_⊥ = Schur⁻¹(b_⊥ − G_⊥S u), Δ_S = u − e^Λ Y Δ_⊥.
    private bool SolveGap(Span<double> b)
    {
        int s = _s, q = _m - _s;
        var u = b[..s];
        Cholesky.SolveScaled(_pFactor, s, _pScale, u);
        if (q == 0)
        {
            return AllFinite(b);
        }

        var rhs = _tmpQ.AsSpan(0, q);
        for (int i = 0; i < q; i++)
        {
            rhs[i] = b[s + i] - TensorPrimitives.Dot(_h.AsSpan((s + i) * _m, s), u);
        }

        Cholesky.SolveScaled(_schur.AsSpan(0, q * q), q, _scale.AsSpan(0, q), rhs);
        for (int a = 0; a < s; a++)
        {
            u[a] -= _factoredScale * TensorPrimitives.Dot(_ys.AsSpan(a * q, q), rhs);
        }

        rhs.CopyTo(b[s..]);
        return AllFinite(b);
    }

    // y = H'x at the current d, d' and Λ: t = Mᵀx, g = M(d' ⊙ t); y_S = d_S⊙x_S + e^Λ g_S, y_⊥ = g_⊥.
    private void GapHessianTimes(ReadOnlySpan<double> x, Span<double> y)
    {
        double eL = Math.Exp(_lambda), c = _shallow ? 1.0 : -1.0;
        for (int j = 0; j < _m; j++)
        {
            _coefficients[j] = j < _s ? c * _sigma[j] * x[j] : x[j];
        }

        StackedProducts.Hessian(_rowsGap, _dc, _coefficients, y, _work, _threads);
        for (int j = 0; j < _s; j++)
        {
            y[j] = (_d[j] * x[j]) + (eL * c * _sigma[j] * y[j]);
        }
    }

    private static bool AllFinite(ReadOnlySpan<double> values)
    {
        foreach (double value in values)
        {
            if (!double.IsFinite(value))
            {
                return false;
            }
        }

        return true;
    }
}
