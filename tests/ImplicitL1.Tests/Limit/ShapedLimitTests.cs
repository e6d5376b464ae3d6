using ImplicitL1.Dynamics;
using ImplicitL1.Limit;
using ImplicitL1.Potentials;

namespace ImplicitL1.Tests.Limit;

public class ShapedLimitTests
{
    private static double Distance(double[] a, double[] b) => ImplicitL1.Tests.Dynamics.GradientFlowTests.Distance(a, b);

    [Theory]
    [InlineData(2.0, -2.0)]
    [InlineData(2.0, -6.0)]
    [InlineData(3.0, -3.0)]
    [InlineData(4.0, -5.0)]
    public void Uniform_shape_equals_the_scalar_alpha_solver(double depth, double log10Alpha)
    {
        var problem = TestInstances.Gaussian(20, 50, 3, 1).Problem;
        var alpha = LogAlpha.FromLog10(log10Alpha);
        var scalar = DualNewton.Solve(problem, depth, [alpha]).Points[0];
        var shaped = ShapedLimit.Solve(problem, InitializationShape.Scaled(new DepthPotential(depth), Enumerable.Repeat(1.0, 50).ToArray()), [alpha]).Points[0];
        Assert.Equal(SolverStatus.Success, scalar.Status);
        Assert.True(shaped.Status == SolverStatus.Success, shaped.Message);
        Assert.True(Distance(scalar.X, shaped.X) <= 1e-10 * Math.Max(1.0, scalar.X.Max(Math.Abs)), $"‖Δx‖ = {Distance(scalar.X, shaped.X):E3}");
        // The error to x_ℓ¹ from the off-support part agrees to many digits with the gap-variable solver's.
        Assert.Equal(scalar.Error!.Log10L2, shaped.Error!.Log10L2, 8);
        for (int i = 0; i < 50; i++)
        {
            Assert.True(Math.Abs(scalar.X[i] - shaped.X[i]) <= (1e-8 * Math.Abs(scalar.X[i])) + 1e-15, $"x[{i}]: {scalar.X[i]:E6} vs {shaped.X[i]:E6}");
        }
    }

    [Theory]
    [InlineData(2.0)]
    [InlineData(3.0)]
    public void Per_coordinate_scales_give_the_limit_of_gradient_flow(double depth)
    {
        var problem = TestInstances.Gaussian(10, 25, 2, 3).Problem;
        double alpha = 1e-2;
        var scales = Enumerable.Range(0, 25).Select(i => Math.Pow(10.0, (i % 5) - 2.0)).ToArray(); // 1e-2 … 1e2
        var model = new BalancedParametrization(depth, [.. scales.Select(c => alpha * c)]);
        var flow = GradientFlow.Solve(problem, model, new GradientFlowOptions { RelativeTolerance = 1e-10, AbsoluteTolerance = 1e-14 });
        var shaped = ShapedLimit.Solve(problem, InitializationShape.Scaled(new DepthPotential(depth), scales), [LogAlpha.FromValue(alpha)]).Points[0];
        var uniform = DualNewton.Solve(problem, depth, [alpha]).Points[0];
        Assert.Equal(StopReason.Stationary, flow.StopReason);
        Assert.True(shaped.Status == SolverStatus.Success, shaped.Message);
        Assert.True(Distance(flow.X, shaped.X) <= 1e-8, $"‖x_GF − x_shaped‖ = {Distance(flow.X, shaped.X):E3}");
        // The shape matters: the uniform-α limit is a different point.
        Assert.True(Distance(uniform.X, shaped.X) >= 1e-4, $"shape changed nothing: {Distance(uniform.X, shaped.X):E3}");
    }

    [Fact]
    public void Product_from_u0_v0_gives_the_limit_of_gradient_flow_and_the_symmetric_start_is_u2_minus_v2()
    {
        var problem = TestInstances.Gaussian(10, 25, 2, 5).Problem;
        double[] u0 = [.. Enumerable.Range(0, 25).Select(i => 0.05 + (0.01 * i))];
        double[] v0 = [.. Enumerable.Range(0, 25).Select(i => 0.08 * Math.Sin(i))];
        var flow = GradientFlow.Solve(problem, new ProductParametrization(u0, v0), new GradientFlowOptions { RelativeTolerance = 1e-10, AbsoluteTolerance = 1e-14 });
        var shaped = ShapedLimit.Solve(problem, InitializationShape.Product(u0, v0), [LogAlpha.FromValue(1.0)]).Points[0];
        Assert.Equal(StopReason.Stationary, flow.StopReason);
        Assert.True(shaped.Status == SolverStatus.Success, shaped.Message);
        Assert.True(Distance(flow.X, shaped.X) <= 1e-8, $"‖x_GF − x_shaped‖ = {Distance(flow.X, shaped.X):E3}");

        double gamma = 0.1;
        var symmetric = ShapedLimit.Solve(problem, InitializationShape.Product(Enumerable.Repeat(gamma, 25).ToArray(), new double[25]), [LogAlpha.FromValue(1.0)]).Points[0];
        var balanced = DualNewton.Solve(problem, 2.0, [gamma * gamma / 4.0]).Points[0];
        Assert.True(Distance(symmetric.X, balanced.X) <= 1e-10, $"{Distance(symmetric.X, balanced.X):E3}");
    }

