using ImplicitL1.Dynamics;
using ImplicitL1.Limit;
using ImplicitL1.Problems;

namespace ImplicitL1.Methods;

/// <summary>
/// The one place that says "run method X on problem P": builds the model of a <see cref="MethodSpec"/>, calls the
/// solver (<see cref="DualNewton"/>, <see cref="GradientFlow"/> or <see cref="GradientDescent"/>) and measures x
/// against the references the caller passed in. It never computes a reference itself: BP and x∞ are solved once per
/// problem by the caller (<see cref="MethodReferences"/>) and shared across that problem's methods.
/// </summary>
public static class MethodRunner
{
    /// <summary>Runs <paramref name="method"/> on <paramref name="problem"/>.</summary>
    /// <param name="problem">The data (A, y).</param>
    /// <param name="method">What to run, with all its options.</param>
    /// <param name="references">x_ℓ¹, x∞ and x* to measure against; <see cref="MethodReferences.None"/> when null.</param>
    /// <exception cref="ArgumentException">The spec is inconsistent (e.g. depth 3 with the product model).</exception>
    public static MethodOutcome Run(RegressionProblem problem, MethodSpec method, MethodReferences? references = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(method);
        references ??= MethodReferences.None;
        var model = method.Build(problem.Cols);
        var outcome = method.Kind switch
        {
            MethodKind.Limit => Limit(problem, method, model, references),
            MethodKind.Gf => Flow(problem, method, model),
            _ => Descent(problem, method, model),
        };
        return Measured(outcome, method, references);
    }

    /// <summary>
    /// Runs several methods on the same problem; full-batch GD methods that share their descent options are trained
    /// together by <see cref="GradientDescent.SolveBatch"/> (one pass over A per step for all, each result identical to
    /// its own <see cref="Run"/>), the others one by one. Order kept.
    /// </summary>
    /// <param name="problem">The data (A, y).</param>
    /// <param name="methods">What to run.</param>
    /// <param name="references">One per method (or null for none).</param>
    public static MethodOutcome[] RunBatch(RegressionProblem problem, IReadOnlyList<MethodSpec> methods, IReadOnlyList<MethodReferences?>? references = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(methods);
        if (references is not null && references.Count != methods.Count)
        {
            throw new ArgumentException($"{references.Count} references for {methods.Count} methods.", nameof(references));
        }

        var results = new MethodOutcome[methods.Count];
        var batchable = Enumerable.Range(0, methods.Count).Where(k => CanBatch(methods[k])).GroupBy(k => methods[k].Descent);
        foreach (var group in batchable.Where(g => g.Count() > 1))
        {
            int[] members = [.. group];
            var models = members.Select(k => methods[k].Build(problem.Cols)).ToArray();
            var runs = GradientDescent.SolveBatch(problem, models, group.Key); // distances are measured below, as in Run
            for (int j = 0; j < members.Length; j++)
            {
                var r = runs[j];
                var method = methods[members[j]];
                results[members[j]] = Measured(Trained(problem, method, r.Status, r.Message, r.X, r.Loss, r.Stats.Iterations, r.Time, r.StepSize, r.Trajectory) with { Gain = r.Gain },
                    method, references?[members[j]] ?? MethodReferences.None);
            }
        }

        for (int k = 0; k < methods.Count; k++)
        {
            results[k] ??= Run(problem, methods[k], references?[k]);
        }

        return results;
    }

    /// <summary>
    /// True for full-batch GD without label noise: such methods on one problem with equal <see cref="MethodSpec.Descent"/>
    /// options are trained together by <see cref="RunBatch"/>.
    /// </summary>
    public static bool CanBatch(MethodSpec method) =>
        Checks.NotNull(method).Kind == MethodKind.Gd && method.Descent.BatchSize is null && method.Descent.LabelNoise == 0;

    // Distances of x and of every checkpoint to the references passed in.
    private static MethodOutcome Measured(MethodOutcome outcome, MethodSpec method, MethodReferences references)
    {
        return outcome with
        {
            // The limit solver computes ‖x∞ − x_ℓ¹‖ as a difference without cancellation: keep its value.
            DistanceToL1 = references.L1 is null ? null : method.Kind == MethodKind.Limit ? outcome.DistanceToL1 : Distance(outcome.X, references.L1),
            DistanceToLimit = method.Kind == MethodKind.Limit ? null : Distance(outcome.X, references.Limit),
            DistanceToXStar = Distance(outcome.X, references.XStar),
            Trajectory = [.. outcome.Trajectory.Select(c => c with
            {
                DistanceToL1 = Distance(c.X, references.L1),
                DistanceToLimit = Distance(c.X, references.Limit),
            })],
        };
    }

    private static MethodOutcome Limit(RegressionProblem problem, MethodSpec method, Dynamics.Parametrization model, MethodReferences references)
    {
        var p = ModelLimit.Solve(problem, model, method.Limit, references.BasisPursuit)
            ?? throw new ArgumentException($"the {model.Name} model has no exact limit in the library; use gf, gd or sgd.", nameof(method));
        return new MethodOutcome
        {
            Method = method,
            Status = p.Status,
            Message = p.Message,
            X = p.X,
            Loss = Loss(problem, p.X),
            Residual = p.Residual,
            Iterations = p.Stats.Iterations,
            Time = 0,
            DistanceToL1 = p.ErrorToL1,
        };
    }

    private static MethodOutcome Flow(RegressionProblem problem, MethodSpec method, Dynamics.Parametrization model)
    {
        var r = GradientFlow.Solve(problem, model, method.Flow);
        return Trained(problem, method, r.Status, r.Message, r.X, r.Loss, r.Stats.Iterations, r.Time, null, r.Trajectory);
    }

    private static MethodOutcome Descent(RegressionProblem problem, MethodSpec method, Dynamics.Parametrization model)
    {
        var options = method.Descent;
        if (method.Kind == MethodKind.Sgd)
        {
            options = options with { BatchSize = options.BatchSize ?? Math.Max(1, problem.Rows / 4) };
        }
        else if (options.BatchSize is not null)
        {
            throw new ArgumentException("gd is full batch: give a batch size only with sgd.", nameof(method));
        }

        var r = GradientDescent.Solve(problem, model, options);
        return Trained(problem, method, r.Status, r.Message, r.X, r.Loss, r.Stats.Iterations, r.Time, r.StepSize, r.Trajectory) with { Gain = r.Gain };
    }

    private static MethodOutcome Trained(RegressionProblem problem, MethodSpec method, SolverStatus status, string message, double[] x,
        double loss, long steps, double time, double? stepSize, IReadOnlyList<TrajectoryPoint> trajectory) => new()
        {
            Method = method,
            Status = status,
            Message = message,
            X = x,
            Loss = loss,
            Residual = problem.ResidualNorm(x),
            Iterations = steps,
            Time = time,
            StepSize = stepSize,
            Trajectory = trajectory,
        };

    // L = ½‖Ax − y‖².
    private static double Loss(RegressionProblem problem, double[] x)
    {
        double r = problem.ResidualNorm(x);
        return 0.5 * r * r;
    }

    private static double? Distance(double[] x, double[]? reference) =>
        reference is null || reference.Length != x.Length ? null : System.Numerics.Tensors.TensorPrimitives.Distance(x, reference);
}
