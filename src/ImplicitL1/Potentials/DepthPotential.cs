using static ImplicitL1.Potentials.SpecialFunctions;

namespace ImplicitL1.Potentials;

/// <summary>
/// Potential of the depth-D diagonal network x = u^D − v^D with u(0)^D = v(0)^D = α (docs/theory.md §2)
/// [reconstructed]. D = 2: h(w) = 2 sinh w, φ(w) = 2(cosh w − 1), q(t) = 2 − √(4+t²) + t·arcsinh(t/2).
/// D &gt; 2 (real): h(w) = (1−w)^{−p} − (1+w)^{−p} with p = D/(D−2) on w ∈ (−1, 1),
/// φ(w) = ((D−2)/2)·[(1−w)^{−2/(D−2)} + (1+w)^{−2/(D−2)} − 2]. Every function is evaluated without cancellation:
/// odd symmetry, log1p/expm1/atanh forms, and log-domain products with α.
/// </summary>
public sealed class DepthPotential : IPotential
{
    private readonly double _p;    // D/(D−2)
    private readonly double _k;    // 2/(D−2) = p − 1
    private readonly double _r;    // (2D−2)/(D−2) = p + 1

    /// <summary>Creates the potential for depth <paramref name="depth"/>.</summary>
    /// <param name="depth">D. Must be 2 or a finite real number greater than 2.</param>
    public DepthPotential(double depth)
    {
        (_p, _k, _r) = LinkExponents.For(depth);
        Depth = depth;
        IsShallow = depth == 2.0;
    }

    /// <inheritdoc/>
    public double Depth { get; }

    /// <summary>True for D = 2 (w unbounded); false for D &gt; 2 (w ∈ (−1, 1)).</summary>
    public bool IsShallow { get; }

    /// <summary>p = D/(D−2), the exponent of the link for D &gt; 2 (NaN for D = 2).</summary>
    public double LinkExponent => IsShallow ? double.NaN : _p;

    /// <inheritdoc/>
    public double DualLower => IsShallow ? double.NegativeInfinity : -1.0;

    /// <inheritdoc/>
    public double DualUpper => IsShallow ? double.PositiveInfinity : 1.0;

    /// <summary>Weight scale c = α^{1/D} of u(0) = v(0) = c·𝟙 (Woodworth et al., PyTorch-style code).</summary>
    public double WeightScale(double alpha) => Math.Pow(alpha, 1.0 / Depth);

    /// <summary>α = c^D from the weight scale c.</summary>
    public double AlphaFromWeightScale(double c) => Math.Pow(c, Depth);

    /// <inheritdoc/>
    public double H(double w) => IsShallow ? 2.0 * Math.Sinh(w) : Math.CopySign(HPositive(Math.Abs(w)), w);

    /// <inheritdoc/>
    public double PhiPrime(double w) => H(w);

    /// <inheritdoc/>
    public double HInverse(double t)
    {
        if (IsShallow)
        {
            return Math.Asinh(t / 2.0);
        }

        return Math.CopySign(Math.Tanh(SolveAtanhW(Math.Abs(t))), t);
    }

    /// <summary>1 − |h⁻¹(t)| for D &gt; 2, accurate even when it is far below machine epsilon.</summary>
    public double HInverseGap(double t)
    {
        RequireDeep();
        return Math.Exp(LogOneMinusTanh(SolveAtanhW(Math.Abs(t))));
    }

    /// <summary>
    /// log(1 − |h⁻¹(t)|) for D &gt; 2 from log t (t = e^{logT} &gt; 0 may lie far outside the double range), accurate
    /// to full relative precision of the gap: the inverse link on the support at any α.
    /// </summary>
    public double LogOneMinusHInverse(double logT)
    {
        RequireDeep();
        return LogOneMinusTanh(SolveAtanhWFromLog(logT));
    }

    /// <inheritdoc/>
    public double Q(double t)
    {
        double a = Math.Abs(t);
        if (IsShallow)
        {
            // 2 − √(4+t²) = −t²/(2 + √(4+t²)) avoids cancellation at small t.
            double root = Math.Sqrt(4.0 + (a * a));
            return (-(a * a) / (2.0 + root)) + (a * Math.Asinh(a / 2.0));
        }

        if (a == 0.0)
        {
            return 0.0;
        }

        // Legendre: q(t) = t·w − φ(w) at w = h⁻¹(t); for large w use 1 − w and the gap form of φ.
        double s = SolveAtanhW(a);
        if (s < 1.0)
        {
            double w = Math.Tanh(s);
            return (a * w) - Phi(w);
        }

        double log1mw = LogOneMinusTanh(s);
        double log1pw = LogOneMinusTanh(-s);
        double phi = ((Depth - 2.0) / 2.0) * (Math.Exp(-_k * log1mw) + Math.Exp(-_k * log1pw) - 2.0);
        return a - (a * Math.Exp(log1mw)) - phi;
    }

    /// <inheritdoc/>
    public double Phi(double w)
    {
        double a = Math.Abs(w);
        if (IsShallow)
        {
            double sh = Math.Sinh(a / 2.0);
            return 4.0 * sh * sh;
        }

        if (a >= 1.0)
        {
            return a == 1.0 ? double.PositiveInfinity : double.NaN;
        }

        // φ = (D−2)·[expm1(c)·cosh d + 2 sinh²(d/2)], c = −(k/2)·log(1−w²), d = k·atanh w: a sum of non-negative terms.
        double logOneMinusSq = a < 0.5 ? Log1p(-(a * a)) : Log1p(-a) + Log1p(a);
        double c = -0.5 * _k * logOneMinusSq;
        double d = _k * Math.Atanh(a);
        double sh2 = Math.Sinh(d / 2.0);
        return (Depth - 2.0) * ((Expm1(c) * Math.Cosh(d)) + (2.0 * sh2 * sh2));
    }

