using ImplicitL1.BasisPursuit;
using ImplicitL1.Potentials;
using ImplicitL1.Problems;

namespace ImplicitL1.Limit;

/// <summary>
/// The exact limit of gradient flow, x∞(α) = argmin { Q_α(z) : Az = y }, from its dual (docs/theory.md §2)
/// [reconstructed]: maximize yᵀν − α Σᵢ φ((Aᵀν)ᵢ), then x∞ = α·h(Aᵀν). Newton with backtracking (feasibility
/// |Aᵀν| &lt; 1 for D &gt; 2), continuation in α with extrapolated warm starts, then a least-squares polish of x_S.
/// The dual is solved in coordinates rotated so that range(A_S) and its complement separate: the Hessian's
/// huge support block and tiny off-support block never mix, which keeps α down to 1e-12 and below accurate.
/// </summary>
public static class DualNewton
{
    /// <summary>x∞(α) for the depth-D network x = u^D − v^D at each α (order kept).</summary>
    /// <param name="problem">The data (A, y).</param>
    /// <param name="depth">D: 2 or any real &gt; 2.</param>
    /// <param name="alphas">Initialization scales, each finite and &gt; 0.</param>
    /// <param name="options">Tolerances; defaults when null.</param>
    /// <param name="basisPursuit">A BP result for the same problem, computed when null.</param>
    public static LimitResult Solve(RegressionProblem problem, double depth, IReadOnlyList<double> alphas,
        LimitOptions? options = null, BasisPursuitResult? basisPursuit = null) =>
        Solve(problem, new DepthPotential(depth), alphas, options, basisPursuit);

    /// <summary>x∞(α) for any parametrization given by its potential.</summary>
    public static LimitResult Solve(RegressionProblem problem, IPotential potential, IReadOnlyList<double> alphas,
        LimitOptions? options = null, BasisPursuitResult? basisPursuit = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(potential);
        ArgumentNullException.ThrowIfNull(alphas);
        options ??= new LimitOptions();
        ValidateAlphas(alphas);
        if (!(options.ContinuationFactor > 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.ContinuationFactor,
                "ContinuationFactor must be greater than 1.");
        }

        var bp = basisPursuit ?? BasisPursuitSolver.Solve(problem);
        var rows = RowReduction.Analyze(problem);
        if (!rows.IsConsistent || bp.Status == SolverStatus.Infeasible)
        {
            return Unsolvable(alphas, potential.Depth, bp, SolverStatus.Infeasible,
                "y is not in the range of A: no interpolating limit exists");
        }

        var dual = new RotatedDual(rows.Reduced, potential, bp);
        var results = new LimitPoint?[alphas.Count];
        var order = Enumerable.Range(0, alphas.Count).OrderByDescending(i => alphas[i]).ToArray();
        var nu = new double[rows.Reduced.Rows];
        var history = new List<(double Key, double[] Nu)>();
        double logAlpha = Math.Log(Math.Max(1.0, alphas[order[0]]));
        int total = 0, sinceLast = 0;
        foreach (int index in order)
        {
            double target = Math.Log(alphas[index]);
            LevelOutcome outcome;
            while (true)
            {
                bool last = logAlpha <= target + 1e-12;
                double level = last ? target : logAlpha;
                dual.Predict(level, nu, history, KeyOf(potential, level), options.Tolerance);
                outcome = dual.Newton(level, nu, options);
                total += outcome.Iterations;
                sinceLast += outcome.Iterations;
                if (outcome.Converged)
                {
                    history.Add((KeyOf(potential, level), (double[])nu.Clone()));
                }

                if (last)
                {
                    logAlpha = target;
                    break;
                }

                logAlpha = Math.Max(target, logAlpha - Math.Log(options.ContinuationFactor));
            }

            results[index] = dual.Finish(alphas[index], target, nu, outcome, sinceLast, options, problem);
            sinceLast = 0;
        }

        return new LimitResult([.. results.Select(r => r!)], bp, total);
    }

    // The quantity in which ν is extrapolated: log α for D = 2 (ν ~ log(1/α)), α^{(D−2)/D} for D > 2.
    private static double KeyOf(IPotential potential, double logAlpha) =>
        potential.Depth == 2.0 ? logAlpha : Math.Exp(logAlpha * (potential.Depth - 2.0) / potential.Depth);

    private static void ValidateAlphas(IReadOnlyList<double> alphas)
    {
        if (alphas.Count == 0)
        {
            throw new ArgumentException("At least one α is required.", nameof(alphas));
        }

        foreach (double alpha in alphas)
        {
            if (!(alpha > 0) || !double.IsFinite(alpha))
            {
                throw new ArgumentOutOfRangeException(nameof(alphas), alpha,
                    $"α must be finite and > 0 (got {alpha}); α is the initial scale u(0)^D = v(0)^D.");
            }
        }
    }

    private static LimitResult Unsolvable(IReadOnlyList<double> alphas, double depth, BasisPursuitResult bp,
        SolverStatus status, string message) =>
        new([.. alphas.Select(a => new LimitPoint
        {
            Alpha = a, Depth = depth, X = [], Nu = [], Status = status, Message = message, Iterations = 0,
            Residual = double.NaN, Stationarity = double.NaN, ErrorToL1 = null,
        })], bp, 0);
}

/// <summary>How Newton ended at one continuation level.</summary>
internal readonly record struct LevelOutcome(bool Converged, bool Stalled, int Iterations, double ScaledResidual);
