using ImplicitL1.Dynamics;
using ImplicitL1.Problems;

namespace ImplicitL1.Tests.Dynamics;

public class WeightSpaceTests
{
    private static readonly double[] Times = [0.3, 3.0, 30.0];

    public static TheoryData<string> Models => ["balanced-2", "balanced-3", "balanced-2.5", "vector-alpha-3", "nonnegative-2", "nonnegative-3", "product"];

    private static Parametrization Make(string name, int n) => name switch
    {
        "balanced-2" => new BalancedParametrization(n, 2.0, 1e-2),
        "balanced-3" => new BalancedParametrization(n, 3.0, 1e-2),
        "balanced-2.5" => new BalancedParametrization(n, 2.5, 1e-2),
        "vector-alpha-3" => new BalancedParametrization(3.0, Enumerable.Range(0, n).Select(i => 1e-3 * (i + 1)).ToArray()),
        "nonnegative-2" => new NonNegativeParametrization(n, 2.0, 1e-2),
        "nonnegative-3" => new NonNegativeParametrization(n, 3.0, 1e-2),
        _ => new ProductParametrization(
            Enumerable.Range(0, n).Select(i => 0.1 + (0.03 * i)).ToArray(),
            Enumerable.Range(0, n).Select(i => 0.05 * Math.Sin(i)).ToArray()),
    };

    /// <summary>The analytic weight-space Jacobian −∇²_θL equals central differences of the right-hand side, away from θ(0).</summary>
    [Theory]
    [MemberData(nameof(Models))]
    [InlineData("layers-3")]
    public void Analytic_weight_jacobian_equals_central_differences(string name)
    {
        var problem = TestInstances.Gaussian(4, 7, 1, 3).Problem;
        var model = name == "layers-3"
            ? new LayeredParametrization([.. Enumerable.Range(0, 3).Select(l => Enumerable.Range(0, 7).Select(i => 0.3 + (0.05 * l) - (0.02 * i)).ToArray())])
            : Make(name, problem.Cols);
        var system = new WeightSystem(problem, model);
        int n = system.Dimension;
        // A generic point: θ(0) moved along a fixed direction (every weight stays positive).
        var theta = model.InitialState().Select((t, k) => t * (1.0 + (0.3 * Math.Sin(k + 1.0)))).ToArray();
        var analytic = new double[n * n];
        Assert.True(system.Jacobian(theta, analytic));
        var plus = new double[n];
        var minus = new double[n];
        double worst = 0.0, largest = analytic.Max(Math.Abs);
        for (int j = 0; j < n; j++)
        {
            double step = 1e-6 * Math.Max(Math.Abs(theta[j]), 1e-3);
            var shifted = (double[])theta.Clone();
            shifted[j] += step;
            Assert.True(system.Rhs(shifted, plus));
            shifted[j] = theta[j] - step;
            Assert.True(system.Rhs(shifted, minus));
            for (int i = 0; i < n; i++)
            {
                worst = Math.Max(worst, Math.Abs(((plus[i] - minus[i]) / (2 * step)) - analytic[(i * n) + j]));
            }
        }

        Assert.True(largest > 1e-3, $"{name}: the Jacobian is trivially small ({largest:E2})");
        Assert.True(worst <= 1e-6 * largest, $"{name}: max |J_analytic − J_fd| = {worst:E3} (max |J| = {largest:E3})");
    }

    /// <summary>Direct integration of the weights validates each link, including the constant c in w = −cG.</summary>
    [Theory]
    [MemberData(nameof(Models))]
    public void Weight_space_trajectory_matches_the_mirror_integrator(string name)
    {
        var problem = TestInstances.Gaussian(3, 8, 1, 7).Problem;
        var model = Make(name, problem.Cols);
        var options = new GradientFlowOptions
        {
            Horizon = Times[^1],
            CheckpointTimes = Times,
            RelativeTolerance = 1e-9,
            AbsoluteTolerance = 1e-13,
            StationaryTolerance = 0,
        };
        var mirror = GradientFlow.Solve(problem, model, options with { Space = FlowSpace.Mirror });
        var weights = GradientFlow.Solve(problem, model, options with { Space = FlowSpace.Weights });
        Assert.Equal(SolverStatus.Success, mirror.Status);
        Assert.Equal(SolverStatus.Success, weights.Status);
        foreach (double t in Times)
        {
            var a = mirror.Trajectory.Single(c => c.Time == t).X;
            var b = weights.Trajectory.Single(c => c.Time == t).X;
            double scale = Math.Max(1e-3, a.Max(Math.Abs));
            double gap = GradientFlowTests.Distance(a, b);
            Assert.True(gap <= 1e-6 * scale, $"{name} t={t}: ‖x_mirror − x_weights‖ = {gap:E3} (scale {scale:E2})");
        }

        // The trajectory moved: a wrong constant c would still pass at t = 0 only.
        Assert.True(mirror.Trajectory.Single(c => c.Time == Times[^1]).Loss < 0.5 * mirror.Trajectory[0].Loss);
    }

