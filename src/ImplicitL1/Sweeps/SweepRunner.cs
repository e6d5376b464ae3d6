using System.Numerics.Tensors;
using System.Collections.Concurrent;
using System.Diagnostics;
using ImplicitL1.BasisPursuit;
using ImplicitL1.Dynamics;
using ImplicitL1.Limit;
using ImplicitL1.Problems;

namespace ImplicitL1.Sweeps;

/// <summary>Options of <see cref="SweepRunner.Run"/>.</summary>
public sealed record SweepRunOptions
{
    /// <summary>Points evaluated at once (each on one thread). Default null: all cores. Must be ≥ 1.</summary>
    public int? MaxDegreeOfParallelism { get; init; }

    /// <summary>Which points to run. Default <see cref="Shard.All"/>.</summary>
    public Shard Shard { get; init; } = Shard.All;

    /// <summary>Called after each stored row (and once at the start), serialized; keep it cheap.</summary>
    public Action<SweepProgress>? OnProgress { get; init; }
}

/// <summary>Progress of a run: <see cref="Done"/> of <see cref="Total"/> points of the shard are stored.</summary>
public readonly record struct SweepProgress(int Done, int Total, int Computed);

/// <summary>What a run did: the shard's point count, how many were already stored, how many it computed.</summary>
public sealed record SweepRunSummary(int Total, int AlreadyDone, int Computed, TimeSpan Elapsed)
{
    /// <summary>Computed points per wall-clock second.</summary>
    public double PointsPerSecond => Computed / Math.Max(Elapsed.TotalSeconds, 1e-9);
}

/// <summary>
/// Evaluates the points of a <see cref="SweepSpec"/> in parallel and stores each as one row in a
/// <see cref="SweepDatabase"/>, committed as soon as it is computed; points already stored are skipped, so an
/// interrupted run resumes where it stopped. Parallelism is over points only: each point runs on one thread, so its
/// numbers do not depend on the thread count. Each problem's basis pursuit is solved once and shared.
/// </summary>
public static class SweepRunner
{
    /// <summary>Runs the points of <paramref name="options"/>.Shard that <paramref name="database"/> lacks.</summary>
    /// <exception cref="SweepDatabaseException">The database belongs to another spec, or a write fails.</exception>
    /// <exception cref="ArgumentOutOfRangeException">MaxDegreeOfParallelism &lt; 1.</exception>
    public static SweepRunSummary Run(SweepSpec spec, SweepDatabase database, SweepRunOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(database);
        options ??= new SweepRunOptions();
        if (options.MaxDegreeOfParallelism is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxDegreeOfParallelism,
                "MaxDegreeOfParallelism must be ≥ 1 (or null for all cores).");
        }

        if (database.SpecHash != spec.Hash)
        {
            throw new SweepDatabaseException(SweepDatabaseError.SpecMismatch, database.Path, "was made by a different spec.");
        }

