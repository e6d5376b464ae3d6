using System.Globalization;

namespace ImplicitL1;

/// <summary>
/// Work counters shared by every solver (SciMLBase's DEStats, scipy's nit/nfev): one record, the same names
/// everywhere. A field a solver does not use stays 0. Combine the stats of stages with <see cref="Merge"/>.
/// </summary>
public sealed record SolverStats
{
    /// <summary>No work done.</summary>
    public static SolverStats Empty { get; } = new();

    /// <summary>Iterations of the solver's main loop (Newton steps, GD steps, accepted integrator steps, simplex pivots of a pure LP solve).</summary>
    public long Iterations { get; init; }

    /// <summary>Objective or right-hand-side evaluations (loss, dual objective, ODE right-hand side).</summary>
    public long FunctionEvaluations { get; init; }

    /// <summary>Passes over A (one matrix–vector product with A or Aᵀ, or one weighted Gram A·diag(d)·Aᵀ, counts 1).</summary>
    public long MatrixEvaluations { get; init; }

    /// <summary>Linear programs solved.</summary>
    public long LinearPrograms { get; init; }

    /// <summary>Simplex iterations summed over the linear programs.</summary>
    public long LpIterations { get; init; }

    /// <summary>Matrix factorizations of a Newton system (one weighted Gram plus its Cholesky counts 1).</summary>
    public long Factorizations { get; init; }

    /// <summary>Iterations of a Krylov solver (GMRES) on a Newton system, each one Hessian–vector product.</summary>
    public long KrylovIterations { get; init; }

    /// <summary>Wall-clock time spent.</summary>
    public TimeSpan WallTime { get; init; }

    /// <summary>The sum of two stages' counters and times.</summary>
    public SolverStats Merge(SolverStats other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new SolverStats
        {
            Iterations = Iterations + other.Iterations,
            FunctionEvaluations = FunctionEvaluations + other.FunctionEvaluations,
            MatrixEvaluations = MatrixEvaluations + other.MatrixEvaluations,
            LinearPrograms = LinearPrograms + other.LinearPrograms,
            LpIterations = LpIterations + other.LpIterations,
            Factorizations = Factorizations + other.Factorizations,
            KrylovIterations = KrylovIterations + other.KrylovIterations,
            WallTime = WallTime + other.WallTime,
        };
    }

    /// <summary>The sum of many stages.</summary>
    public static SolverStats Sum(IEnumerable<SolverStats> stats)
    {
        ArgumentNullException.ThrowIfNull(stats);
        return stats.Aggregate(Empty, (a, b) => a.Merge(b));
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"iterations={Iterations} function_evaluations={FunctionEvaluations} matrix_evaluations={MatrixEvaluations} linear_programs={LinearPrograms} lp_iterations={LpIterations} factorizations={Factorizations} krylov_iterations={KrylovIterations} wall_time={WallTime.TotalSeconds:F3}s");
}
