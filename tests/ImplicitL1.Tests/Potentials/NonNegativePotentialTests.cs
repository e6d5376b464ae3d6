using ImplicitL1.Potentials;

namespace ImplicitL1.Tests.Potentials;

public class NonNegativePotentialTests
{
    [Theory]
    [InlineData(2.0)]
    [InlineData(3.0)]
    [InlineData(4.5)]
    public void Link_potential_and_conjugate_are_consistent(double depth)
    {
        var p = new NonNegativePotential(depth);
        foreach (double t in new[] { 1e-8, 0.3, 0.999999, 1.0, 1.0001, 5.0, 1e6 })
        {
            double w = p.HInverse(t);
            Assert.Equal(t, p.H(w), 1e-12 * t);
            Assert.Equal(p.Q(t), (t * w) - p.Phi(w), 1e-9 * (1 + Math.Abs(t * w)));
        }

        Assert.Equal(0.0, p.Q(1.0));
        double hstep = 1e-6;
        Assert.Equal(p.HInverse(2.0), (p.Q(2.0 + hstep) - p.Q(2.0 - hstep)) / (2 * hstep), 1e-6);
    }

    [Fact]
    public void Entropy_near_one_has_no_cancellation()
    {
        var p = new NonNegativePotential(2);
        // t log t − t + 1 = (t−1)²/2 − (t−1)³/6 + …
        double t = 1 + 1e-9, v = t - 1; // v exact
        Assert.Equal((v * v / 2) - (v * v * v / 6), p.Q(t), 1e-30);
        Assert.True(double.IsPositiveInfinity(p.Q(-1)));
    }
}
