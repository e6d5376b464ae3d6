using ImplicitL1.BasisPursuit;
using ImplicitL1.Limit;
using Xunit.Abstractions;

namespace ImplicitL1.Tests.Limit;

/// <summary>Issue 10: no wrong number at any α — every point from α = 1 to 10^-300 is a verified success.</summary>
public class PrecisionAcceptanceTests(ITestOutputHelper output)
{
    private static readonly double[] Exponents = [0, -1, -2, -4, -8, -12, -16, -20, -30, -50, -75, -100, -150, -200, -250, -300];

    public static TheoryData<int, int, int, long, double> Instances() => new()
    {
        { 20, 50, 3, 1, 0.0 },
        { 40, 100, 5, 2, 0.0 },
        { 100, 400, 10, 3, 0.0 },
        { 40, 100, 5, 2, 0.1 },
        { 40, 100, 5, 2, 0.4 },
    };

    [Theory]
    [MemberData(nameof(Instances))]
    public void Every_point_down_to_1e_300_is_success_and_the_error_is_continuous(int m, int n, int s, long seed, double noise)
    {
        var problem = TestInstances.Gaussian(m, n, s, seed, noise).Problem;
        var bp = BasisPursuitSolver.Solve(problem);
        Assert.True(bp.IsUnique, bp.Message);
        double varrho = bp.Varrho!.Value;
        foreach (double depth in new[] { 2.0, 2.5, 3.0, 4.0, 6.0 })
        {
            var points = DualNewton.Solve(problem, depth, [.. Exponents.Select(e => LogAlpha.FromLog10(e))], basisPursuit: bp).Points;
            for (int k = 0; k < points.Count; k++)
            {
                var p = points[k];
                Assert.True(p.Status == SolverStatus.Success, $"({m},{n},{s}) η={noise} D={depth}: {p} {p.Message}");
                Assert.True(p.Residual <= 1e-12 * 10 && p.Stationarity <= 1e-11, p.ToString());
                if (k > 0)
                {
                    // Continuity: the local slope of log error vs log α stays within (0, 1] (rates α^{1−ϱ} … α).
                    double slope = (p.Log10ErrorToL1!.Value - points[k - 1].Log10ErrorToL1!.Value) / (Exponents[k] - Exponents[k - 1]);
                    Assert.True(slope > -1e-9 && slope <= 1.0 + 1e-6, $"D={depth} slope {slope} between 1e{Exponents[k - 1]} and 1e{Exponents[k]}");
                }
            }

            double last = (points[^1].Log10ErrorToL1!.Value - points[^2].Log10ErrorToL1!.Value) / (Exponents[^1] - Exponents[^2]);
            double expected = depth == 2.0 ? 1.0 - varrho : 1.0;
            output.WriteLine($"({m},{n},{s}) η={noise} ϱ={varrho:F6} D={depth}: slope over [1e-300, 1e-250] {last:F6} (expected {expected:F6}), iterations {points.Sum(p => p.Stats.Iterations)}");
            Assert.True(Math.Abs(last - expected) <= 2e-3, $"D={depth}: slope {last} vs {expected}");
        }
    }

    [Fact]
    public void D2_reaches_1e_1000_and_1e_3000_with_the_asymptotic_rate()
    {
        var problem = TestInstances.Gaussian(40, 100, 5, 2, 0.1).Problem;
        var bp = BasisPursuitSolver.Solve(problem);
        double varrho = bp.Varrho!.Value;
        double[] exponents = [-300, -1000, -3000];
        var points = DualNewton.Solve(problem, 2.0, [.. exponents.Select(e => LogAlpha.FromLog10(e))], basisPursuit: bp).Points;
        Assert.All(points, p => Assert.True(p.Status == SolverStatus.Success, p + " " + p.Message));
        foreach (var p in points)
        {
            // The plain number beside log10 exactly when it is representable.
            Assert.Equal(p.Log10ErrorToL1 >= -307, p.ErrorToL1 is not null);
        }

        var noiseless = DualNewton.Solve(TestInstances.Gaussian(40, 100, 5, 2).Problem, 2.0, [LogAlpha.FromLog10(-3000)]).Points[0];
        Assert.Equal(SolverStatus.Success, noiseless.Status);
        Assert.Null(noiseless.ErrorToL1); // 10^-1843: only log10 is reported
        Assert.InRange(noiseless.Log10ErrorToL1!.Value, -3000, -300);
        // Fitted exponent of the D = 2 error over α ∈ [1e-3000, 1e-300] on a noisy instance.
        double fitted = (points[2].Log10ErrorToL1!.Value - points[0].Log10ErrorToL1!.Value) / (exponents[2] - exponents[0]);
        output.WriteLine($"η = 0.1, ϱ = {varrho:F6}: fitted exponent {fitted:F6} over [1e-3000, 1e-300], 1 − ϱ = {1 - varrho:F6}");
        Assert.True(Math.Abs(fitted - (1 - varrho)) <= 0.002, $"fitted {fitted} vs 1 − ϱ = {1 - varrho}");
        var single = DualNewton.Solve(problem, 2.0, [LogAlpha.FromLog10(-3000)], basisPursuit: bp).Points[0];
        Assert.Equal(SolverStatus.Success, single.Status);
        Assert.True(Math.Abs(single.Log10ErrorToL1!.Value - points[2].Log10ErrorToL1!.Value) <= 1e-9 * 3000);
    }
}
