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
        Assert.Equal("alpha", Assert.Throws<ArgumentOutOfRangeException>(() => new BalancedParametrization(12, 2.0, alpha)).ParamName);
        Assert.Equal("alpha", Assert.Throws<ArgumentOutOfRangeException>(() => new NonNegativeParametrization(12, 3.0, alpha)).ParamName);
        Assert.Equal("gamma", Assert.Throws<ArgumentOutOfRangeException>(() => ProductParametrization.Symmetric(12, alpha)).ParamName);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new BalancedParametrization(3.0, [1e-2, alpha, 1e-2]));
        Assert.Equal("alpha", ex.ParamName);
        Assert.Contains("alpha[1]", ex.Message);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(1.99)]
    [InlineData(double.PositiveInfinity)]
    public void Depth_below_two_is_rejected(double depth)
    {
        Assert.Equal("depth", Assert.Throws<ArgumentOutOfRangeException>(() => new BalancedParametrization(12, depth, 1e-2)).ParamName);
        Assert.Equal("depth", Assert.Throws<ArgumentOutOfRangeException>(() => new NonNegativeParametrization(12, depth, 1e-2)).ParamName);
        Assert.Equal("depth", Assert.Throws<ArgumentOutOfRangeException>(() => new BalancedParametrization(depth, [1e-2, 1e-2])).ParamName);
        Assert.Equal("layers", Assert.Throws<ArgumentException>(() => new LayeredParametrization([new double[12]])).ParamName);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-5.0)]
    [InlineData(double.NaN)]
    public void Non_positive_horizon_is_rejected(double horizon)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() =>
            GradientFlow.Solve(Problem, new BalancedParametrization(12, 2.0, 1e-2), new GradientFlowOptions { Horizon = horizon }));
        Assert.Contains("Horizon", ex.Message);
        Assert.Equal("options.Horizon", ex.ParamName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    public void Batch_size_outside_one_to_m_is_rejected(int batch)
    {
        var model = new BalancedParametrization(12, 2.0, 1e-2);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() =>
            GradientDescent.Solve(Problem, model, new GradientDescentOptions { BatchSize = batch }));
        Assert.Contains("[1, 5]", ex.Message);
        Assert.Equal("options.BatchSize", ex.ParamName);
        Assert.Throws<ArgumentException>(() => new GradientStepper(Problem, model, 1e-3, batch));
    }

    [Fact]
    public void Mismatched_dimension_and_bad_step_are_rejected()
    {
        Assert.Equal("parametrization",
            Assert.Throws<ArgumentException>(() => GradientFlow.Solve(Problem, new BalancedParametrization(13, 2.0, 1e-2))).ParamName);
        Assert.Equal("parametrization",
            Assert.Throws<ArgumentException>(() => GradientDescent.Solve(Problem, new BalancedParametrization(13, 2.0, 1e-2))).ParamName);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => GradientDescent.Solve(Problem, new BalancedParametrization(12, 2.0, 1e-2),
            new GradientDescentOptions { StepSize = -1 }));
        Assert.Equal("options.StepSize", ex.ParamName);
        Assert.Equal("options.Space", Assert.Throws<ArgumentException>(() => GradientFlow.Solve(Problem,
            new LayeredParametrization([new double[12], new double[12]]), new GradientFlowOptions { Space = FlowSpace.Mirror })).ParamName);
        Assert.Equal("problem", Assert.Throws<ArgumentNullException>(() => GradientFlow.Solve(null!, new BalancedParametrization(12, 2.0, 1e-2))).ParamName);
        Assert.Equal("parametrization", Assert.Throws<ArgumentNullException>(() => GradientDescent.Solve(Problem, null!)).ParamName);
    }

    public static TheoryData<string, GradientDescentOptions> BadDescentOptions => new()
    {
        { "options.SafetyFactor", new GradientDescentOptions { SafetyFactor = 3 } },
        { "options.MaxIterations", new GradientDescentOptions { MaxIterations = 0 } },
        { "options.Patience", new GradientDescentOptions { Patience = 0 } },
        { "options.CheckpointsPerDecade", new GradientDescentOptions { CheckpointsPerDecade = 0 } },
        { "options.EvaluateEvery", new GradientDescentOptions { EvaluateEvery = -1 } },
        { "options.DivergenceFactor", new GradientDescentOptions { DivergenceFactor = 1 } },
        { "options.LossTolerance", new GradientDescentOptions { LossTolerance = -1 } },
        { "options.GradientTolerance", new GradientDescentOptions { GradientTolerance = double.NaN } },
        { "options.RelativeLossTolerance", new GradientDescentOptions { RelativeLossTolerance = -1e-3 } },
        { "options.RelativeGradientTolerance", new GradientDescentOptions { RelativeGradientTolerance = -1 } },
        { "options.LabelNoise", new GradientDescentOptions { LabelNoise = double.PositiveInfinity } },
        { "options.WallClockBudget", new GradientDescentOptions { WallClockBudget = TimeSpan.Zero } },
    };

    [Theory]
    [MemberData(nameof(BadDescentOptions))]
    public void Each_bad_descent_option_throws_out_of_range_naming_it(string name, GradientDescentOptions options)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => GradientDescent.Solve(Problem, new BalancedParametrization(12, 2.0, 1e-2), options));
        Assert.Equal(name, ex.ParamName);
    }

    public static TheoryData<string, GradientFlowOptions> BadFlowOptions => new()
    {
        { "options.RelativeTolerance", new GradientFlowOptions { RelativeTolerance = 1 } },
        { "options.AbsoluteTolerance", new GradientFlowOptions { AbsoluteTolerance = 0 } },
        { "options.MaxSteps", new GradientFlowOptions { MaxSteps = 0 } },
        { "options.CheckpointsPerDecade", new GradientFlowOptions { CheckpointsPerDecade = -1 } },
        { "options.FirstCheckpoint", new GradientFlowOptions { FirstCheckpoint = 0 } },
        { "options.LossTolerance", new GradientFlowOptions { LossTolerance = -1 } },
        { "options.StationaryTolerance", new GradientFlowOptions { StationaryTolerance = double.NaN } },
        { "options.LimitTolerance", new GradientFlowOptions { LimitTolerance = -1 } },
        { "options.WallClockBudget", new GradientFlowOptions { WallClockBudget = TimeSpan.FromSeconds(-1) } },
    };

    [Theory]
    [MemberData(nameof(BadFlowOptions))]
    public void Each_bad_flow_option_throws_out_of_range_naming_it(string name, GradientFlowOptions options)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => GradientFlow.Solve(Problem, new BalancedParametrization(12, 2.0, 1e-2), options));
        Assert.Equal(name, ex.ParamName);
        Assert.Equal("options.HeldOut", Assert.Throws<ArgumentException>(() => GradientDescent.Solve(Problem, new BalancedParametrization(12, 2.0, 1e-2),
            new GradientDescentOptions { HeldOut = TestInstances.Gaussian(3, 11, 1, 1).Problem })).ParamName);
    }
}
