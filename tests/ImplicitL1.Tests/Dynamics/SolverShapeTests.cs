using ImplicitL1.Dynamics;
using ImplicitL1.Problems;
using Xunit.Abstractions;

namespace ImplicitL1.Tests.Dynamics;

/// <summary>Stopping rules, references, progress and cancellation of GF and GD (issue 8).</summary>
public class SolverShapeTests(ITestOutputHelper output)
{
    private static double HalfSquaredResidual(RegressionProblem problem, ReadOnlySpan<double> x)
    {
        var r = new double[problem.Rows];
        problem.Multiply(x, r);
        double sum = 0.0;
        for (int i = 0; i < r.Length; i++)
        {
            sum += (r[i] - problem.Y[i]) * (r[i] - problem.Y[i]);
        }

        return 0.5 * sum;
    }

    private static RegressionProblem Scaled(RegressionProblem problem, double c)
    {
        var a = problem.A.ToArray().Select(v => c * v).ToArray();
        var y = problem.Y.ToArray().Select(v => c * v).ToArray();
        return new RegressionProblem(a, problem.Rows, problem.Cols, y);
    }

    [Fact]
    public void GD_defaults_end_in_success_and_scaling_A_and_y_does_not_change_the_outcome()
    {
        var problem = TestInstances.Gaussian(20, 50, 3, 1).Problem;
        var model = new BalancedParametrization(problem.Cols, 2.0, 1e-1);
        var result = GradientDescent.Solve(problem, model, new GradientDescentOptions { TrackGain = false });
        output.WriteLine(result.ToString());
        Assert.Equal(SolverStatus.Success, result.Status);
        Assert.Contains(result.StopReason, new[] { StopReason.LossTolerance, StopReason.GradientTolerance });
        double halfY = 0.5 * problem.Y.ToArray().Sum(v => v * v);
        Assert.True(result.Loss <= 1e-20 * halfY, $"loss {result.Loss:E3} is not near its floor");

        // A power-of-two scale is exact in float64: with relative tolerances the run is the same run.
        foreach (double c in new[] { 1024.0, 1.0 / 1024 })
        {
            var scaled = GradientDescent.Solve(Scaled(problem, c), model, new GradientDescentOptions { TrackGain = false });
            Assert.Equal(result.StopReason, scaled.StopReason);
            Assert.Equal(result.Stats.Iterations, scaled.Stats.Iterations);
            Assert.Equal(SolverStatus.Success, scaled.Status);
        }
    }

    [Fact]
    public void Early_stopping_returns_the_best_held_out_iterate_not_the_last()
    {
        var instance = TestInstances.Gaussian(40, 60, 3, 8, noise: 0.3);
        var train = instance.Problem.SelectRows([.. Enumerable.Range(0, 30)]);
        var heldOut = instance.Problem.SelectRows([.. Enumerable.Range(30, 10)]);
        var model = new BalancedParametrization(train.Cols, 2.0, 1e-1);
        var options = new GradientDescentOptions { HeldOut = heldOut, EvaluateEvery = 50, Patience = 5, MaxIterations = 2_000_000 };
        var result = GradientDescent.Solve(train, model, options);
        output.WriteLine(result.ToString());
        Assert.Equal(StopReason.EarlyStopping, result.StopReason);
        Assert.True(result.Iteration < result.Stats.Iterations, "the best iterate precedes the patience window");
        Assert.Equal(result.Stats.Iterations - (options.Patience * options.EvaluateEvery), result.Iteration);

        // The returned x is the iterate at result.Iteration (a rerun stopped there), not the last one.
        var atBest = GradientDescent.Solve(train, model, options with { HeldOut = null, MaxIterations = result.Iteration });
        var atLast = GradientDescent.Solve(train, model, options with { HeldOut = null, MaxIterations = result.Stats.Iterations });
        Assert.Equal(atBest.X, result.X);
        Assert.Equal(result.Iteration * result.StepSize, result.Time);
        double best = HalfSquaredResidual(heldOut, result.X);
        Assert.Equal(best, result.HeldOutLoss!.Value, 1e-12 * best);
        Assert.True(HalfSquaredResidual(heldOut, atLast.X) > best, "the last iterate should be worse on held-out data");
    }

    [Theory]
    [InlineData(1e3)]
    [InlineData(1e6)]
    public void Divergence_reports_the_steps_taken_and_the_time_of_the_last_finite_state(double factor)
    {
        var problem = TestInstances.Gaussian(20, 50, 3, 1).Problem;
        var model = new BalancedParametrization(problem.Cols, 2.0, 1e-2);
        var options = new GradientDescentOptions { StepSize = factor * GradientDescent.SafeStepSize(problem, model), MaxIterations = 100_000 };
        var result = GradientDescent.Solve(problem, model, options);
        output.WriteLine(result.ToString() + " " + result.Message);
        Assert.Equal(SolverStatus.Diverged, result.Status);
        Assert.True(result.Stats.Iterations >= 1);
        Assert.Equal(result.Stats.Iterations - 1, result.Iteration);
        Assert.Equal(result.StepSize * result.Iteration, result.Time);
        var rerun = GradientDescent.Solve(problem, model, options with { MaxIterations = Math.Max(1, result.Iteration) });
        Assert.Equal(result.Iteration == 0 ? model.InitialState().Length : rerun.State.Length, result.State.Length);
        if (result.Iteration > 0)
        {
            Assert.Equal(rerun.X, result.X);
        }
        else
        {
            var x0 = new double[problem.Cols];
            model.Forward(model.InitialState(), x0);
            Assert.Equal(x0, result.X);
        }

        Assert.Single(System.Text.RegularExpressions.Regex.Matches(result.Message, "η"));
    }

