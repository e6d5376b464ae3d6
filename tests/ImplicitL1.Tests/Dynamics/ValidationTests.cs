using ImplicitL1.Dynamics;

namespace ImplicitL1.Tests.Dynamics;

public class ValidationTests
{
    private static readonly ImplicitL1.Problems.RegressionProblem Problem = TestInstances.Gaussian(5, 12, 1, 1).Problem;

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1e-3)]
    [InlineData(double.NaN)]
    public void Non_positive_alpha_is_rejected(double alpha)
    {
        Assert.Equal("alpha", Assert.Throws<ArgumentException>(() => new BalancedParametrization(12, 2.0, alpha)).ParamName);
        Assert.Equal("alpha", Assert.Throws<ArgumentException>(() => new NonNegativeParametrization(12, 3.0, alpha)).ParamName);
        var ex = Assert.Throws<ArgumentException>(() => new BalancedParametrization(3.0, [1e-2, alpha, 1e-2]));
        Assert.Equal("alpha", ex.ParamName);
        Assert.Contains("alpha[1]", ex.Message);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(1.99)]
    [InlineData(double.PositiveInfinity)]
    public void Depth_below_two_is_rejected(double depth)
    {
        Assert.Equal("depth", Assert.Throws<ArgumentException>(() => new BalancedParametrization(12, depth, 1e-2)).ParamName);
        Assert.Equal("depth", Assert.Throws<ArgumentException>(() => new NonNegativeParametrization(12, depth, 1e-2)).ParamName);
        Assert.Equal("layers", Assert.Throws<ArgumentException>(() => new LayeredParametrization([new double[12]])).ParamName);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-5.0)]
    [InlineData(double.NaN)]
    public void Non_positive_horizon_is_rejected(double horizon)
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            GradientFlow.Solve(Problem, new BalancedParametrization(12, 2.0, 1e-2), new GradientFlowOptions { Horizon = horizon }));
        Assert.Contains("Horizon", ex.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    public void Batch_size_outside_one_to_m_is_rejected(int batch)
    {
        var model = new BalancedParametrization(12, 2.0, 1e-2);
        var ex = Assert.Throws<ArgumentException>(() =>
            GradientDescent.Run(Problem, model, new GradientDescentOptions { BatchSize = batch }));
        Assert.Contains("[1, 5]", ex.Message);
        Assert.Throws<ArgumentException>(() => new GradientStepper(Problem, model, 1e-3, batch));
    }

    [Fact]
    public void Mismatched_dimension_and_bad_step_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => GradientFlow.Solve(Problem, new BalancedParametrization(13, 2.0, 1e-2)));
        var ex = Assert.Throws<ArgumentException>(() => GradientDescent.Run(Problem, new BalancedParametrization(12, 2.0, 1e-2),
            new GradientDescentOptions { StepSize = -1 }));
        Assert.Contains("StepSize", ex.Message);
        Assert.Throws<ArgumentException>(() => GradientFlow.Solve(Problem,
            new LayeredParametrization([new double[12], new double[12]]), new GradientFlowOptions { Space = FlowSpace.Mirror }));
    }
}