        var clock = Stopwatch.StartNew();
        var shard = options.Shard;
        var mine = spec.Points.Where(p => shard.Contains(p.Index)).ToList();
        var done = database.CompletedKeys();
        var todo = mine.Where(p => !done.Contains(p.Key)).ToList();
        int alreadyDone = mine.Count - todo.Count;
        int computed = 0;
        var gate = new object();
        options.OnProgress?.Invoke(new SweepProgress(alreadyDone, mine.Count, 0));
        var problems = new ConcurrentDictionary<string, Lazy<(GeneratedInstance, BasisPursuitResult)>>(StringComparer.Ordinal);
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = options.MaxDegreeOfParallelism ?? Environment.ProcessorCount,
            CancellationToken = cancellationToken,
        };
        var partitioner = System.Collections.Concurrent.Partitioner.Create(todo, EnumerablePartitionerOptions.NoBuffering);
        Parallel.ForEach(partitioner, parallel, point =>
        {
            var lazy = problems.GetOrAdd(point.ProblemKey, _ => new Lazy<(GeneratedInstance, BasisPursuitResult)>(() =>
            {
                var instance = ProblemGenerator.Generate(point.ProblemOptions);
                return (instance, BasisPursuitSolver.Solve(instance.Problem));
            }));
            var row = Evaluate(point, () => lazy.Value);
            lock (gate)
            {
                database.Insert([row]);
                computed++;
                options.OnProgress?.Invoke(new SweepProgress(alreadyDone + computed, mine.Count, computed));
            }
        });
        return new SweepRunSummary(mine.Count, alreadyDone, computed, clock.Elapsed);
    }

    /// <summary>Evaluates one point from scratch (generates its problem and solves basis pursuit).</summary>
    public static SweepRow Evaluate(SweepPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        return Evaluate(point, () =>
        {
            var instance = ProblemGenerator.Generate(point.ProblemOptions);
            return (instance, BasisPursuitSolver.Solve(instance.Problem));
        });
    }

    private static SweepRow Evaluate(SweepPoint point, Func<(GeneratedInstance Instance, BasisPursuitResult Bp)> problem)
    {
        var clock = Stopwatch.StartNew();
        string bpStatus = "exception";
        double? varrho = null;
        try
        {
            var (instance, bp) = problem();
            bpStatus = bp.Status.ToSnakeCase();
            varrho = bp.IsUnique ? bp.Varrho?.Value : null;
            var a = instance.Problem;
            var row = point.Solver switch
            {
                SweepSolver.Limit => Limit(point, a, bp),
                SweepSolver.Gf => Flow(point, a),
                _ => Descent(point, a),
            };
            var x = row.X;
            return new SweepRow
            {
                Key = point.Key,
                Index = point.Index,
                BpStatus = bpStatus,
                Varrho = varrho,
                Status = row.Status.ToSnakeCase(),
                Message = row.Message,
                ErrorToL1 = bp.IsUnique ? row.ErrorToL1 : null,
                ErrorToXStar = x is null ? null : TensorPrimitives.Distance(x, instance.XStar),
                ErrorToLimit = row.ErrorToLimit,
                Iterations = row.Iterations,
                Residual = x is null ? null : a.ResidualNorm(x),
                ElapsedSeconds = clock.Elapsed.TotalSeconds,
            };
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new SweepRow
            {
                Key = point.Key,
                Index = point.Index,
                BpStatus = bpStatus,
                Varrho = varrho,
                Status = "exception",
                Message = $"{e.GetType().Name}: {e.Message}",
                ElapsedSeconds = clock.Elapsed.TotalSeconds,
            };
        }
    }

    private static Outcome Limit(SweepPoint point, RegressionProblem problem, BasisPursuitResult bp)
    {
        var p = DualNewton.Solve(problem, point.Depth, [point.Alpha], basisPursuit: bp).Points[0];
        return new Outcome(p.X, p.Status, p.Message, p.ErrorToL1, null, checked((int)p.Stats.Iterations));
    }

    private static Outcome Flow(SweepPoint point, RegressionProblem problem)
    {
        var model = new BalancedParametrization(problem.Cols, point.Depth, point.Alpha);
        var r = GradientFlow.Solve(problem, model, new GradientFlowOptions { References = References.Compute(problem, model) });
        return new Outcome(r.X, r.Status, r.Message, r.DistanceToL1, r.DistanceToLimit, r.Stats.Iterations);
    }

    private static Outcome Descent(SweepPoint point, RegressionProblem problem)
    {
        var model = new BalancedParametrization(problem.Cols, point.Depth, point.Alpha);
        var r = GradientDescent.Solve(problem, model,
            new GradientDescentOptions
            {
                References = References.Compute(problem, model),
                StepSize = point.StepSize,
                MaxIterations = point.MaxIterations,
                LossTolerance = point.LossTolerance,
                RelativeLossTolerance = 0,
                RelativeGradientTolerance = 0,
                TrackGain = false,
            });
        return new Outcome(r.X, r.Status, r.Message, r.DistanceToL1, r.DistanceToLimit, r.Stats.Iterations);
    }

    private sealed record Outcome(double[]? X, SolverStatus Status, string Message, double? ErrorToL1, double? ErrorToLimit, long Iterations);
}
