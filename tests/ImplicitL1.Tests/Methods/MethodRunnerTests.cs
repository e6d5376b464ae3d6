using ImplicitL1.BasisPursuit;
using ImplicitL1.Dynamics;
using ImplicitL1.Methods;
using ImplicitL1.Problems;

namespace ImplicitL1.Tests.Methods;

public class MethodRunnerTests
{
    private static readonly GeneratedInstance Instance = ProblemGenerator.Generate(new GeneratorOptions { M = 8, N = 16, S = 2, Seed = 3 });

    [Fact]
    public void Without_references_no_distance_is_reported()
    {
        var outcome = MethodRunner.Run(Instance.Problem, new MethodSpec { Kind = MethodKind.Limit, Depth = 3, Alpha = 1e-3 });
        Assert.True(outcome.Status.IsSuccess());
        Assert.Null(outcome.DistanceToL1);
        Assert.Null(outcome.DistanceToLimit);
        Assert.Null(outcome.DistanceToXStar);
        Assert.True(outcome.Residual < 1e-12);
    }

    [Fact]
    public void Given_references_are_used_and_gf_reaches_the_limit()
    {
        var bp = BasisPursuitSolver.Solve(Instance.Problem);
        var limit = MethodRunner.Run(Instance.Problem, new MethodSpec { Kind = MethodKind.Limit, Depth = 2, Alpha = 1e-3 }, new MethodReferences { BasisPursuit = bp });
        Assert.NotNull(limit.DistanceToL1);
        var flow = MethodRunner.Run(Instance.Problem, new MethodSpec { Kind = MethodKind.Gf, Depth = 2, Alpha = 1e-3 },
            new MethodReferences { BasisPursuit = bp, Limit = limit.X, XStar = Instance.XStar });
        Assert.True(flow.Status.IsSuccess(), flow.Message);
        Assert.True(flow.DistanceToLimit < 1e-8, $"{flow.DistanceToLimit}");
        Assert.Equal(limit.DistanceToL1!.Value, flow.DistanceToL1!.Value, 1e-7);
        Assert.NotEmpty(flow.Trajectory);
        Assert.All(flow.Trajectory, c => Assert.NotNull(c.DistanceToLimit));
    }

    [Fact]
    public void Product_model_honours_alpha_as_the_u2_minus_v2_model_and_refuses_another_depth()
    {
        var product = MethodRunner.Run(Instance.Problem, new MethodSpec { Kind = MethodKind.Limit, Parametrization = ParametrizationKind.Product, Alpha = 1e-3 });
        var balanced = MethodRunner.Run(Instance.Problem, new MethodSpec { Kind = MethodKind.Limit, Depth = 2, Alpha = 1e-3 });
        Assert.True(product.Status.IsSuccess(), product.Message);
        Assert.True(System.Numerics.Tensors.TensorPrimitives.Distance(product.X, balanced.X) < 1e-9);
        var e = Assert.Throws<ArgumentException>(() => MethodRunner.Run(Instance.Problem,
            new MethodSpec { Kind = MethodKind.Gf, Parametrization = ParametrizationKind.Product, Depth = 3 }));
        Assert.Contains("depth 3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sgd_uses_a_batch_and_gd_refuses_one()
    {
        var sgd = MethodRunner.Run(Instance.Problem, new MethodSpec
        {
            Kind = MethodKind.Sgd,
            Alpha = 1e-2,
            Descent = new GradientDescentOptions { MaxIterations = 50, Seed = 1 },
        });
        Assert.Equal(50, sgd.Iterations);
        Assert.Throws<ArgumentException>(() => MethodRunner.Run(Instance.Problem, new MethodSpec
        {
            Kind = MethodKind.Gd,
            Descent = new GradientDescentOptions { BatchSize = 2, MaxIterations = 5 },
        }));
    }
}
