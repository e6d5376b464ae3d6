using ImplicitL1.BasisPursuit;
using ImplicitL1.Limit;
using Xunit.Abstractions;

namespace ImplicitL1.Tests.Limit;

public class GaussianAcceptanceTests(ITestOutputHelper output)
{
    public static TheoryData<int, int, int, long> Instances()
    {
        var data = new TheoryData<int, int, int, long>();
        foreach (var (m, n, s) in new[] { (20, 50, 3), (40, 100, 5), (100, 400, 10) })
        {
            for (long seed = 1; seed <= 20; seed++)
            {
                data.Add(m, n, s, seed);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Instances))]
    public void Slopes_match_the_rates(int m, int n, int s, long seed)
    {
        var problem = TestInstances.Gaussian(m, n, s, seed).Problem;
        var bp = BasisPursuitSolver.Solve(problem, new BasisPursuitOptions { ComputeNullSpaceForm = true });
        Assert.Equal(SolverStatus.Success, bp.Status);
        double varrho = bp.Varrho!.Value;
        Assert.True(Math.Abs(varrho - bp.Varrho.NullSpaceValue) <= 1e-9, $"{varrho} vs {bp.Varrho.NullSpaceValue}");
        double[] alphas = [1e-8, 1e-9, 1e-10, 1e-11, 1e-12];
        foreach (double depth in new[] { 2.0, 3.0 })
        {
            var result = DualNewton.Solve(problem, depth, alphas, basisPursuit: bp);
            foreach (var p in result.Points)
            {
                Assert.True(p.Status == SolverStatus.Success, p.ToString() + " " + p.Message);
                Assert.True(p.Residual <= 1e-10 && p.Stationarity <= 1e-10, p.ToString());
            }

            double slope = Fit(alphas, result.Points.Select(p => p.ErrorToL1!.Value).ToArray());
            double expected = depth == 2.0 ? 1.0 - varrho : 1.0;
            output.WriteLine($"({m},{n},{s}) seed {seed} D={depth} varrho={varrho:F4} slope={slope:F4} expected={expected:F4} iters={result.Stats.Iterations}");
            if (depth == 2.0 && varrho > 0.8)
            {
                output.WriteLine($"  not checked: ϱ = {varrho:F4} > 0.8, D = 2 slope {slope:F4} vs 1 − ϱ = {expected:F4}");
            }
            else
            {
                Assert.True(Math.Abs(slope - expected) <= 0.01, $"slope {slope} vs {expected}");
            }
        }
    }

    private static double Fit(double[] alphas, double[] errors)
    {
        var lx = alphas.Select(a => Math.Log(a)).ToArray();
        var ly = errors.Select(e => Math.Log(e)).ToArray();
        double mx = lx.Average(), my = ly.Average();
        double sxy = lx.Zip(ly, (a, b) => (a - mx) * (b - my)).Sum();
        double sxx = lx.Sum(a => (a - mx) * (a - mx));
        return sxy / sxx;
    }
}
