using ImplicitL1.Dynamics;
using ImplicitL1.Problems;

namespace ImplicitL1.Tests.Dynamics;

public class StepKernelsTests
{
    private const double RelativeTolerance = 1e-14;

    [Fact]
    public void Dot_and_AddScaled_match_a_scalar_reference_at_every_length()
    {
        var random = new SeededRandom(3);
        for (int n = 0; n <= 64; n++)
        {
            var a = Enumerable.Range(0, n).Select(_ => random.NextGaussian()).ToArray();
            var b = Enumerable.Range(0, n).Select(_ => random.NextGaussian()).ToArray();
            double reference = 0.0, magnitude = 0.0;
            for (int i = 0; i < n; i++)
            {
                reference += a[i] * b[i];
                magnitude += Math.Abs(a[i] * b[i]);
            }

            Assert.True(Math.Abs(StepKernels.Dot(a, b) - reference) <= RelativeTolerance * Math.Max(magnitude, 1e-300), $"n = {n}");

            var destination = (double[])b.Clone();
            StepKernels.AddScaled(a, -0.75, destination);
            for (int i = 0; i < n; i++)
            {
                Assert.Equal(b[i] + (a[i] * -0.75), destination[i]);
            }
        }
    }

    [Fact]
    public void Dot_does_not_depend_on_the_offset_of_the_data()
    {
        var random = new SeededRandom(4);
        var a = Enumerable.Range(0, 1001).Select(_ => random.NextGaussian()).ToArray();
        var b = Enumerable.Range(0, 1001).Select(_ => random.NextGaussian()).ToArray();
        var shiftedA = new double[1002];
        var shiftedB = new double[1002];
        a.CopyTo(shiftedA, 1);
        b.CopyTo(shiftedB, 1);
        Assert.Equal(
            BitConverter.DoubleToInt64Bits(StepKernels.Dot(a, b)),
            BitConverter.DoubleToInt64Bits(StepKernels.Dot(shiftedA.AsSpan(1), shiftedB.AsSpan(1))));
    }
}
