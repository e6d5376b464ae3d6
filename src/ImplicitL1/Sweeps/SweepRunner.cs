using System.Collections.Concurrent;
using System.Diagnostics;
using ImplicitL1.BasisPursuit;
using ImplicitL1.Methods;
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
    /// <summary>Computed points that were trained in a batch with others (full-batch GD on one problem).</summary>
    public int Batched { get; init; }

    /// <summary>Computed points per wall-clock second.</summary>
    public double PointsPerSecond => Computed / Math.Max(Elapsed.TotalSeconds, 1e-9);
}

/// <summary>
/// The one execution engine of the library. <see cref="Map"/> evaluates a pure function at every point of a grid in
/// parallel (each point on one thread, results stored by index, so they do not depend on the thread count or the
/// scheduling); <see cref="Run"/> does the same for the points of a <see cref="SweepSpec"/> that a
/// <see cref="SweepDatabase"/> lacks, committing each row as soon as it is computed, so an interrupted run resumes
/// where it stopped. Methods are run by <see cref="MethodRunner"/>; each problem's references (basis pursuit, and x∞
/// per model for gf, gd and sgd) are computed once and shared by the points of that problem. Full-batch GD points of
/// one problem with equal descent options (α, depth or parametrization varying) are trained together, up to
/// <see cref="MaxBatch"/> at a time, by <see cref="MethodRunner.RunBatch"/>: one pass over A per step for all of them,
/// each row identical to its own run except its time, which is the batch's time divided by its size.
/// </summary>
public static class SweepRunner
{
    /// <summary>Most GD points trained as one batch (one work unit, committed together).</summary>
    public const int MaxBatch = 16;

    /// <summary>rows[i] = evaluate(points[i]), in parallel over points; the same rows for any thread count.</summary>
    /// <exception cref="ArgumentOutOfRangeException">MaxDegreeOfParallelism &lt; 1.</exception>
    public static TRow[] Map<TPoint, TRow>(IReadOnlyList<TPoint> points, Func<TPoint, TRow> evaluate, SweepRunOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(evaluate);
        var rows = new TRow[points.Count];
        ForEach(Enumerable.Range(0, points.Count).ToList(), i => rows[i] = evaluate(points[i]), options, cancellationToken);
        return rows;
    }

    /// <summary>Runs the points of <paramref name="options"/>.Shard that <paramref name="database"/> lacks.</summary>
    /// <exception cref="SweepDatabaseException">The database belongs to another spec, or a write fails.</exception>
    /// <exception cref="ArgumentOutOfRangeException">MaxDegreeOfParallelism &lt; 1.</exception>
    public static SweepRunSummary Run(SweepSpec spec, SweepDatabase database, SweepRunOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(database);
        options ??= new SweepRunOptions();
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
        var cache = new ReferenceCache();
        var units = Units(todo);
        ForEach(units, unit =>
        {
            var rows = unit.Count == 1 ? [Evaluate(unit[0], cache)] : EvaluateBatch(unit, cache);
            lock (gate)
            {
                database.Insert(rows);
                computed += rows.Length;
                options.OnProgress?.Invoke(new SweepProgress(alreadyDone + computed, mine.Count, computed));
            }
        }, options, cancellationToken);
        return new SweepRunSummary(mine.Count, alreadyDone, computed, clock.Elapsed) { Batched = units.Where(u => u.Count > 1).Sum(u => u.Count) };
    }

    // Work units in point order: batchable GD points grouped by problem and descent options (≤ MaxBatch each), the rest alone.
    private static List<List<SweepPoint>> Units(List<SweepPoint> todo)
    {
        var units = new List<List<SweepPoint>>();
        var open = new Dictionary<(string, Dynamics.GradientDescentOptions), List<SweepPoint>>();
        foreach (var point in todo)
        {
            if (!MethodRunner.CanBatch(point.Method))
            {
                units.Add([point]);
                continue;
            }

            var key = (point.ProblemKey, point.Method.Descent);
            if (!open.TryGetValue(key, out var unit) || unit.Count == MaxBatch)
            {
                unit = [];
                open[key] = unit;
                units.Add(unit);
            }

            unit.Add(point);
        }

        return units;
    }