    /// <inheritdoc/>
    public double PhiSecond(double w)
    {
        double a = Math.Abs(w);
        if (IsShallow)
        {
            return 2.0 * Math.Cosh(a);
        }

        if (a >= 1.0)
        {
            return a == 1.0 ? double.PositiveInfinity : double.NaN;
        }

        // φ'' = p·[(1−w)^{−r} + (1+w)^{−r}], r = (2D−2)/(D−2).
        return _p * (Math.Exp(-_r * Log1p(-a)) + Math.Exp(-_r * Log1p(a)));
    }

    /// <inheritdoc/>
    public double ScaledH(double logAlpha, double w)
    {
        if (w == 0.0)
        {
            return 0.0;
        }

        double a = Math.Abs(w);
        if (!IsShallow && a >= 1.0)
        {
            return a == 1.0 ? Math.CopySign(double.PositiveInfinity, w) : double.NaN;
        }

        return Math.CopySign(Math.Exp(logAlpha + LogHPositive(a)), w);
    }

    /// <summary>log h(w) for w &gt; 0.</summary>
    public double LogHPositive(double w) =>
        IsShallow ? Log2Sinh(w) : (-_p * Log1p(w)) + LogExpm1(2.0 * _p * Math.Atanh(w));

    /// <inheritdoc/>
    public double ScaledPhiSecond(double logAlpha, double w)
    {
        double a = Math.Abs(w);
        if (IsShallow)
        {
            return Math.Exp(logAlpha + a) + Math.Exp(logAlpha - a);
        }

        if (a >= 1.0)
        {
            return a == 1.0 ? double.PositiveInfinity : double.NaN;
        }

        return _p * (Math.Exp(logAlpha - (_r * Log1p(-a))) + Math.Exp(logAlpha - (_r * Log1p(a))));
    }

    /// <inheritdoc/>
    public double ScaledPhi(double logAlpha, double w)
    {
        double a = Math.Abs(w);
        if (a == 0.0)
        {
            return 0.0;
        }

        if (IsShallow)
        {
            // α·4 sinh²(w/2) = exp(log α + 2 log(2 sinh(w/2))).
            return Math.Exp(logAlpha + (2.0 * Log2Sinh(a / 2.0)));
        }

        double phi = Phi(a);
        return double.IsFinite(phi) ? Math.Exp(logAlpha + Math.Log(phi)) : phi;
    }

    private double HPositive(double a)
    {
        if (a >= 1.0)
        {
            return a == 1.0 ? double.PositiveInfinity : double.NaN;
        }

        // h(w) = (1+w)^{−p}·expm1(2p·atanh w): no cancellation near w = 0.
        return Math.Exp(-_p * Log1p(a)) * Expm1(2.0 * _p * Math.Atanh(a));
    }

    /// <summary>log(1 − tanh s) = log 2 − log(1 + e^{2s}).</summary>
    private static double LogOneMinusTanh(double s) => Math.Log(2.0) - Softplus(2.0 * s);

    /// <summary>Solves h(tanh s) = t for s = atanh(w) ≥ 0 by safeguarded Newton on log h(tanh s) − log t.</summary>
    private double SolveAtanhW(double t)
    {
        if (t == 0.0)
        {
            return 0.0;
        }

        if (double.IsPositiveInfinity(t))
        {
            return double.PositiveInfinity;
        }

        return SolveAtanhWFromLog(Math.Log(t));
    }

    /// <summary>As <see cref="SolveAtanhW"/> with t given by log t.</summary>
    private double SolveAtanhWFromLog(double logT)
    {
        if (double.IsNegativeInfinity(logT))
        {
            return 0.0;
        }

        double t = Math.Exp(logT);
        double lo = 0.0, hi = double.PositiveInfinity;
        // Start from the small-t (h ≈ 2p·w) or large-t (h ≈ (2e^{−2s})^{−p}) asymptote.
        double s = t < 1.0 ? t / (2.0 * _p) : (logT / (2.0 * _p)) + (Math.Log(2.0) / 2.0);
        for (int iter = 0; iter < 200; iter++)
        {
            double log1mw = LogOneMinusTanh(s);
            double log1pw = LogOneMinusTanh(-s);
            double logH = (-_p * log1pw) + LogExpm1(2.0 * _p * s);
            double f = logH - logT;
            if (f > 0)
            {
                hi = s;
            }
            else
            {
                lo = s;
            }

            if (Math.Abs(f) <= 1e-16)
            {
                break;
            }

            double logPhi2 = Math.Log(_p) + LogAddExp(-_r * log1mw, -_r * log1pw);
            double slope = Math.Exp(logPhi2 + log1mw + log1pw - logH);
            double next = s - (f / slope);
            if (!(next > lo && next < hi))
            {
                next = double.IsPositiveInfinity(hi) ? Math.Max(2.0 * s, s + 1.0) : 0.5 * (lo + hi);
            }

            if (Math.Abs(next - s) <= 1e-16 * Math.Max(1.0, s))
            {
                s = next;
                break;
            }

            s = next;
        }

        return s;
    }

    private void RequireDeep()
    {
        if (IsShallow)
        {
            throw new InvalidOperationException("The gap 1 − |w| is defined only for D > 2, where w ∈ (−1, 1).");
        }
    }
}