    [Fact]
    public void One_sided_product_coordinates_keep_their_sign()
    {
        var problem = TestInstances.Gaussian(8, 20, 2, 9).Problem;
        double[] u0 = [.. Enumerable.Range(0, 20).Select(i => 0.1)];
        double[] v0 = [.. Enumerable.Range(0, 20).Select(i => i < 4 ? 0.1 : i < 8 ? -0.1 : 0.0)]; // b = 0 (x ≥ 0) or a = 0 (x ≤ 0)
        var flow = GradientFlow.Solve(problem, new ProductParametrization(u0, v0), new GradientFlowOptions { RelativeTolerance = 1e-10, AbsoluteTolerance = 1e-14 });
        var shaped = ShapedLimit.Solve(problem, InitializationShape.Product(u0, v0), [LogAlpha.FromValue(1.0)]).Points[0];
        Assert.True(shaped.Status == SolverStatus.Success, shaped.Message);
        Assert.True(Distance(flow.X, shaped.X) <= 1e-8, $"{Distance(flow.X, shaped.X):E3}");
        Assert.All(shaped.X.Take(4), v => Assert.True(v > 0));
        Assert.All(shaped.X.Skip(4).Take(4), v => Assert.True(v < 0));
    }

    [Theory]
    [InlineData(2.0)]
    [InlineData(3.0)]
    public void Non_negative_model_gives_the_limit_of_gradient_flow(double depth)
    {
        var instance = TestInstances.Gaussian(10, 25, 2, 7);
        // y from a non-negative x* so that a non-negative interpolator exists.
        var xStar = instance.XStar.Select(Math.Abs).ToArray();
        var y = new double[10];
        instance.Problem.Multiply(xStar, y);
        var problem = instance.Problem.WithY(y);
        double alpha = 1e-3;
        var flow = GradientFlow.Solve(problem, new NonNegativeParametrization(25, depth, alpha), new GradientFlowOptions { RelativeTolerance = 1e-10, AbsoluteTolerance = 1e-14 });
        var shaped = ShapedLimit.Solve(problem, InitializationShape.Scaled(new NonNegativePotential(depth), Enumerable.Repeat(1.0, 25).ToArray()), [LogAlpha.FromValue(alpha)]).Points[0];
        Assert.True(shaped.Status == SolverStatus.Success, shaped.Message);
        Assert.True(Distance(flow.X, shaped.X) <= 1e-8, $"{Distance(flow.X, shaped.X):E3}");
        Assert.All(shaped.X, v => Assert.True(v >= 0));
    }

    [Fact]
    public void Small_alpha_in_plain_variables_says_precision_exhausted_not_a_wrong_number()
    {
        var problem = TestInstances.Gaussian(20, 50, 3, 1).Problem;
        var shape = InitializationShape.Scaled(new DepthPotential(3.0), Enumerable.Repeat(1.0, 50).ToArray());
        var points = ShapedLimit.Solve(problem, shape, [LogAlpha.FromLog10(-3), LogAlpha.FromLog10(-14)]).Points;
        var exact = DualNewton.Solve(problem, 3.0, [LogAlpha.FromLog10(-14)]).Points[0];
        Assert.Equal(SolverStatus.Success, points[0].Status);
        if (points[1].Status == SolverStatus.Success)
        {
            // Where it does claim success, the off-support coordinates are right to 1e-8.
            for (int i = 0; i < 50; i++)
            {
                Assert.True(Math.Abs(points[1].X[i] - exact.X[i]) <= (1e-8 * Math.Abs(exact.X[i])) + 1e-300, $"x[{i}]");
            }
        }
        else
        {
            Assert.Equal(SolverStatus.PrecisionExhausted, points[1].Status);
            Assert.Contains("relative", points[1].Message);
        }
    }