    // Points of one problem trained together; a failure of the batch falls back to one evaluation per point.
    private static SweepRow[] EvaluateBatch(List<SweepPoint> points, ReferenceCache cache)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var instance = cache.Problem(points[0]);
            var references = points.Select(p => References(p, instance, cache)).ToArray();
            var outcomes = MethodRunner.RunBatch(instance.Problem, [.. points.Select(p => p.Method)], references);
            double each = clock.Elapsed.TotalSeconds / points.Count;
            return [.. points.Select((p, k) => Row(p, instance, outcomes[k], each))];
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return [.. points.Select(p => Evaluate(p, cache))];
        }
    }

    private static MethodReferences References(SweepPoint point, Instance instance, ReferenceCache cache) => new()
    {
        BasisPursuit = instance.BasisPursuit,
        XStar = instance.XStar,
        Limit = point.Method.Kind == MethodKind.Limit ? null : cache.Limit(point, instance),
    };

    private static SweepRow Row(SweepPoint point, Instance instance, MethodOutcome outcome, double seconds) => new()
    {
        Key = point.Key,
        Index = point.Index,
        BpStatus = instance.BasisPursuit.Status.ToSnakeCase(),
        Varrho = instance.BasisPursuit.IsUnique ? instance.BasisPursuit.Varrho?.Value : null,
        Status = outcome.Status.ToSnakeCase(),
        Message = outcome.Message,
        ErrorToL1 = outcome.DistanceToL1,
        ErrorToXStar = outcome.DistanceToXStar,
        ErrorToLimit = outcome.DistanceToLimit,
        Iterations = outcome.Iterations,
        Residual = outcome.Residual,
        ElapsedSeconds = seconds,
    };

    /// <summary>Evaluates one point from scratch (loads or generates its problem and computes its references).</summary>
    public static SweepRow Evaluate(SweepPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        return Evaluate(point, new ReferenceCache());
    }

    private static void ForEach<T>(List<T> items, Action<T> body, SweepRunOptions? options, CancellationToken cancellationToken)
    {
        if (options?.MaxDegreeOfParallelism is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxDegreeOfParallelism,
                "MaxDegreeOfParallelism must be ≥ 1 (or null for all cores).");
        }

        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = options?.MaxDegreeOfParallelism ?? Environment.ProcessorCount,
            CancellationToken = cancellationToken,
        };
        Parallel.ForEach(Partitioner.Create(items, EnumerablePartitionerOptions.NoBuffering), parallel, body);
    }

    private static SweepRow Evaluate(SweepPoint point, ReferenceCache cache)
    {
        var clock = Stopwatch.StartNew();
        string bpStatus = "exception";
        double? varrho = null;
        try
        {
            var instance = cache.Problem(point);
            bpStatus = instance.BasisPursuit.Status.ToSnakeCase();
            varrho = instance.BasisPursuit.IsUnique ? instance.BasisPursuit.Varrho?.Value : null;
            var outcome = MethodRunner.Run(instance.Problem, point.Method, References(point, instance, cache));
            return Row(point, instance, outcome, clock.Elapsed.TotalSeconds);
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

    /// <summary>A point's problem with its references.</summary>
    private sealed record Instance(RegressionProblem Problem, double[]? XStar, BasisPursuitResult BasisPursuit);

    /// <summary>Problems and references computed once per problem (and per model for x∞), shared by the points.</summary>
    private sealed class ReferenceCache
    {
        private readonly ConcurrentDictionary<string, Lazy<Instance>> _problems = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, Lazy<double[]?>> _limits = new(StringComparer.Ordinal);

        public Instance Problem(SweepPoint point) => _problems.GetOrAdd(point.ProblemKey, _ => new Lazy<Instance>(() =>
        {
            var (problem, xStar) = point.LoadProblem();
            return new Instance(problem, xStar, BasisPursuitSolver.Solve(problem));
        })).Value;

        public double[]? Limit(SweepPoint point, Instance instance) =>
            _limits.GetOrAdd(point.ProblemKey + "|" + point.ModelKey, _ => new Lazy<double[]?>(() =>
                MethodReferences.ComputeLimit(instance.Problem, point.Method, instance.BasisPursuit))).Value;
    }
}