    [Fact]
    public void References_are_inputs_and_distances_are_null_without_them()
    {
        var problem = TestInstances.Gaussian(10, 25, 2, 3).Problem;
        var model = new BalancedParametrization(problem.Cols, 2.0, 1e-3);
        var bare = GradientFlow.Solve(problem, model);
        Assert.Null(bare.DistanceToL1);
        Assert.Null(bare.DistanceToLimit);
        Assert.Null(bare.Limit);
        Assert.All(bare.Trajectory, p => Assert.Null(p.DistanceToLimit));

        var refs = References.Compute(problem, model);
        Assert.NotNull(refs.L1);
        Assert.NotNull(refs.Limit);
        var withRefs = GradientFlow.Solve(problem, model, new GradientFlowOptions { References = refs });
        Assert.Equal(bare.X, withRefs.X);
        Assert.Equal(GradientFlowTests.Distance(withRefs.X, refs.Limit), withRefs.DistanceToLimit!.Value, 1e-15);
        Assert.Equal(GradientFlowTests.Distance(withRefs.X, refs.L1), withRefs.DistanceToL1!.Value, 1e-15);
        Assert.True(withRefs.DistanceToLimit <= 1e-9);

        var gd = GradientDescent.Solve(problem, model, new GradientDescentOptions { References = refs with { L1 = null }, MaxIterations = 50 });
        Assert.Null(gd.DistanceToL1);
        Assert.Equal(GradientFlowTests.Distance(gd.X, refs.Limit), gd.DistanceToLimit!.Value, 1e-15);
        var ex = Assert.Throws<ArgumentException>(() =>
            GradientFlow.Solve(problem, model, new GradientFlowOptions { References = new References { Limit = new double[3] } }));
        Assert.Equal("options.References", ex.ParamName);
    }

    [Fact]
    public void Progress_reports_every_point_and_a_cancelled_token_returns_the_last_state()
    {
        var problem = TestInstances.Gaussian(10, 25, 2, 3).Problem;
        var model = new BalancedParametrization(problem.Cols, 2.0, 1e-3);
        var reports = new List<SolverProgress>();
        var progress = new Collect(reports);
        var flow = GradientFlow.Solve(problem, model, new GradientFlowOptions { Progress = progress });
        Assert.Equal(flow.Trajectory.Count, reports.Count);
        Assert.All(reports, r => Assert.Equal("gf", r.Stage));
        Assert.Equal(flow.Stats.Iterations, reports[^1].Iteration);

        reports.Clear();
        var gd = GradientDescent.Solve(problem, model, new GradientDescentOptions { Progress = progress, MaxIterations = 1000 });
        Assert.Equal(gd.Trajectory.Count, reports.Count);
        Assert.All(reports, r => Assert.Equal("gd", r.Stage));
        Assert.Equal(1.0, reports[^1].Fraction);

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var x0 = new double[problem.Cols];
        model.Forward(model.InitialState(), x0);
        var gf = GradientFlow.Solve(problem, model, new GradientFlowOptions { Cancellation = cancelled.Token });
        Assert.Equal(SolverStatus.Cancelled, gf.Status);
        Assert.Equal(StopReason.Cancelled, gf.StopReason);
        Assert.Equal(0, gf.Stats.Iterations);
        Assert.Equal(x0, gf.X);
        var gdc = GradientDescent.Solve(problem, model, new GradientDescentOptions { Cancellation = cancelled.Token });
        Assert.Equal(SolverStatus.Cancelled, gdc.Status);
        Assert.Equal(0, gdc.Stats.Iterations);
        Assert.Equal(x0, gdc.X);

        var timed = GradientFlow.Solve(problem, new BalancedParametrization(problem.Cols, 3.0, 1e-6),
            new GradientFlowOptions { WallClockBudget = TimeSpan.FromTicks(1) });
        Assert.Equal(SolverStatus.TimeLimit, timed.Status);
        Assert.Equal(StopReason.WallClock, timed.StopReason);
    }

    [Theory]
    [InlineData(3, 0, 1e-90)]
    [InlineData(3, 0, 1e-100)]
    [InlineData(2, 1, 1e-90)]
    [InlineData(1, 1, 1e-120)]
    public void GF_at_tiny_alpha_does_not_call_the_first_saddle_the_limit(int s, long seed, double alpha)
    {
        // Issue 8: at α ≤ 1e-90 the Newton step from a numerically singular Jacobian at the first saddle
        // (loss ½‖y‖²) looked tiny and the run stopped there with "success: converged to the flow's limit".
        var problem = TestInstances.Gaussian(2, 4, s, seed).Problem;
        var model = new BalancedParametrization(problem.Cols, 2.0, alpha);
        double halfY = 0.5 * problem.Y.ToArray().Sum(v => v * v);
        var result = GradientFlow.Solve(problem, model);
        output.WriteLine($"{result} {result.Message}");
        Assert.Equal(SolverStatus.Success, result.Status);
        Assert.Equal(StopReason.Stationary, result.StopReason);
        Assert.True(result.Loss <= 1e-20 * halfY, $"loss {result.Loss:E3} of ½‖y‖² = {halfY:E3} is not convergence");
        Assert.Equal(HalfSquaredResidual(problem, result.X), result.Loss, 1e-12 * halfY);

        // A horizon inside the saddle's plateau is honoured: the run stops there, not earlier.
        double horizon = 0.5 * result.Time;
        var cut = GradientFlow.Solve(problem, model, new GradientFlowOptions { Horizon = horizon });
        Assert.Equal(StopReason.Horizon, cut.StopReason);
        Assert.Equal(horizon, cut.Time);
    }

    private sealed class Collect(List<SolverProgress> into) : IProgress<SolverProgress>
    {
        public void Report(SolverProgress value) => into.Add(value);
    }
}
