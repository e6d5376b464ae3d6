using ImplicitL1.BasisPursuit;
using ImplicitL1.Nsp;
using ImplicitL1.Problems;
using Xunit.Abstractions;

namespace ImplicitL1.Tests.Theory;

public class NullSpaceConstantTests(ITestOutputHelper output)
{
    private const double LpTolerance = 1e-9;

    [Theory]
    [InlineData(1, 2)]
    [InlineData(1, 3)]
    [InlineData(2, 2)]
    [InlineData(2, 3)]
    [InlineData(3, 2)]
    public void Exact_value_is_bracketed_by_the_bounds(long seed, int order)
    {
        var problem = TestInstances.Gaussian(8, 16, 2, seed).Problem;
        var exact = NullSpaceConstant.Solve(problem, new NspOptions { Order = order, Mode = NspMode.Exact });
        var bounds = NullSpaceConstant.Solve(problem, new NspOptions { Order = order, Mode = NspMode.Bounds });
        output.WriteLine($"seed {seed}: exact {exact}");
        output.WriteLine($"seed {seed}: bounds {bounds}");
        Assert.Equal(SolverStatus.Success, exact.Status);
        Assert.True(exact.Exact);
        Assert.Equal(NullSpaceConstant.ExactLpCount(16, order), exact.Stats.LinearPrograms);
        Assert.False(bounds.Exact);
        Assert.Null(bounds.RhoS);
        double rho = exact.RhoS!.Value;
        Assert.True(bounds.Lower <= rho * (1 + LpTolerance), $"lower {bounds.Lower} > ρ {rho}");
        Assert.True(bounds.Upper >= rho * (1 - LpTolerance), $"upper {bounds.Upper} < ρ {rho}");
        Assert.Equal(rho, exact.Lower);
        Assert.Equal(rho, exact.Upper);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Upper_bound_is_exact_for_order_one(long seed)
    {
        var problem = TestInstances.Gaussian(8, 16, 2, seed).Problem;
        double rho1 = NullSpaceConstant.Solve(problem, new NspOptions { Order = 1, Mode = NspMode.Exact }).RhoS!.Value;
        var bounds = NullSpaceConstant.Solve(problem, new NspOptions { Order = 1, Mode = NspMode.Bounds });
        Assert.Equal(rho1, bounds.Upper, 1e-9 * rho1);
        Assert.Equal(rho1, bounds.Lower, 1e-9 * rho1);
    }

    [Fact]
    public void Random_kernel_vectors_never_exceed_the_exact_value()
    {
        var problem = TestInstances.Gaussian(8, 16, 2, 1).Problem;
        const int order = 3;
        double rho = NullSpaceConstant.Solve(problem, new NspOptions { Order = order, Mode = NspMode.Exact }).RhoS!.Value;
        var kernel = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(problem.ToArray()).Kernel();
        var rng = new SeededRandom(7);
        double worst = 0;
        for (int trial = 0; trial < 2000; trial++)
        {
            var v = kernel.Aggregate(MathNet.Numerics.LinearAlgebra.Vector<double>.Build.Dense(16), (acc, k) => acc + (rng.NextGaussian() * k));
            var sorted = v.Select(Math.Abs).OrderByDescending(a => a).ToArray();
            worst = Math.Max(worst, sorted.Take(order).Sum() / sorted.Skip(order).Sum());
        }

        output.WriteLine($"ρ_3 = {rho:R}, best of 2000 random kernel vectors = {worst:R}");
        Assert.True(worst <= rho * (1 + LpTolerance));
    }

    [Fact]
    public void The_reported_kernel_vector_attains_the_exact_value()
    {
        var problem = TestInstances.Gaussian(8, 16, 2, 1).Problem;
        var exact = NullSpaceConstant.Solve(problem, new NspOptions { Order = 3, Mode = NspMode.Exact });
        var v = exact.WorstVector;
        var av = new double[8];
        problem.Multiply(v, av);
        Assert.True(av.Max(Math.Abs) <= 1e-9, $"‖Av‖_∞ = {av.Max(Math.Abs)}");
        double onT = exact.WorstSupport.Sum(i => Math.Abs(v[i]));
        double off = Enumerable.Range(0, 16).Except(exact.WorstSupport).Sum(i => Math.Abs(v[i]));
        Assert.Equal(exact.RhoS!.Value, onT / off, 1e-8 * exact.RhoS.Value);
    }

    [Fact]
    public void Result_does_not_depend_on_thread_count()
    {
        var problem = TestInstances.Gaussian(8, 16, 2, 2).Problem;
        var one = NullSpaceConstant.Solve(problem, new NspOptions { Order = 3, Mode = NspMode.Exact, MaxDegreeOfParallelism = 1 });
        var two = NullSpaceConstant.Solve(problem, new NspOptions { Order = 3, Mode = NspMode.Exact, MaxDegreeOfParallelism = 2 });
        Assert.Equal(one.RhoS, two.RhoS);
        Assert.Equal(one.Stats.LinearPrograms, two.Stats.LinearPrograms);
        Assert.Equal(one.WorstSupport, two.WorstSupport);
        var b1 = NullSpaceConstant.Solve(problem, new NspOptions { Order = 3, Mode = NspMode.Bounds, MaxDegreeOfParallelism = 1 });
        var b2 = NullSpaceConstant.Solve(problem, new NspOptions { Order = 3, Mode = NspMode.Bounds, MaxDegreeOfParallelism = 2 });
        Assert.Equal(b1.Lower, b2.Lower);
        Assert.Equal(b1.Upper, b2.Upper);
    }

    [Fact]
    public void Varrho_never_exceeds_rho_s()
    {
        // m = 12 so that ρ_1, ρ_2 < 1 and the inequality is not trivially true.
        var a = TestInstances.Gaussian(12, 16, 2, 1).Problem;
        var rho = new Dictionary<int, double>();
        var rng = new SeededRandom(11);
        int checkedCount = 0;
        for (int trial = 0; trial < 30; trial++)
        {
            int s = 1 + (trial % 3);
            var x = new double[16];
            foreach (int i in Enumerable.Range(0, 16).OrderBy(_ => rng.NextDouble()).Take(s))
            {
                x[i] = rng.NextGaussian();
            }

            var y = new double[12];
            a.Multiply(x, y);
            var bp = BasisPursuitSolver.Solve(a.WithY(y));
            if (!bp.IsUnique || bp.Support.Length > 3)
            {
                continue;
            }

            int order = bp.Support.Length;
            if (!rho.TryGetValue(order, out double value))
            {
                value = NullSpaceConstant.Solve(a, new NspOptions { Order = order, Mode = NspMode.Exact }).RhoS!.Value;
                rho[order] = value;
                output.WriteLine($"ρ_{order} = {value:R}");
            }

            Assert.True(bp.Varrho!.Value <= value + LpTolerance, $"ϱ = {bp.Varrho.Value} > ρ_{order} = {value}");
            checkedCount++;
        }

        Assert.True(checkedCount >= 20, $"only {checkedCount} unique BP instances checked");
        Assert.True(rho.Values.Min() < 1.0, "at least one order should have the NSP");
    }

    [Fact]
    public void Values_at_or_above_one_are_reported_and_HasNsp_stops_early()
    {
        var problem = TestInstances.Gaussian(8, 16, 2, 1).Problem;
        var exact = NullSpaceConstant.Solve(problem, new NspOptions { Order = 4, Mode = NspMode.Exact });
        output.WriteLine(exact.ToString());
        Assert.True(exact.RhoS >= 1.0, $"expected ρ_4 ≥ 1 for an 8×16 Gaussian A, got {exact.RhoS}");
        Assert.False(exact.HasNsp);
        var check = NullSpaceConstant.Solve(problem, new NspOptions { Order = 4, Mode = NspMode.Decide });
        Assert.False(check.HasNsp);
        Assert.True(check.Lower >= 1.0);
        Assert.True(check.Stats.LinearPrograms <= exact.Stats.LinearPrograms);

        var small = NullSpaceConstant.Solve(problem, new NspOptions { Order = 1, Mode = NspMode.Decide });
        var exact1 = NullSpaceConstant.Solve(problem, new NspOptions { Order = 1, Mode = NspMode.Exact });
        Assert.Equal(exact1.RhoS! < 1.0, small.HasNsp);
    }

    [Fact]
    public void Too_large_a_request_is_refused_with_the_lp_count()
    {
        var problem = TestInstances.Gaussian(30, 60, 3, 1).Problem;
        long count = NullSpaceConstant.ExactLpCount(60, 5);
        Assert.Equal(5_461_512L * 16, count);
        var ex = Assert.Throws<ArgumentOutOfRangeException>("options.Order", () => NullSpaceConstant.Solve(problem, new NspOptions { Order = 5, Mode = NspMode.Exact }));
        Assert.Contains(count.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Message);
        Assert.Contains("NspMode.Bounds", ex.Message);

        var evaluated = NullSpaceConstant.Solve(problem, new NspOptions { Order = 5, Samples = 4 });
        output.WriteLine(evaluated + " " + evaluated.Message);
        Assert.False(evaluated.Exact);
        Assert.Null(evaluated.RhoS);
        Assert.True(evaluated.Lower <= evaluated.Upper);
        Assert.Contains("refused", evaluated.Message);
    }

    [Fact]
    public void Bad_order_is_rejected() =>
        Assert.Throws<ArgumentOutOfRangeException>("options.Order", () => NullSpaceConstant.Solve(TestInstances.Tightness(0.5), new NspOptions { Order = 2, Mode = NspMode.Exact }));

    [Fact]
    public void Progress_reaches_one()
    {
        var reports = new List<double>();
        var progress = new SynchronousProgress(reports);
        NullSpaceConstant.Solve(TestInstances.Gaussian(8, 16, 2, 1).Problem, new NspOptions { Order = 2, Progress = progress });
        Assert.NotEmpty(reports);
        Assert.Equal(1.0, reports.Max(), 12);
    }

    private sealed class SynchronousProgress(List<double> sink) : IProgress<SolverProgress>
    {
        public void Report(SolverProgress value)
        {
            Assert.Equal("nsp exact", value.Stage);
            lock (sink)
            {
                sink.Add(value.Fraction!.Value);
            }
        }
    }
}
