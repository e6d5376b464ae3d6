using ImplicitL1.Dynamics;
using ImplicitL1.Limit;
using Xunit.Abstractions;

namespace ImplicitL1.Tests.Dynamics;

public class GradientDescentTests(ITestOutputHelper output)
{
    [Fact]
    public void GD_error_to_the_GF_limit_shrinks_linearly_with_the_step()
    {
        var problem = TestInstances.Gaussian(20, 50, 3, 1).Problem;
        var model = new BalancedParametrization(problem.Cols, 2.0, 1e-2);
        var limit = DualNewton.Solve(problem, 2.0, [1e-2]).Points[0].X;
        double eta0 = GradientDescent.SafeStepSize(problem, model);
        var errors = new double[3];
        for (int k = 0; k < 3; k++)
        {
            double eta = eta0 / (1 << k);
            var result = GradientDescent.Solve(problem, model, new GradientDescentOptions
            {
                StepSize = eta,
                LossTolerance = 1e-22,
                MaxIterations = 5_000_000,
                TrackGain = false,
            });
            Assert.Equal(StopReason.LossTolerance, result.StopReason);
            errors[k] = GradientFlowTests.Distance(result.X, limit);
            output.WriteLine($"eta={eta:E4} steps={result.Stats.Iterations} ‖x_GD − x∞‖₂ = {errors[k]:E4}");
        }

        for (int k = 1; k < 3; k++)
        {
            double ratio = errors[k - 1] / errors[k];
            Assert.True(ratio is > 1.6 and < 2.4, $"error ratio {ratio:F3} for η halved (errors {string.Join(", ", errors)})");
        }
    }

    [Fact]
    public void Gain_is_the_log_shrinkage_of_u_times_v()
    {
        var problem = TestInstances.Gaussian(20, 50, 3, 2).Problem;
        double alpha = 1e-2;
        var model = new BalancedParametrization(problem.Cols, 2.0, alpha);
        var stepper = new GradientStepper(problem, model, 0.5 * GradientDescent.SafeStepSize(problem, model, 2.0), trackGain: true);
        for (int k = 0; k < 2000; k++)
        {
            stepper.Step();
        }

        double maxGain = 0;
        for (int i = 0; i < problem.Cols; i++)
        {
            double uv = stepper.State[i] * stepper.State[problem.Cols + i];
            double expected = Math.Log(alpha / uv);
            Assert.Equal(expected, stepper.Gain[i], 1e-9 * Math.Max(1.0, Math.Abs(expected)));
            maxGain = Math.Max(maxGain, stepper.Gain[i]);
        }

        Assert.True(maxGain > 1e-6, $"gain {maxGain:E3} too small to test anything");
    }

