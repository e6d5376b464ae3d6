using ImplicitL1.Limit;

namespace ImplicitL1.Tests.Limit;

public class DualNewtonTests
{
    [Theory]
    [MemberData(nameof(TestInstances.TightnessTable), MemberType = typeof(TestInstances))]
    public void Reproduces_the_tightness_table(double r, double depth, double alpha, double x1, double x2, double error)
    {
        var result = DualNewton.Solve(TestInstances.Tightness(r), depth, [alpha]);
        var point = result.Points[0];
        Assert.Equal(SolverStatus.Success, point.Status);
        Assert.Equal(x1, point.X[0], 1e-9 * x1);
        Assert.True(Math.Abs(point.X[1] - x2) <= 1e-9 * x2, $"x2 = {point.X[1]:R}, expected {x2:R}");
        // The table prints 7 significant digits of the error.
        Assert.True(Math.Abs(point.ErrorToL1!.Value - error) <= 5e-7 * error, $"error = {point.ErrorToL1:R}, expected {error:R}");
    }
}
