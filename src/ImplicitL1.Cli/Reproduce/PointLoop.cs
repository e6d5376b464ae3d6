namespace ImplicitL1.Cli.Reproduce;

/// <summary>
/// Evaluates a pure function at every grid point in parallel; results are stored by point index, so they do not
/// depend on the thread count or scheduling. (The seam where the sweep engine will replace the loop.)
/// </summary>
public static class PointLoop
{
    /// <summary>rows[i] = evaluate(points[i]).</summary>
    public static double[][] Evaluate<TPoint>(IReadOnlyList<TPoint> points, Func<TPoint, double[]> evaluate, int? maxThreads = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(evaluate);
        var rows = new double[points.Count][];
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxThreads ?? Environment.ProcessorCount };
        Parallel.For(0, points.Count, options, i => rows[i] = evaluate(points[i]));
        return rows;
    }
}