    [Fact]
    public void Split_full_batch_step_is_bit_identical_on_one_and_two_threads_and_allocation_free()
    {
        // On a dedicated thread: from a pool thread the stepper does both halves itself.
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                SplitStepChecks();
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }
    }

    private static void SplitStepChecks()
    {
        var problem = TestInstances.Gaussian(300, 1000, 10, 6).Problem;
        Assert.True((long)problem.Rows * problem.Cols >= GradientStepper.SplitEntries);
        var model = new BalancedParametrization(problem.Cols, 2.0, 1e-2);
        double eta = GradientDescent.SafeStepSize(problem, model);
        var one = new GradientStepper(problem, model, eta, threads: 1);
        var two = new GradientStepper(problem, model, eta, threads: 2);
        for (int k = 0; k < 300; k++)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(one.Step()), BitConverter.DoubleToInt64Bits(two.Step()));
        }

        Assert.True(one.X.SequenceEqual(two.X), "1 and 2 threads differ");
        Assert.True(one.State.SequenceEqual(two.State));
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 0; k < 2000; k++)
        {
            two.Step();
        }

        // No allocation per step (one would be ≥ 2000 × 24 B); the thread pool may grow its queue once.
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before <= 256, $"{GC.GetAllocatedBytesForCurrentThread() - before} bytes in 2000 steps");
        // The split pass computes the loss it returns (at θ before the step) and descends.
        double direct = one.Loss(), returned = one.Step();
        Assert.Equal(direct, returned, 1e-12 * direct);
        Assert.True(two.Loss() < 0.5 * direct, $"loss {two.Loss():E3} after 2300 steps vs {direct:E3} after 300");
    }

    [Theory]
    [InlineData(20, 50, 3000)]     // per-row pass
    [InlineData(300, 1000, 3000)]  // split pass (m·N ≥ 2^18)
    [InlineData(301, 1001, 3000)]  // split pass with pair kernels, row and column tails
    public void Batch_gives_each_model_exactly_its_own_run(int m, int n, int iterations)
    {
        var problem = TestInstances.Gaussian(m, n, 3, 8).Problem;
        Parametrization[] models =
        [
            new BalancedParametrization(n, 2.0, 1e-2),
            new BalancedParametrization(n, 2.0, 1e-4),
            new BalancedParametrization(n, 3.0, 1e-3),
            ProductParametrization.Symmetric(n, 0.3),
        ];
        var options = new GradientDescentOptions { MaxIterations = iterations, RelativeLossTolerance = 0.05, RelativeGradientTolerance = 0 };
        var batch = GradientDescent.SolveBatch(problem, models, options);
        for (int c = 0; c < models.Length; c++)
        {
            var alone = GradientDescent.Solve(problem, models[c], options);
            Assert.Equal(alone.Status, batch[c].Status);
            Assert.Equal(alone.Iteration, batch[c].Iteration);
            Assert.True(alone.X.SequenceEqual(batch[c].X), $"model {c}: x differs");
            Assert.Equal(alone.Trajectory.Count, batch[c].Trajectory.Count);
            Assert.True(alone.Gain is null ? batch[c].Gain is null : alone.Gain.SequenceEqual(batch[c].Gain!));
        }

        // The models stop at different times (loss tolerance or budget): the batch keeps going for the others.
        Assert.True(batch.Select(r => r.Iteration).Distinct().Count() > 1, string.Join(", ", batch.Select(r => $"{r.Status}@{r.Iteration}")));
    }

    [Fact]
    public void Batch_refuses_mini_batches_and_mismatched_references()
    {
        var problem = TestInstances.Gaussian(10, 20, 2, 1).Problem;
        Parametrization[] models = [new BalancedParametrization(20, 2.0, 1e-2)];
        Assert.Throws<ArgumentException>(() => GradientDescent.SolveBatch(problem, models, new GradientDescentOptions { BatchSize = 5 }));
        Assert.Throws<ArgumentException>(() => GradientDescent.SolveBatch(problem, models, null, [null, null]));
    }

    [Fact]
    public void Product_gain_is_the_log_shrinkage_of_u2_minus_v2()
    {
        var problem = TestInstances.Gaussian(20, 50, 3, 2).Problem;
        double[] u0 = [.. Enumerable.Range(0, problem.Cols).Select(i => 0.2 + (0.004 * i))];
        double[] v0 = [.. Enumerable.Range(0, problem.Cols).Select(i => 0.1 * Math.Sin(i))];
        var model = new ProductParametrization(u0, v0);
        var stepper = new GradientStepper(problem, model, 0.5 * GradientDescent.SafeStepSize(problem, model, 2.0), trackGain: true);
        for (int k = 0; k < 2000; k++)
        {
            stepper.Step();
        }

        Assert.True(stepper.TracksGain);
        double maxGain = 0;
        for (int i = 0; i < problem.Cols; i++)
        {
            double u = stepper.State[i], v = stepper.State[problem.Cols + i];
            double expected = Math.Log(((u0[i] * u0[i]) - (v0[i] * v0[i])) / ((u * u) - (v * v)));
            Assert.Equal(expected, stepper.Gain[i], 1e-9 * Math.Max(1.0, Math.Abs(expected)));
            maxGain = Math.Max(maxGain, stepper.Gain[i]);
        }

        Assert.True(maxGain > 1e-6, $"gain {maxGain:E3} too small to test anything");
    }

    [Fact]
    public void Same_seed_gives_bit_identical_SGD_sequentially_and_concurrently()
    {
        var problem = TestInstances.Gaussian(30, 80, 4, 3).Problem;
        var model = new BalancedParametrization(problem.Cols, 2.0, 1e-2);
        var options = new GradientDescentOptions
        {
            BatchSize = 7,
            LabelNoise = 0.01,
            Seed = 42,
            MaxIterations = 3000,
            StepSize = 0.2 * GradientDescent.SafeStepSize(problem, model),
        };
        var sequential = GradientDescent.Solve(problem, model, options);
        var tasks = Enumerable.Range(0, 2).Select(_ => Task.Run(() => GradientDescent.Solve(problem, model, options))).ToArray();
        Task.WaitAll(tasks);
        foreach (var run in tasks.Select(t => t.Result))
        {
            Assert.Equal(sequential.State.Select(BitConverter.DoubleToInt64Bits), run.State.Select(BitConverter.DoubleToInt64Bits));
            Assert.Equal(sequential.X.Select(BitConverter.DoubleToInt64Bits), run.X.Select(BitConverter.DoubleToInt64Bits));
        }

        var otherSeed = GradientDescent.Solve(problem, model, options with { Seed = 43 });
        Assert.NotEqual(sequential.X, otherSeed.X);
        Assert.True(sequential.Loss < 0.1 * sequential.Trajectory[0].Loss);
    }

    [Theory]
    [InlineData(null, 0.0)]
    [InlineData(5, 0.1)]
    public void A_step_allocates_nothing(int? batch, double noise)
    {
        var problem = TestInstances.Gaussian(40, 100, 4, 4).Problem;
        var model = new BalancedParametrization(problem.Cols, 2.0, 1e-2);
        var stepper = new GradientStepper(problem, model, 1e-3, batch, noise, seed: 1, trackGain: true);
        for (int k = 0; k < 100; k++)
        {
            stepper.Step();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 0; k < 5000; k++)
        {
            stepper.Step();
        }

        long after = GC.GetAllocatedBytesForCurrentThread();
        Assert.Equal(before, after);
        Assert.Equal(5100, stepper.Iterations);
    }

    [Fact]
    public void Too_large_a_step_is_reported_as_diverged_with_the_last_finite_state()
    {
        var problem = TestInstances.Gaussian(20, 50, 3, 1).Problem;
        var model = new BalancedParametrization(problem.Cols, 2.0, 1e-2);
        var result = GradientDescent.Solve(problem, model, new GradientDescentOptions
        {
            StepSize = 1e3 * GradientDescent.SafeStepSize(problem, model),
            MaxIterations = 100_000,
        });
        Assert.Equal(SolverStatus.Diverged, result.Status);
        Assert.Equal(StopReason.Diverged, result.StopReason);
        Assert.All(result.State, v => Assert.True(double.IsFinite(v)));
        Assert.True(double.IsFinite(result.Loss));
        Assert.True(result.Loss <= 1e6 * result.Trajectory[0].Loss);
        Assert.True(result.Stats.Iterations < 1000);
    }

    [Fact]
    public void Overflow_to_non_finite_values_mid_run_is_a_status_not_an_exception()
    {
        var problem = TestInstances.Gaussian(20, 50, 3, 1).Problem;
        var model = new BalancedParametrization(problem.Cols, 3.0, 1e-2);
        var result = GradientDescent.Solve(problem, model, new GradientDescentOptions
        {
            StepSize = 1e3 * GradientDescent.SafeStepSize(problem, model),
            DivergenceFactor = double.MaxValue,
            BatchSize = 10,
            EvaluateEvery = 1,
        });
        Assert.Equal(SolverStatus.Diverged, result.Status);
        Assert.Contains("non-finite", result.Message);
        Assert.All(result.X, v => Assert.True(double.IsFinite(v)));
        Assert.True(result.Stats.Iterations > 1, "overflow should take a few steps");
    }

    [Fact]
    public void Early_stopping_returns_the_best_held_out_iterate()
    {
        var instance = TestInstances.Gaussian(40, 60, 3, 8, noise: 0.3);
        var train = instance.Problem.SelectRows([.. Enumerable.Range(0, 30)]);
        var heldOut = instance.Problem.SelectRows([.. Enumerable.Range(30, 10)]);
        var model = new BalancedParametrization(train.Cols, 2.0, 1e-1);
        var result = GradientDescent.Solve(train, model, new GradientDescentOptions
        {
            HeldOut = heldOut,
            EvaluateEvery = 50,
            Patience = 5,
            MaxIterations = 2_000_000,
        });
        output.WriteLine(result.ToString());
        Assert.Equal(StopReason.EarlyStopping, result.StopReason);
        var stepperLoss = new GradientStepper(heldOut, model, 1.0);
        Assert.NotNull(result.HeldOutLoss);
        Assert.True(result.HeldOutLoss < stepperLoss.Loss());
    }

    [Fact]
    public void Wall_clock_and_gradient_tolerances_stop_the_loop()
    {
        var problem = TestInstances.Gaussian(20, 50, 3, 1).Problem;
        var model = new BalancedParametrization(problem.Cols, 3.0, 1e-6);
        var clocked = GradientDescent.Solve(problem, model, new GradientDescentOptions
        {
            WallClockBudget = TimeSpan.FromMilliseconds(50),
            MaxIterations = long.MaxValue,
        });
        Assert.Equal(StopReason.WallClock, clocked.StopReason);
        Assert.Equal(SolverStatus.TimeLimit, clocked.Status);
        Assert.True(clocked.Stats.WallTime >= TimeSpan.FromMilliseconds(50));

        var shallow = new BalancedParametrization(problem.Cols, 2.0, 1e-1);
        var result = GradientDescent.Solve(problem, shallow, new GradientDescentOptions { GradientTolerance = 1e-6 });
        Assert.Equal(StopReason.GradientTolerance, result.StopReason);
        var g = new double[problem.Cols];
        var r = new double[problem.Rows];
        problem.Multiply(result.X, r);
        for (int i = 0; i < r.Length; i++)
        {
            r[i] -= problem.Y[i];
        }

        problem.MultiplyTransposed(r, g);
        // The tolerance was met by the gradient of the step before the last one; one more step only shrinks it.
        Assert.True(Math.Sqrt(g.Sum(v => v * v)) <= 1.01e-6);
    }
}
