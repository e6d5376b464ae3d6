using ImplicitL1.BasisPursuit;
using ImplicitL1.Experiments;
using Xunit.Abstractions;

namespace ImplicitL1.Tests.Theory;

public class TightnessFamiliesTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(20, 50, 3, 0.0, 1)]
    [InlineData(20, 50, 3, 0.3, 1)]
    [InlineData(20, 50, 3, 0.5, 2)]
    [InlineData(20, 50, 3, 0.9, 3)]
    [InlineData(20, 50, 3, 0.99, 4)]
    [InlineData(40, 100, 5, 0.7, 5)]
    [InlineData(8, 12, 6, 0.6, 6)]
    public void Lp_returns_the_prescribed_varrho(int m, int n, int s, double target, long seed)
    {
        var instance = TightnessFamilies.PrescribedVarrho(m, n, s, target, seed);
        var bp = BasisPursuitSolver.Solve(instance.Problem, new BasisPursuitOptions { ComputeNullSpaceForm = true });
        output.WriteLine($"target {target}: LP ϱ = {bp.Varrho!.Value:R} (error {bp.Varrho.Value - target:E2}), null-space LP {bp.Varrho.NullSpaceValue:R}, Fuchs {bp.Varrho.FuchsValue:R}");
        Assert.Equal(SolverStatus.Success, bp.Status);
        Assert.Equal(instance.Support, bp.Support);
        Assert.Equal(instance.Signs, bp.Signs);
        Assert.True(Math.Abs(bp.Varrho.Value - target) <= 1e-9, $"LP ϱ = {bp.Varrho.Value:R}, target {target}");
        Assert.True(Math.Abs(bp.Varrho.NullSpaceValue - target) <= 1e-9, $"null-space ϱ = {bp.Varrho.NullSpaceValue:R}");
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(instance.XStar[i], bp.X[i], 1e-12);
        }
    }

    [Fact]
    public void Same_seed_same_bytes_and_different_targets_differ()
    {
        var a = TightnessFamilies.PrescribedVarrho(10, 20, 2, 0.4, 9);
        var b = TightnessFamilies.PrescribedVarrho(10, 20, 2, 0.4, 9);
        Assert.Equal(a.Problem.A.ToArray(), b.Problem.A.ToArray());
        var c = TightnessFamilies.PrescribedVarrho(10, 20, 2, 0.6, 9);
        Assert.NotEqual(a.Problem.A.ToArray(), c.Problem.A.ToArray());
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    public void One_by_two_family_has_varrho_r(double r)
    {
        var instance = TightnessFamilies.OneByTwo(r);
        var bp = BasisPursuitSolver.Solve(instance.Problem);
        Assert.Equal(SolverStatus.Success, bp.Status);
        Assert.Equal(r, bp.Varrho!.Value, 1e-12);
        Assert.Equal([0], bp.Support);
    }

    [Fact]
    public void Bad_arguments_are_named()
    {
        Assert.Throws<ArgumentOutOfRangeException>("varrho", () => TightnessFamilies.PrescribedVarrho(10, 20, 2, 1.0, 1));
        Assert.Throws<ArgumentOutOfRangeException>("s", () => TightnessFamilies.PrescribedVarrho(10, 20, 10, 0.5, 1));
        Assert.Throws<ArgumentOutOfRangeException>("r", () => TightnessFamilies.OneByTwo(1.0));
    }
}
