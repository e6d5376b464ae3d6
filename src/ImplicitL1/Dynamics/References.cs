using ImplicitL1.BasisPursuit;
using ImplicitL1.Limit;
using ImplicitL1.Problems;

namespace ImplicitL1.Dynamics;

/// <summary>
/// Reference points a caller passes to <see cref="GradientFlow"/> or <see cref="GradientDescent"/> so that results
/// and trajectories carry distances to them: x_ℓ¹ (basis pursuit, when unique) and x∞ (the gradient-flow limit).
/// Solvers never compute them: compute them once (e.g. with <see cref="Compute"/>) and share them.
/// </summary>
public sealed record References
{
    /// <summary>x_ℓ¹; null when unknown or not unique (the distance to it is then undefined and reported as null).</summary>
    public double[]? L1 { get; init; }

    /// <summary>x∞, the limit of gradient flow; null when unknown.</summary>
    public double[]? Limit { get; init; }

    /// <summary>Appended to the solver's message (e.g. why x_ℓ¹ is missing). Default empty.</summary>
    public string Note { get; init; } = string.Empty;

    /// <summary>
    /// x_ℓ¹ by <see cref="BasisPursuitSolver"/> (kept only when unique) and, when the library has the model's limit,
    /// x∞ by <see cref="ModelLimit"/>; what is unavailable is null and explained in <see cref="Note"/>.
    /// </summary>
    public static References Compute(RegressionProblem problem, Parametrization parametrization)
    {
        Checks.NotNull(problem);
        Checks.NotNull(parametrization);
        var bp = BasisPursuitSolver.Solve(problem);
        double[]? l1 = bp.IsUnique ? bp.X : null;
        string note = bp.IsUnique ? string.Empty : $"; x_l1 not unique ({bp.Status.ToSnakeCase()}), distance to it undefined";
        double[]? limit = null;
        if (ModelLimit.Solve(problem, parametrization, basisPursuit: bp) is { } point)
        {
            if (point.Status.IsSuccess())
            {
                limit = point.X;
            }
            else
            {
                note += $"; exact limit unavailable ({point.Status.ToSnakeCase()}: {point.Message})";
            }
        }

        return new References { L1 = l1, Limit = limit, Note = note };
    }

    internal void Validate(int n, string paramName)
    {
        if (L1 is { } l1)
        {
            Checks.Length(l1.Length, n, "References.L1", paramName);
        }

        if (Limit is { } limit)
        {
            Checks.Length(limit.Length, n, "References.Limit", paramName);
        }
    }

    internal static double? Distance(ReadOnlySpan<double> x, double[]? reference) =>
        reference is null ? null : System.Numerics.Tensors.TensorPrimitives.Distance(x, reference);
}