    [Fact]
    public void Product_with_gamma_and_zero_is_u2_minus_v2_at_alpha_gamma2_over_4_with_time_doubled()
    {
        var problem = TestInstances.Gaussian(10, 25, 2, 5).Problem;
        double gamma = 0.2;
        var product = ProductParametrization.Symmetric(problem.Cols, gamma);
        var balanced = new BalancedParametrization(problem.Cols, 2.0, gamma * gamma / 4.0);
        double[] times = [0.5, 5.0, 50.0];
        var options = new GradientFlowOptions { RelativeTolerance = 1e-9, AbsoluteTolerance = 1e-12 };
        var p = GradientFlow.Solve(problem, product, options with
        {
            CheckpointTimes = times.Select(t => 2 * t).ToArray(),
            References = References.Compute(problem, product),
        });
        var b = GradientFlow.Solve(problem, balanced, options with { CheckpointTimes = times });
        foreach (double t in times)
        {
            var xp = p.Trajectory.Single(c => c.Time == 2 * t).X;
            var xb = b.Trajectory.Single(c => c.Time == t).X;
            Assert.True(GradientFlowTests.Distance(xp, xb) <= 1e-6, $"t = {t}");
        }

        Assert.Equal(StopReason.Stationary, p.StopReason);
        Assert.True(GradientFlowTests.Distance(p.X, b.X) <= 1e-9);
        Assert.NotNull(p.DistanceToLimit);
        Assert.True(p.DistanceToLimit <= 1e-9);
    }

    [Fact]
    public void Two_layers_equal_the_product_parametrization()
    {
        var problem = TestInstances.Gaussian(3, 8, 1, 11).Problem;
        double[] u0 = [.. Enumerable.Range(0, 8).Select(i => 0.2 + (0.01 * i))];
        double[] v0 = [.. Enumerable.Range(0, 8).Select(i => 0.1 * Math.Cos(i))];
        var options = new GradientFlowOptions { Horizon = 20, RelativeTolerance = 1e-9, AbsoluteTolerance = 1e-13 };
        var layered = GradientFlow.Solve(problem, new LayeredParametrization([u0, v0]), options);
        var product = GradientFlow.Solve(problem, new ProductParametrization(u0, v0), options with { Space = FlowSpace.Mirror });
        Assert.Equal(FlowSpace.Weights, layered.Space);
        Assert.True(GradientFlowTests.Distance(layered.X, product.X) <= 1e-6);
    }

    [Fact]
    public void Three_unbalanced_layers_conserve_the_differences_of_squares()
    {
        var problem = TestInstances.Gaussian(3, 8, 1, 13).Problem;
        var layers = new[] { 0.3, 0.2, 0.1 }.Select(s => Enumerable.Range(0, 8).Select(i => s + (0.01 * i)).ToArray()).ToArray();
        var result = GradientFlow.Solve(problem, new LayeredParametrization(layers),
            new GradientFlowOptions { Horizon = 50, RelativeTolerance = 1e-9, AbsoluteTolerance = 1e-13 });
        Assert.Equal(SolverStatus.Success, result.Status);
        for (int i = 0; i < 8; i++)
        {
            double before = (layers[0][i] * layers[0][i]) - (layers[2][i] * layers[2][i]);
            double after = (result.State[i] * result.State[i]) - (result.State[16 + i] * result.State[16 + i]);
            Assert.Equal(before, after, 1e-7);
        }

        Assert.True(result.Loss < 1e-3 * result.Trajectory[0].Loss);
    }
}
