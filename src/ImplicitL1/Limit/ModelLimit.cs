using ImplicitL1.BasisPursuit;
using ImplicitL1.Dynamics;
using ImplicitL1.Problems;

namespace ImplicitL1.Limit;

/// <summary>
/// The exact limit of gradient flow for a model, by the solver that covers it: <see cref="DualNewton"/> for a scalar-α
/// potential (<see cref="Parametrization.Limit"/>), <see cref="ShapedLimit"/> for a per-coordinate initialization
/// (<see cref="Parametrization.LimitShape"/>). The one place train, sweeps, claims and GF references get x∞ from.
/// </summary>
public static class ModelLimit
{
    /// <summary>x∞ of <paramref name="model"/> on <paramref name="problem"/>, or null when the library has no limit for it.</summary>
    /// <param name="problem">The data (A, y).</param>
    /// <param name="model">The parametrization with its initialization.</param>
    /// <param name="options">Tolerances; defaults when null.</param>
    /// <param name="basisPursuit">BP on the same problem, shared; solved when null.</param>
    public static LimitPoint? Solve(RegressionProblem problem, Parametrization model, LimitOptions? options = null,
        BasisPursuitResult? basisPursuit = null)
    {
        Checks.NotNull(problem);
        Checks.NotNull(model);
        if (model.Limit is { } potential)
        {
            return DualNewton.Solve(problem, potential.Potential, [potential.Alpha], options, basisPursuit).Points[0];
        }

        if (model.LimitShape is not { } shaped)
        {
            return null;
        }

        var bp = basisPursuit ?? BasisPursuitSolver.Solve(problem);
        var reference = ShapedLimit.Reference(problem, shaped.Shape, bp);
        return ShapedLimit.Solve(problem, shaped.Shape, [LogAlpha.FromValue(shaped.Alpha)], options, reference).Points[0];
    }
}
