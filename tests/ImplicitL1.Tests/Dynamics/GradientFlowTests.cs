using ImplicitL1.Dynamics;
using ImplicitL1.Limit;
using Xunit.Abstractions;

namespace ImplicitL1.Tests.Dynamics;

public class GradientFlowTests(ITestOutputHelper output)
{
    private const double LimitAgreement = 1e-9;

    public static TheoryData<double, double, long> DepthAlphaSeed => new()
    {
        { 2.0, 1e-2, 1 }, { 2.0, 1e-4, 2 },
        { 3.0, 1e-2, 1 }, { 3.0, 1e-4, 2 },
        { 4.0, 1e-2, 1 }, { 4.0, 1e-4, 2 },
        { 2.5, 1e-2, 1 }, { 2.5, 1e-4, 2 },
        { 3.0, 1e-6, 3 },
    };

    [Theory]
    [MemberData(nameof(DepthAlphaSeed))]
    public void Mirror_integration_converges_to_the_dual_Newton_limit(double depth, double alpha, long seed)
    {
        var problem = TestInstances.Gaussian(20, 50, 3, seed).Problem;
        var model = new BalancedParametrization(problem.Cols, depth, alpha);
        var result = GradientFlow.Solve(problem, model);
        var limit = DualNewton.Solve(problem, depth, [alpha]).Points[0];
        Assert.Equal(SolverStatus.Success, limit.Status);
        double distance = Distance(result.X, limit.X);
        output.WriteLine($"D={depth} alpha={alpha:E0}: {result}; ‖x − x∞‖₂ = {distance:E3}");
        Assert.Equal(SolverStatus.Success, result.Status);
        Assert.Equal(FlowSpace.Mirror, result.Space);
        Assert.Equal(StopReason.Stationary, result.StopReason);
        Assert.True(distance <= LimitAgreement, $"‖x_GF − x∞‖₂ = {distance:E3} > {LimitAgreement:E0}");
        Assert.True(result.Stats.Iterations < 2000, $"{result.Stats.Iterations} steps");
        // The run really integrated a trajectory: the loss decreased from ½‖y‖² through the checkpoints.
        Assert.True(result.Trajectory.Count > 5);
        Assert.True(result.Trajectory[0].Loss > 1e3 * result.Loss);
    }

    internal static double Distance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0.0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += (a[i] - b[i]) * (a[i] - b[i]);
        }

        return Math.Sqrt(sum);
    }
}

public class NonNegativeFlowTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(2.0, 1e-3)]
    [InlineData(3.0, 1e-3)]
    public void Non_negative_flow_converges_to_the_dual_Newton_limit_of_its_potential(double depth, double alpha)
    {
        var instance = TestInstances.Gaussian(15, 40, 3, 21);
        var xStar = instance.XStar.Select(Math.Abs).ToArray();
        var y = new double[instance.Problem.Rows];
        instance.Problem.Multiply(xStar, y);
        var problem = instance.Problem.WithY(y);
        var model = new NonNegativeParametrization(problem.Cols, depth, alpha);
        var result = GradientFlow.Solve(problem, model, new GradientFlowOptions { References = References.Compute(problem, model) });
        output.WriteLine(result.ToString());
        Assert.Equal(StopReason.Stationary, result.StopReason);
        Assert.NotNull(result.Limit);
        Assert.True(result.DistanceToLimit <= 1e-9, result.Message);
        Assert.All(result.X, v => Assert.True(v > 0));
    }
}
