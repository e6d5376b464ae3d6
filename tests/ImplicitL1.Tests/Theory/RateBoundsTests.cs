using ImplicitL1.BasisPursuit;
using ImplicitL1.Bounds;
using ImplicitL1.Limit;
using ImplicitL1.Potentials;
using ImplicitL1.Problems;
using Xunit.Abstractions;

namespace ImplicitL1.Tests.Theory;

public class RateBoundsTests(ITestOutputHelper output)
{
    private static readonly LogAlpha[] Alphas = [.. new[] { 1e-8, 1e-9, 1e-10, 1e-11, 1e-12 }.Select(a => LogAlpha.FromValue(a))];

    public static TheoryData<int, int, int, long, double> DeepInstances()
    {
        var data = new TheoryData<int, int, int, long, double>();
        foreach (double depth in new[] { 3.0, 4.0 })
        {
            for (long seed = 1; seed <= 3; seed++)
            {
                data.Add(20, 50, 3, seed, depth);
                data.Add(40, 100, 5, seed, depth);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(DeepInstances))]
    public void Deep_ratio_tends_to_one(int m, int n, int s, long seed, double depth)
    {
        var problem = TestInstances.Gaussian(m, n, s, seed).Problem;
        var report = RateBounds.Solve(problem, new RateBoundsOptions { Depth = depth, Alphas = Alphas });
        output.WriteLine(report.ToString());
        Assert.Equal(SolverStatus.Success, report.Status);
        var last = report.Rows.Single(r => r.Alpha == 1e-12);
        Assert.Equal(-12, last.LogAlpha.Log10, 12);
        Assert.True(Math.Abs(last.Ratio!.Value - 1.0) <= 1e-3, $"ratio {last.Ratio} at α = 1e-12");
        Assert.True(Math.Abs(report.FittedExponent!.Value - 1.0) <= 2e-3, $"exponent {report.FittedExponent}");
        // λ* is a certificate, so ‖Δ_Sᶜ‖_∞ ≥ h_D(ϱ).
        double maxOff = report.OffSupport.Max(o => Math.Abs(o.Coefficient!.Value));
        Assert.True(maxOff >= report.BlowUp!.Value * (1 - 1e-9), $"max|Δ_Sᶜ| = {maxOff} < h(ϱ) = {report.BlowUp}");
    }

    [Theory]
    [InlineData(20, 50, 3, 1)]
    [InlineData(20, 50, 3, 2)]
    [InlineData(20, 50, 3, 4)]
    [InlineData(40, 100, 5, 1)]
    [InlineData(40, 100, 5, 2)]
    public void Shallow_exponent_is_one_minus_varrho(int m, int n, int s, long seed)
    {
        var problem = TestInstances.Gaussian(m, n, s, seed).Problem;
        var report = RateBounds.Solve(problem, new RateBoundsOptions { Depth = 2.0, Alphas = Alphas });
        output.WriteLine(report.ToString());
        Assert.Equal(SolverStatus.Success, report.Status);
        Assert.True(report.Varrho <= 0.8, $"ϱ = {report.Varrho}: pick an instance in the asymptotic regime");
        Assert.Equal(1.0 - report.Varrho!.Value, report.PredictedExponent!.Value, 15);
        Assert.True(Math.Abs(report.FittedExponent!.Value - report.PredictedExponent.Value) <= 0.01,
            $"fitted {report.FittedExponent} ± {report.FittedExponentStdError} vs 1 − ϱ = {report.PredictedExponent}");
        Assert.True(report.FittedExponentStdError < 0.01);
        Assert.Null(report.DeltaNorm);
        Assert.True(report.ConstantIsFitted);
        // The coordinates attaining ϱ carry the slowest exponent.
        Assert.Equal(report.PredictedExponent.Value, report.OffSupport.Min(o => o.Exponent), 9);
    }

    [Theory]
    [InlineData(0.5, 3.0)]
    [InlineData(0.9, 3.0)]
    [InlineData(0.5, 4.0)]
    public void Tightness_family_delta_is_h_of_r(double r, double depth)
    {
        // A = [1, r]: λ* = 1 is forced, Δ = (−r·h(r), h(r)), ‖Δ‖ = √(1+r²)·h_D(r) (docs/theory.md §5).
        var first = FirstOrderExpansion.Solve(TestInstances.Tightness(r), new FirstOrderOptions { Depth = depth });
        double h = new DepthPotential(depth).H(r);
        Assert.Equal(SolverStatus.Success, first.Status);
        Assert.Equal(h, first.Delta[1], 1e-12 * h);
        Assert.Equal(-r * h, first.Delta[0], 1e-12 * h);
        Assert.Equal(Math.Sqrt(1 + (r * r)) * h, first.DeltaNorm, 1e-12 * h);
        Assert.Equal(h, first.BlowUp, 1e-12 * h);
    }

    [Fact]
    public void Non_unique_basis_pursuit_gives_a_status_not_a_number()
    {
        // A = [1, 1], y = 1: every z ≥ 0 with z₁ + z₂ = 1 is a minimizer.
        var problem = new RegressionProblem(new double[,] { { 1.0, 1.0 } }, [1.0]);
        var report = RateBounds.Solve(problem, new RateBoundsOptions { Depth = 3.0, Alphas = Alphas });
        Assert.Equal(SolverStatus.NotUnique, report.Status);
        Assert.Null(report.Varrho);
        Assert.Null(report.DeltaNorm);
        Assert.Null(report.FittedExponent);
        Assert.Empty(report.Rows);
        Assert.Equal(SolverStatus.NotUnique, FirstOrderExpansion.Solve(problem, new FirstOrderOptions { Depth = 3.0 }).Status);
    }

    [Fact]
    public void Infeasible_basis_pursuit_gives_a_status_not_a_number()
    {
        var problem = new RegressionProblem(new double[,] { { 1.0, 1.0, 0.0 }, { 2.0, 2.0, 0.0 } }, [1.0, 3.0]);
        var report = RateBounds.Solve(problem, new RateBoundsOptions { Depth = 2.0, Alphas = Alphas });
        Assert.Equal(SolverStatus.Infeasible, report.Status);
        Assert.Null(report.Varrho);
        Assert.Empty(report.Rows);
    }

    [Fact]
    public void Depth_two_has_no_first_order_constant() =>
        Assert.Throws<ArgumentOutOfRangeException>("options.Depth", () => FirstOrderExpansion.Solve(TestInstances.Tightness(0.5), new FirstOrderOptions { Depth = 2.0 }));

    [Fact]
    public void Each_misuse_throws_its_exception_naming_the_argument()
    {
        var p = TestInstances.Tightness(0.5);
        Assert.Throws<ArgumentOutOfRangeException>("options.Depth", () => FirstOrderExpansion.Solve(p, new FirstOrderOptions { Depth = 1.5 }));
        Assert.Throws<ArgumentOutOfRangeException>("options.Depth", () => RateBounds.Solve(p, new RateBoundsOptions { Depth = 1.0, Alphas = Alphas }));
        Assert.Throws<ArgumentException>("options.Alphas", () => RateBounds.Solve(p, new RateBoundsOptions { Depth = 2.0, Alphas = [LogAlpha.FromValue(1e-2), LogAlpha.FromLog10(-2)] }));
        Assert.Throws<ArgumentNullException>("options", () => RateBounds.Solve(p, null!));
        Assert.Throws<ArgumentNullException>("problem", () => FirstOrderExpansion.Solve(null!, new FirstOrderOptions { Depth = 3.0 }));
        Assert.Throws<ArgumentOutOfRangeException>("options.MaxSaddles", () => ImplicitL1.Experiments.SaddleToSaddle.Solve(p, new ImplicitL1.Experiments.SaddleOptions { MaxSaddles = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>("options.Depths", () => ImplicitL1.Experiments.MinimizerSelection.Solve(p, new ImplicitL1.Experiments.SelectionOptions { Depths = [1.0] }));
        Assert.Throws<ArgumentOutOfRangeException>("options.Alphas", () => ImplicitL1.Experiments.MinimizerSelection.Solve(p, new ImplicitL1.Experiments.SelectionOptions { Depths = [2.0], Alphas = [0.0] }));
        Assert.Throws<ArgumentOutOfRangeException>("options.MaxVertexCandidates", () => ImplicitL1.Experiments.BasisPursuitFaces.Solve(p, new ImplicitL1.Experiments.FaceOptions { MaxVertexCandidates = 0 }));
        Assert.Throws<ArgumentNullException>("problem", () => ImplicitL1.Experiments.SaddleToSaddle.Solve(null!));
    }

    [Fact]
    public void Bounds_below_the_double_range_keep_log_alpha_and_log_errors()
    {
        // D = 2 at α = 1e-1000 … 1e-1400: errors ~ 10^-500, the slope is 1 − ϱ to rounding (asymptotic regime).
        var problem = TestInstances.Gaussian(20, 50, 3, 1).Problem;
        LogAlpha[] deep = [.. new[] { -1000.0, -1200, -1400 }.Select(l => LogAlpha.FromLog10(l))];
        var report = RateBounds.Solve(problem, new RateBoundsOptions { Depth = 2.0, Alphas = deep });
        output.WriteLine(report.ToString());
        Assert.Equal(SolverStatus.Success, report.Status);
        Assert.Equal(report.PredictedExponent!.Value, report.FittedExponent!.Value, 8);
        foreach (var (row, k) in report.Rows.Select((r, k) => (r, k)))
        {
            Assert.Equal(deep[k].Log10, row.LogAlpha.Log10);
            Assert.Equal(0.0, row.Alpha);
            Assert.Null(row.Measured);
            Assert.InRange(row.Log10Measured!.Value, -800, -400);
            Assert.Equal(0.0, row.Predicted);
            Assert.InRange(row.Ratio!.Value, 1 - 1e-6, 1 + 1e-6);
        }

        // D = 3 at α = 1e-300 … 1e-500: error/(α‖Δ‖) = 1 to rounding; at 1e-12 it is 1 only to ~1e-4.
        var d3 = RateBounds.Solve(problem, new RateBoundsOptions { Depth = 3.0, Alphas = [.. new[] { -300.0, -400, -500 }.Select(l => LogAlpha.FromLog10(l))] });
        Assert.Equal(SolverStatus.Success, d3.Status);
        Assert.Equal(1.0, d3.FittedExponent!.Value, 10);
        Assert.All(d3.Rows, r => Assert.Equal(1.0, r.Ratio!.Value, 10));
        Assert.All(d3.Rows, r => Assert.Equal(r.LogAlpha.Log10 + Math.Log10(d3.DeltaNorm!.Value), r.Log10Predicted, 9));
    }

    [Fact]
    public void Log10_fit_works_where_the_values_underflow()
    {
        // log10 e = 2 + 0.004·log10 α over α = 10^-3000 … 10^-4000: the values 10^-10 … 10^-14 as logs, α as logs only.
        double[] la = [-3000, -3500, -4000];
        var fit = LogLogFit.FitLog10(la, [.. la.Select(l => 2 + (0.004 * l))]);
        Assert.Equal(0.004, fit.Slope, 14);
        Assert.Equal(2.0, fit.Log10Constant, 9);
        Assert.Equal(100.0, fit.Constant, 7);
        Assert.Equal(3, fit.Points);
        var far = LogLogFit.FitLog10([-1e5, -2e5], [-400.0, -800.0]);
        Assert.Equal(0.004, far.Slope, 14);
        Assert.True(double.IsNaN(far.SlopeStdError));
        Assert.Throws<ArgumentException>("log10Alphas", () => LogLogFit.FitLog10([-5.0, -5.0], [1.0, 2.0]));
        Assert.Throws<ArgumentException>("log10Values", () => LogLogFit.FitLog10([-5.0, -6.0], [1.0]));
    }

    [Fact]
    public void Fit_recovers_a_known_line()
    {
        double[] a = [1e-2, 1e-4, 1e-6];
        var fit = LogLogFit.Fit(a, a.Select(x => 3.0 * Math.Pow(x, 0.7)).ToArray());
        Assert.Equal(0.7, fit.Slope, 12);
        Assert.Equal(3.0, fit.Constant, 10);
        Assert.True(fit.SlopeStdError < 1e-12);
        Assert.NotNull(BasisPursuitSolver.Solve(TestInstances.Tightness(0.5)).Varrho);
    }
}
