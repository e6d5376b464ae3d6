using ImplicitL1.BasisPursuit;
using ImplicitL1.Experiments;
using ImplicitL1.Limit;
using Xunit.Abstractions;

namespace ImplicitL1.Tests.Theory;

public class SaddleToSaddleTests(ITestOutputHelper output)
{
    [Fact]
    public void One_by_two_family_jumps_once_at_tau_one()
    {
        // ∇L(0) = −(1, r): s(τ) = τ(1, r) reaches 1 in coordinate 0 at τ = 1; then β = e₁ interpolates.
        var path = SaddleToSaddle.Solve(TestInstances.Tightness(0.5));
        Assert.Equal(SolverStatus.Success, path.Status);
        Assert.Equal(2, path.Saddles.Count);
        Assert.Equal(1.0, path.Saddles[1].JumpTime, 15);
        Assert.Equal([0], path.Saddles[1].Entered);
        Assert.Equal(1.0, path.EndPoint[0], 1e-15);
        Assert.Equal(0.0, path.EndPoint[1]);
        Assert.Equal(0.5, path.Saddles[1].Dual[1], 15);
    }

    [Theory]
    [InlineData(20, 50, 3, 1)]
    [InlineData(20, 50, 3, 2)]
    [InlineData(20, 50, 3, 3)]
    [InlineData(40, 100, 5, 1)]
    [InlineData(10, 30, 4, 5)]
    public void Path_ends_at_the_basis_pursuit_solution(int m, int n, int s, long seed)
    {
        var problem = TestInstances.Gaussian(m, n, s, seed).Problem;
        var bp = BasisPursuitSolver.Solve(problem);
        Assert.Equal(SolverStatus.Success, bp.Status);
        var path = SaddleToSaddle.Solve(problem);
        output.WriteLine($"{path.Status}: {path.Message}");
        foreach (var saddle in path.Saddles)
        {
            output.WriteLine($"  k={saddle.Index} tau={saddle.JumpTime:F6} loss={saddle.Loss:E3} entered=[{string.Join(",", saddle.Entered)}] support=[{string.Join(",", Enumerable.Range(0, n).Where(i => saddle.Beta[i] != 0))}]");
        }

        Assert.Equal(SolverStatus.Success, path.Status);
        double maxDiff = path.EndPoint.Zip(bp.X, (a, b) => Math.Abs(a - b)).Max();
        output.WriteLine($"max |end − x_ℓ¹| = {maxDiff:E2}");
        Assert.True(maxDiff <= 1e-10, $"end point differs from x_ℓ¹ by {maxDiff}");

        for (int k = 1; k < path.Saddles.Count; k++)
        {
            var saddle = path.Saddles[k];
            Assert.True(saddle.JumpTime > path.Saddles[k - 1].JumpTime);
            Assert.True(saddle.Loss <= path.Saddles[k - 1].Loss * (1 + 1e-12), $"loss rose at saddle {k}");
            Assert.All(saddle.Dual, v => Assert.InRange(v, -1.0, 1.0));
            // s = Aᵀν along the path, and sᵢβᵢ = |βᵢ| with |sᵢ| = 1 on supp β.
            var atn = new double[n];
            problem.MultiplyTransposed(saddle.Nu, atn);
            Assert.True(atn.Zip(saddle.Dual, (a, b) => Math.Abs(a - b)).Max() <= 1e-9, $"s ≠ Aᵀν at saddle {k}");
            for (int i = 0; i < n; i++)
            {
                if (saddle.Beta[i] != 0)
                {
                    Assert.Equal(Math.Sign(saddle.Beta[i]), saddle.Dual[i]);
                }
            }
        }

        // End point vs the exact D = 2 limit (no GF trajectory here: that needs the dynamics code).
        var limit = DualNewton.Solve(problem, 2.0, [1e-12], basisPursuit: bp).Points[0];
        double toLimit = Math.Sqrt(limit.X.Zip(path.EndPoint, (a, b) => (a - b) * (a - b)).Sum());
        output.WriteLine($"‖x∞(1e-12) − end point‖ = {toLimit:E3} (ϱ = {bp.Varrho!.Value:F4}, α^(1−ϱ) = {Math.Pow(1e-12, 1 - bp.Varrho.Value):E2})");
        Assert.Equal(limit.ErrorToL1!.Value, toLimit, 1e-3 * toLimit + 1e-11);
    }

    [Fact]
    public void Gradient_flow_time_conversion()
    {
        Assert.Equal(Math.Log(1e8) / 4.0, SaddleToSaddle.GradientFlowTime(1.0, 1e-8), 14);
    }
}

public class SaddlePathVersusGradientFlowTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public void Gradient_flow_in_rescaled_time_approaches_each_wide_plateau_as_alpha_shrinks()
    {
        // D = 2 flow at small α sits near saddle k for rescaled times τ = 4t/log(1/α) between jumps k and k+1
        // (Pesme & Flammarion 2023); the gap closes like 1/log(1/α), so compare α = 1e-8, 1e-16, 1e-32 at the middle of
        // every plateau wider than 0.1 (narrower ones are not resolved at these α).
        var problem = TestInstances.Gaussian(20, 50, 3, seed: 1).Problem;
        var path = ImplicitL1.Experiments.SaddleToSaddle.Solve(problem);
        Assert.Equal(SolverStatus.Success, path.Status);
        var saddles = path.Saddles;
        var plateaus = Enumerable.Range(0, saddles.Count)
            .Select(k => (k, from: saddles[k].JumpTime, to: k + 1 < saddles.Count ? saddles[k + 1].JumpTime : (2 * saddles[k].JumpTime) + 1))
            .Where(p => p.to - p.from >= 0.1)
            .ToArray();
        Assert.True(plateaus.Length >= 3);
        var previous = Enumerable.Repeat(double.PositiveInfinity, plateaus.Length).ToArray();
        foreach (double alpha in new[] { 1e-8, 1e-16, 1e-32 })
        {
            var times = plateaus.Select(p => ImplicitL1.Experiments.SaddleToSaddle.GradientFlowTime(0.5 * (p.from + p.to), alpha)).ToArray();
            var flow = ImplicitL1.Dynamics.GradientFlow.Solve(problem, new ImplicitL1.Dynamics.BalancedParametrization(problem.Cols, 2.0, alpha),
                new ImplicitL1.Dynamics.GradientFlowOptions { CheckpointTimes = times });
            for (int j = 0; j < plateaus.Length; j++)
            {
                var x = flow.Trajectory.First(c => Math.Abs(c.Time - times[j]) <= 1e-9 * times[j]).X;
                double distance = System.Numerics.Tensors.TensorPrimitives.Distance(x, saddles[plateaus[j].k].Beta);
                output.WriteLine($"α = {alpha:E0}, saddle {plateaus[j].k} (τ ∈ [{plateaus[j].from:F3}, {plateaus[j].to:F3}]): ‖x_GF − saddle‖ = {distance:E2}");
                Assert.True(distance < previous[j], $"saddle {plateaus[j].k}: {distance:E2} did not shrink from {previous[j]:E2}");
                previous[j] = distance;
            }
        }

        Assert.All(previous, d => Assert.True(d <= 0.1, $"{d:E2} > 0.1 at α = 1e-32"));
    }
}
