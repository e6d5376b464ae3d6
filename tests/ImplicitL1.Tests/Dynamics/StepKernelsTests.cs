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

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(37)]
    [InlineData(101)]
    public void Block_kernels_match_a_scalar_reference(int cols)
    {
        var random = new SeededRandom(5 + cols);
        const int rows = StepKernels.BlockRows;
        var a = Enumerable.Range(0, rows * cols).Select(_ => random.NextGaussian()).ToArray();
        var x = Enumerable.Range(0, cols).Select(_ => random.NextGaussian()).ToArray();
        var s = Enumerable.Range(0, rows).Select(_ => random.NextGaussian()).ToArray();
        var d = new double[rows];
        StepKernels.DotBlock(a, cols, x, d);
        for (int r = 0; r < rows; r++)
        {
            double reference = 0.0, magnitude = 0.0;
            for (int i = 0; i < cols; i++)
            {
                reference += a[(r * cols) + i] * x[i];
                magnitude += Math.Abs(a[(r * cols) + i] * x[i]);
            }

            Assert.True(Math.Abs(d[r] - reference) <= RelativeTolerance * magnitude, $"row {r}: {d[r]} vs {reference}");
        }

        // The update is one fused chain per entry over the rows in order, whatever the vector width.
        var destination = (double[])x.Clone();
        StepKernels.AddScaledBlock(a, cols, s, destination);
        for (int i = 0; i < cols; i++)
        {
            double expected = x[i];
            for (int r = 0; r < rows; r++)
            {
                expected = Math.FusedMultiplyAdd(a[(r * cols) + i], s[r], expected);
            }

            Assert.Equal(expected, destination[i]);
        }

        // Prefetching the next block (here: the same rows reversed) leaves every bit as it was.
        var prefetched = (double[])x.Clone();
        StepKernels.AddScaledBlock(a, cols, s, prefetched, [.. a.Reverse()]);
        Assert.Equal(destination, prefetched);

        // The pair kernels give each of two models the bits of its own single call.
        var z = Enumerable.Range(0, cols).Select(_ => random.NextGaussian()).ToArray();
        var t = Enumerable.Range(0, rows).Select(_ => random.NextGaussian()).ToArray();
        var dz = new double[rows];
        StepKernels.DotBlock(a, cols, z, dz);
        var (pairD, pairE) = (new double[rows], new double[rows]);
        StepKernels.DotBlockPair(a, cols, x, z, pairD, pairE);
        Assert.Equal(d, pairD);
        Assert.Equal(dz, pairE);
        var other = (double[])z.Clone();
        StepKernels.AddScaledBlock(a, cols, t, other);
        var (pairFirst, pairSecond) = ((double[])x.Clone(), (double[])z.Clone());
        StepKernels.AddScaledBlockPair(a, cols, s, t, pairFirst, pairSecond);
        Assert.Equal(destination, pairFirst);
        Assert.Equal(other, pairSecond);
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

    [Fact]
    public void Fused_step_gradient_equals_the_two_pass_gradient_bit_for_bit()
    {
        var problem = TestInstances.Gaussian(30, 90, 3, seed: 6).Problem;
        var model = new BalancedParametrization(90, 2.0, 1e-2);
        var stepper = new GradientStepper(problem, model, 1e-3);
        var x = stepper.X.ToArray();
        double loss = stepper.Step();
        // Two passes: r = Ax − y, then g = Aᵀr accumulated row by row (the order the step uses).
        var r = new double[30];
        double expectedLoss = 0;
        for (int i = 0; i < 30; i++)
        {
            r[i] = StepKernels.Dot(problem.Row(i), x) - problem.Y[i];
            expectedLoss += r[i] * r[i];
        }

        var g = new double[90];
        for (int i = 0; i < 30; i++)
        {
            StepKernels.AddScaled(problem.Row(i), r[i], g);
        }

        Assert.Equal(0.5 * expectedLoss, loss);
        Assert.Equal(g.Select(BitConverter.DoubleToInt64Bits), stepper.LastGradient.ToArray().Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void Rejected_step_keeps_the_last_gradient()
    {
        var problem = TestInstances.Gaussian(30, 90, 3, seed: 6).Problem;
        var stepper = new GradientStepper(problem, new BalancedParametrization(90, 2.0, 1e-2), 1e-3);
        stepper.Step();
        var before = stepper.LastGradient.ToArray();
        stepper.Step(lossLimit: -1.0);
        Assert.Equal(before, stepper.LastGradient.ToArray());
        Assert.Equal(1, stepper.Iterations);
    }
}
