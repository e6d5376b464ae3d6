using ImplicitL1.BasisPursuit;
using ImplicitL1.Limit;
using ImplicitL1.Problems;

namespace ImplicitL1.Dynamics;

/// <summary>x_ℓ¹ (when BP is unique) and x∞ (when the parametrization has a limit potential) for distances.</summary>
internal sealed class References
{
    private References(double[]? l1, double[]? limit, string note)
    {
        L1 = l1;
        Limit = limit;
        Note = note;
    }

    public double[]? L1 { get; }

    public double[]? Limit { get; }

    public string Note { get; }

    public static References None { get; } = new(null, null, string.Empty);

    public static References Compute(RegressionProblem problem, Parametrization parametrization)
    {
        var bp = BasisPursuitSolver.Solve(problem);
        double[]? l1 = bp.IsUnique ? bp.X : null;
        string note = bp.IsUnique ? string.Empty : $"; x_l1 not unique ({bp.Status.ToSnakeCase()}), distance to it undefined";
        double[]? limit = null;
        if (parametrization.Limit is { } potential)
        {
            var point = DualNewton.Solve(problem, potential.Potential, [potential.Alpha], basisPursuit: bp).Points[0];
            if (point.Status.IsSuccess())
            {
                limit = point.X;
            }
            else
            {
                note += $"; dual Newton limit unavailable ({point.Status.ToSnakeCase()}: {point.Message})";
            }
        }

        return new References(l1, limit, note);
    }

    public static double? Distance(ReadOnlySpan<double> x, double[]? reference) =>
        reference is null ? null : System.Numerics.Tensors.TensorPrimitives.Distance(x, reference);
}