    [Fact]
    public void Scaling_A_and_y_scales_x_and_keeps_the_status()
    {
        var problem = TestInstances.Gaussian(10, 25, 2, 3).Problem;
        var scales = Enumerable.Range(0, 25).Select(i => 1.0 + (0.1 * i)).ToArray();
        var shape = InitializationShape.Scaled(new DepthPotential(2.0), scales);
        var plain = ShapedLimit.Solve(problem, shape, [LogAlpha.FromValue(1e-3)]).Points[0];
        double ca = 1e30, cy = 1e-30;
        var a = problem.A.ToArray().Select(v => v * ca).ToArray();
        var y = problem.Y.ToArray().Select(v => v * cy).ToArray();
        var scaled = new ImplicitL1.Problems.RegressionProblem(a, 10, 25, y);
        // x∞(α; cA·A, cy·y) = (cy/ca)·x∞(α·ca/cy; A, y).
        var moved = ShapedLimit.Solve(scaled, shape, [LogAlpha.FromLog10(-3 + Math.Log10(cy / ca))]).Points[0];
        Assert.Equal(SolverStatus.Success, plain.Status);
        Assert.True(moved.Status == SolverStatus.Success, moved.Message);
        for (int i = 0; i < 25; i++)
        {
            Assert.True(Math.Abs((moved.X[i] * ca / cy) - plain.X[i]) <= (1e-9 * Math.Abs(plain.X[i])) + 1e-14, $"x[{i}]");
        }
    }

    [Fact]
    public void Deep_limit_with_a_shape_tends_to_the_weighted_l1_minimizer_not_x_l1()
    {
        var problem = TestInstances.Gaussian(20, 50, 3, 1).Problem;
        var scales = Enumerable.Range(0, 50).Select(i => i % 2 == 0 ? 10.0 : 0.1).ToArray();
        var shape = InitializationShape.Scaled(new DepthPotential(3.0), scales);
        var bp = ImplicitL1.BasisPursuit.BasisPursuitSolver.Solve(problem);
        var weighted = ShapedLimit.Reference(problem, shape, bp);
        var w = shape.LimitWeights()!;
        Assert.Equal(Math.Pow(10.0, -1.0 / 3.0), w[0], 12);
        double Weighted(double[] z) => z.Select((v, i) => w[i] * Math.Abs(v)).Sum();
        Assert.Equal(SolverStatus.Success, weighted.Status);
        Assert.True(Weighted(weighted.X) < Weighted(bp.X) - 1e-3, "the weighted reference is not better in its own norm");
        Assert.True(Distance(weighted.X, bp.X) > 1.0, "this shape should move the α → 0 limit");
        var points = ShapedLimit.Solve(problem, shape, [LogAlpha.FromLog10(-6), LogAlpha.FromLog10(-8)], basisPursuit: weighted).Points;
        Assert.All(points, p => Assert.Equal(SolverStatus.Success, p.Status));
        Assert.True(points[1].ErrorToL1 < 0.1 * points[0].ErrorToL1!.Value && points[1].ErrorToL1 < 1e-2, $"{points[0].ErrorToL1:E3} → {points[1].ErrorToL1:E3}");
        Assert.True(Distance(points[1].X, bp.X) > 1.0);
        // D = 2 and uniform scales keep plain x_ℓ¹ as the reference.
        Assert.Null(InitializationShape.Scaled(new DepthPotential(2.0), scales).LimitWeights());
        Assert.Same(bp, ShapedLimit.Reference(problem, InitializationShape.Scaled(new DepthPotential(3.0), Enumerable.Repeat(2.0, 50).ToArray()), bp));
    }

    [Fact]
    public void Bad_shapes_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => InitializationShape.Scaled(new DepthPotential(2.0), [1.0, 0.0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => InitializationShape.Scaled(new DepthPotential(2.0), [1.0, double.NaN]));
        Assert.Throws<ArgumentOutOfRangeException>(() => InitializationShape.Product([0.1, 0.2], [0.1, -0.2]) is var s && s.Dimension == 2
            ? InitializationShape.Product([0.0], [0.0]) : null);
        Assert.Throws<ArgumentException>(() => InitializationShape.Product([0.1], [0.1, 0.2]));
        var problem = TestInstances.Gaussian(5, 10, 1, 1).Problem;
        Assert.Throws<ArgumentException>(() => ShapedLimit.Solve(problem, InitializationShape.Product(Enumerable.Repeat(0.1, 10).ToArray(), new double[10]), [LogAlpha.FromValue(0.5)]));
        Assert.Throws<ArgumentException>(() => ShapedLimit.Solve(problem, InitializationShape.Scaled(new DepthPotential(2.0), [1.0]), [LogAlpha.FromValue(0.5)]));
    }
}
