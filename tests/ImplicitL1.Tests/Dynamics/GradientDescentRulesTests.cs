using ImplicitL1.Dynamics;
using ImplicitL1.Problems;
using MathNet.Numerics.LinearAlgebra;

namespace ImplicitL1.Tests.Dynamics;

/// <summary>GD's step-size formula and each stopping rule on its own (kills the mutants Stryker found surviving).</summary>
public class GradientDescentRulesTests
{
    private static readonly RegressionProblem Problem = TestInstances.Gaussian(20, 50, 3, 1).Problem;

    private static double GradientNorm(RegressionProblem problem, double[] x)
    {
        var r = new double[problem.Rows];
        problem.Multiply(x, r);
        for (int i = 0; i < r.Length; i++)
        {
            r[i] -= problem.Y[i];
        }

        var g = new double[problem.Cols];
        problem.MultiplyTransposed(r, g);
        return Math.Sqrt(g.Sum(v => v * v));
    }

    [Fact]
    public void With_y_zero_the_relative_loss_stop_is_taken_against_one()
    {
        // ½‖y‖² = 0 would make the relative stop 0, which no nonzero loss reaches: it is measured against 1 instead.
        var zero = new RegressionProblem(Problem.ToArray(), new double[Problem.Rows]);
        var u0 = TestInstances.Uniform(Problem.Cols, 3);
        var model = new ProductParametrization(u0, [.. u0.Select(v => v - 0.5)]);
        var result = GradientDescent.Solve(zero, model, new GradientDescentOptions { MaxIterations = 200_000, RelativeLossTolerance = 1e-16 });
        Assert.Equal(StopReason.LossTolerance, result.StopReason);
        Assert.InRange(result.Loss, 1e-30, 1e-16);
    }

    [Fact]
    public void Spectral_norm_and_safe_step_match_the_formula()
    {
        var a = Matrix<double>.Build.DenseOfArray(Problem.ToArray());
        double sigma = a.L2Norm();
        Assert.Equal(sigma, GradientDescent.SpectralNorm(Problem), 1e-9 * sigma);

        var model = new BalancedParametrization(Problem.Cols, 3.0, 1e-2);
        var x0 = new double[Problem.Cols];
        model.Forward(model.InitialState(), x0);
        double minimumNormL1 = a.PseudoInverse().Multiply(Vector<double>.Build.DenseOfArray(Problem.YArray())).L1Norm();
        double scale = Math.Max(x0.Max(Math.Abs), minimumNormL1);
        double expected = 0.5 / (model.Curvature(scale) * sigma * sigma);
        Assert.Equal(expected, GradientDescent.SafeStepSize(Problem, model), 1e-8 * expected);
        Assert.Equal(2.0 * GradientDescent.SafeStepSize(Problem, model), GradientDescent.SafeStepSize(Problem, model, 1.0), 1e-15);
        Assert.Throws<ArgumentOutOfRangeException>("factor", () => GradientDescent.SafeStepSize(Problem, model, 0.0));
        Assert.Throws<ArgumentOutOfRangeException>("factor", () => GradientDescent.SafeStepSize(Problem, model, 2.5));
        Assert.Equal(GradientDescent.SafeStepSize(Problem, model, 2.0), 4.0 * GradientDescent.SafeStepSize(Problem, model), 1e-15);
        Assert.Throws<ArgumentNullException>("problem", () => GradientDescent.SpectralNorm(null!));
    }

