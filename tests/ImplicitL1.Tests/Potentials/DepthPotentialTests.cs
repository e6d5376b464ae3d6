using FsCheck;
using FsCheck.Xunit;
using ImplicitL1.Potentials;

namespace ImplicitL1.Tests.Potentials;

public class DepthPotentialTests
{
    private static readonly double[] Depths = [2.0, 2.5, 3.0, 4.0, 7.0];

    private static IPotential Pick(int k) => new DepthPotential(Depths[Math.Abs(k) % Depths.Length]);

    // t spread over 1e-12 … 1e12 with random sign.
    private static double T(double u, bool negative) => (negative ? -1 : 1) * Math.Pow(10, -12 + (24 * Frac(u)));

    private static double Frac(double u) => double.IsFinite(u) ? Math.Abs(u) % 1.0 : 0.5;

    [Property(MaxTest = 2000)]
    public void H_inverts_HInverse(int k, NormalFloat u, bool negative)
    {
        var p = Pick(k);
        double t = T(u.Get, negative);
        double back = p.H(p.HInverse(t));
        // For D > 2, w = h⁻¹(t) is rounded to ε absolutely, which h amplifies by p/(1 − |w|) near |w| = 1.
        double tol = 1e-12;
        if (p is DepthPotential { IsShallow: false } deep)
        {
            tol = Math.Max(tol, 16 * 2.220446049250313e-16 * deep.LinkExponent / deep.HInverseGap(t));
        }

        Assert.True(Math.Abs(back - t) <= tol * Math.Abs(t), $"D={p.Depth} t={t:R} h(h⁻¹(t))={back:R}");
    }

    [Property(MaxTest = 200)]
    public void PhiPrime_is_H_by_central_differences(int k, NormalFloat u)
    {
        var p = Pick(k);
        double w = p.Depth == 2.0 ? -5 + (10 * Frac(u.Get)) : -0.95 + (1.9 * Frac(u.Get));
        double h = 1e-6;
        double numeric = (p.Phi(w + h) - p.Phi(w - h)) / (2 * h);
        Assert.True(Math.Abs(numeric - p.H(w)) <= 1e-6 * (1 + Math.Abs(p.H(w))), $"D={p.Depth} w={w}");
        double second = (p.PhiPrime(w + h) - p.PhiPrime(w - h)) / (2 * h);
        Assert.True(Math.Abs(second - p.PhiSecond(w)) <= 1e-5 * (1 + p.PhiSecond(w)), $"φ'' D={p.Depth} w={w}");
    }

    [Property(MaxTest = 200)]
    public void Q_is_the_Legendre_conjugate_of_Phi(int k, NormalFloat u, NormalFloat v, bool negative)
    {
        var p = Pick(k);
        double t = T(u.Get, negative) % 1e6;
        double w = p.HInverse(t);
        // Fenchel–Young: q(t) + φ(w') ≥ t·w' for every w', with equality at w' = h⁻¹(t).
        Assert.True(Math.Abs(p.Q(t) + p.Phi(w) - (t * w)) <= 1e-9 * (1 + Math.Abs(t * w)), $"equality D={p.Depth} t={t}");
        double other = p.Depth == 2.0 ? -5 + (10 * Frac(v.Get)) : -0.99 + (1.98 * Frac(v.Get));
        Assert.True(p.Q(t) + p.Phi(other) >= (t * other) - (1e-9 * (1 + Math.Abs(t * other))), $"inequality D={p.Depth} t={t}");
    }

    [Property(MaxTest = 100)]
    public void Q_derivative_is_HInverse(int k, NormalFloat u, bool negative)
    {
        var p = Pick(k);
        double t = T(u.Get, negative) % 1e3;
        double h = 1e-6 * Math.Max(1, Math.Abs(t));
        double numeric = (p.Q(t + h) - p.Q(t - h)) / (2 * h);
        Assert.True(Math.Abs(numeric - p.HInverse(t)) <= 1e-5, $"D={p.Depth} t={t}");
    }

    [Fact]
    public void Closed_forms_at_D2_match_the_theory()
    {
        var p = new DepthPotential(2);
        foreach (double t in new[] { -3.0, -1e-3, 0.5, 2.0, 40.0 })
        {
            double q = 2 - Math.Sqrt(4 + (t * t)) + (t * Math.Asinh(t / 2));
            Assert.Equal(q, p.Q(t), 1e-12 * (1 + Math.Abs(q)));
            Assert.Equal(Math.Asinh(t / 2), p.HInverse(t), 1e-15);
        }

        Assert.Equal(2 * (Math.Cosh(1.3) - 1), p.Phi(1.3), 1e-14);
    }

    [Theory]
    [InlineData(2.5)]
    [InlineData(3.0)]
    [InlineData(4.0)]
    public void Small_arguments_have_no_cancellation(double depth)
    {
        var p = new DepthPotential(depth);
        double linkExponent = depth / (depth - 2);
        // h(w) ≈ 2p·w and φ(w) ≈ p·w² (φ''(0) = 2p), q(t) ≈ t²/(4p) to relative O(w²).
        Assert.Equal(2 * linkExponent * 1e-20, p.H(1e-20), 1e-33);
        Assert.Equal(linkExponent * 1e-20, p.Phi(1e-10), 1e-32);
        Assert.Equal(1e-20 / (4 * linkExponent), p.Q(1e-10), 1e-33);
        Assert.Equal(-p.H(0.3), p.H(-0.3));
    }

    [Fact]
    public void Known_values_of_the_link_at_the_tightness_ratio()
    {
        // docs/theory.md §5: h_3(0.5) = 7.70, h_3(0.9) = 999.85, h_4(0.5) = 3.556, h_4(0.9) = 99.72.
        Assert.Equal(7.70, new DepthPotential(3).H(0.5), 0.005);
        Assert.Equal(999.85, new DepthPotential(3).H(0.9), 0.005);
        Assert.Equal(3.556, new DepthPotential(4).H(0.5), 0.0005);
        Assert.Equal(99.72, new DepthPotential(4).H(0.9), 0.005);
    }

    [Fact]
    public void Log_domain_products_do_not_overflow()
    {
        var p2 = new DepthPotential(2);
        double logAlpha = Math.Log(1e-300);
        // 2α sinh(w) at w = 700: sinh overflows nowhere, result e^{log α + 700}.
        Assert.Equal(Math.Exp(logAlpha + 700), p2.ScaledH(logAlpha, 700), 1e-12 * Math.Exp(logAlpha + 700));
        Assert.True(double.IsFinite(p2.ScaledPhiSecond(logAlpha, 705)));
        var p3 = new DepthPotential(3);
        double w = 1 - 1e-15;
        Assert.Equal(1e-300 * p3.H(w), p3.ScaledH(logAlpha, w), 1e-10 * 1e-300 * p3.H(w));
        Assert.Equal(1e-60, p3.HInverseGap(p3.H(0.5) * 0 + Math.Pow(1e-60, -3) - Math.Pow(2 - 1e-60, -3)), 1e-72);
    }

    [Fact]
    public void Depth_below_two_is_refused()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new DepthPotential(1.5));
        Assert.Equal("depth", e.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new DepthPotential(double.NaN));
    }

    [Fact]
    public void Weight_scale_conversion_is_alpha_to_the_one_over_D()
    {
        var p = new DepthPotential(3);
        Assert.Equal(1e-2, p.WeightScale(1e-6), 1e-16);
        Assert.Equal(1e-6, p.AlphaFromWeightScale(1e-2), 1e-20);
    }
}
