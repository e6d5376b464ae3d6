using ImplicitL1.BasisPursuit;
using ImplicitL1.Limit;
using ImplicitL1.Problems;

namespace ImplicitL1.Methods;

/// <summary>
/// References a method's x is compared with, computed once per problem by the caller and shared across that problem's
/// methods: basis pursuit (x_ℓ¹ when unique), the exact limit x∞ of the method's model, and the planted x*. A
/// reference left null is not computed and its distance is reported as null.
/// </summary>
public sealed record MethodReferences
{
    /// <summary>No references.</summary>
    public static MethodReferences None { get; } = new();

    /// <summary>Basis pursuit on the same problem; also given to the limit solver so it is not solved again.</summary>
    public BasisPursuitResult? BasisPursuit { get; init; }

    /// <summary>x∞ of the method's model (same parametrization, depth and α).</summary>
    public double[]? Limit { get; init; }

    /// <summary>The planted sparse vector x*.</summary>
    public double[]? XStar { get; init; }

    /// <summary>x_ℓ¹ when basis pursuit was given and its solution is unique; else null.</summary>
    public double[]? L1 => BasisPursuit is { IsUnique: true } bp ? bp.X : null;

    /// <summary>
    /// x∞ of <paramref name="method"/>'s model on <paramref name="problem"/> by <see cref="ModelLimit"/> (reusing
    /// <paramref name="basisPursuit"/>); null when the library has no limit for the model or the solver did not succeed.
    /// </summary>
    public static double[]? ComputeLimit(RegressionProblem problem, MethodSpec method, BasisPursuitResult? basisPursuit = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(method);
        var point = ModelLimit.Solve(problem, method.Build(problem.Cols), method.Limit, basisPursuit);
        return point is { } p && p.Status.IsSuccess() ? p.X : null;
    }
}