    [Fact]
    public void Each_stopping_rule_fires_alone_at_its_threshold()
    {
        var model = new BalancedParametrization(Problem.Cols, 2.0, 1e-1);
        var off = new GradientDescentOptions { TrackGain = false, RelativeLossTolerance = 0, RelativeGradientTolerance = 0, MaxIterations = 2_000_000 };
        double halfY = 0.5 * Problem.Y.ToArray().Sum(v => v * v);
        var aty = new double[Problem.Cols];
        Problem.MultiplyTransposed(Problem.Y, aty);
        double atyNorm = Math.Sqrt(aty.Sum(v => v * v));

        var absolute = GradientDescent.Solve(Problem, model, off with { LossTolerance = 1e-8 });
        Assert.Equal(StopReason.LossTolerance, absolute.StopReason);
        Assert.Equal(SolverStatus.Success, absolute.Status);
        var before = GradientDescent.Solve(Problem, model, off with { LossTolerance = 1e-8, MaxIterations = absolute.Stats.Iterations - 1 });
        Assert.Equal(SolverStatus.MaxIterations, before.Status);
        Assert.True(before.Loss > 1e-8 * 0.5, "one step earlier the loss was not yet at the tolerance");

        var relativeLoss = GradientDescent.Solve(Problem, model, off with { RelativeLossTolerance = 1e-16 });
        Assert.Equal(StopReason.LossTolerance, relativeLoss.StopReason);
        Assert.True(relativeLoss.Trajectory[^2].Loss > 1e-16 * halfY || relativeLoss.Trajectory.Count == 2);
        var justBefore = GradientDescent.Solve(Problem, model, off with { RelativeLossTolerance = 1e-16, MaxIterations = relativeLoss.Stats.Iterations - 1 });
        Assert.Equal(StopReason.IterationBudget, justBefore.StopReason);

        var gradient = GradientDescent.Solve(Problem, model, off with { RelativeGradientTolerance = 1e-6 });
        Assert.Equal(StopReason.GradientTolerance, gradient.StopReason);
        Assert.True(GradientNorm(Problem, gradient.X) <= 1.01e-6 * atyNorm);
        var gBefore = GradientDescent.Solve(Problem, model, off with { RelativeGradientTolerance = 1e-6, MaxIterations = gradient.Stats.Iterations - 1 });
        Assert.Equal(StopReason.IterationBudget, gBefore.StopReason);
        Assert.True(GradientNorm(Problem, gBefore.X) > 0.99e-6 * atyNorm);

        // With every rule off only the budget ends the run.
        var none = GradientDescent.Solve(Problem, model, off with { MaxIterations = 500 });
        Assert.Equal(SolverStatus.MaxIterations, none.Status);
        Assert.Equal(500, none.Stats.Iterations);
        Assert.Equal(500, none.Iteration);
        Assert.Equal(500 * none.StepSize, none.Time);
    }

    [Fact]
    public void Trajectory_points_are_log_spaced_and_end_at_the_last_iteration()
    {
        var model = new BalancedParametrization(Problem.Cols, 2.0, 1e-1);
        var result = GradientDescent.Solve(Problem, model, new GradientDescentOptions { MaxIterations = 2000, CheckpointsPerDecade = 1, RelativeLossTolerance = 0, RelativeGradientTolerance = 0 });
        Assert.Equal([0L, 1, 10, 100, 1000, 2000], result.Trajectory.Select(p => p.Iteration));
        Assert.All(result.Trajectory, p => Assert.Equal(p.Iteration * result.StepSize, p.Time));
        Assert.All(result.Trajectory, p => Assert.Equal(p.Iteration * result.StepSize / model.TimeScale, p.RescaledTime));
        Assert.Equal(result.Loss, result.Trajectory.Last.Loss);
        Assert.Equal(result.X, result.Trajectory.Last.X);
        var four = GradientDescent.Solve(Problem, model, new GradientDescentOptions { MaxIterations = 100, RelativeLossTolerance = 0, RelativeGradientTolerance = 0 });
        Assert.Equal([0L, 1, 2, 3, 6, 10, 18, 32, 56, 100], four.Trajectory.Select(p => p.Iteration));
    }

    [Fact]
    public void SGD_divergence_returns_the_last_evaluated_finite_state()
    {
        var model = new BalancedParametrization(Problem.Cols, 3.0, 1e-2);
        var options = new GradientDescentOptions
        {
            StepSize = 1e3 * GradientDescent.SafeStepSize(Problem, model),
            DivergenceFactor = double.MaxValue,
            BatchSize = 10,
            EvaluateEvery = 3,
        };
        var result = GradientDescent.Solve(Problem, model, options);
        Assert.Equal(SolverStatus.Diverged, result.Status);
        Assert.Equal(0, result.Iteration % 3);
        Assert.True(result.Iteration < result.Stats.Iterations);
        Assert.Equal(0, result.Stats.Iterations % 3);
        if (result.Iteration > 0)
        {
            var rerun = GradientDescent.Solve(Problem, model, options with { MaxIterations = result.Iteration });
            Assert.Equal(rerun.X, result.X);
        }
    }
}
