using System.Numerics.Tensors;
using ImplicitL1.LinearAlgebra;
using ImplicitL1.Problems;

namespace ImplicitL1.BasisPursuit;

/// <summary>Options of <see cref="BasisPursuitSolver"/>.</summary>
public sealed record BasisPursuitOptions
{
    /// <summary>|xᵢ| ≤ tol·max|x| counts as zero when reading the LP vertex's support. Default 1e-9.</summary>
    public double SupportTolerance { get; init; } = 1e-9;

    /// <summary>Required ‖Ax − y‖ / max(1, ‖y‖) after the least-squares polish. Default 1e-12.</summary>
    public double ResidualTolerance { get; init; } = 1e-12;

    /// <summary>A certificate with ‖Aᵀλ‖_∞ ≤ 1 + tol verifies optimality. Default 1e-9.</summary>
    public double CertificateTolerance { get; init; } = 1e-9;

    /// <summary>Also solve ϱ's null-space LP as an independent check (doubles the LP work). Default false.</summary>
    public bool ComputeNullSpaceForm { get; init; }
}

/// <summary>
/// Basis pursuit, exactly (docs/theory.md §6): GLOP simplex on min Σ(p + q) s.t. A(p − q) = y → support of the vertex →
/// least-squares re-solve on A_S → verification by the ϱ certificate (A_Sᵀλ = σ, ‖A_{Sᶜ}ᵀλ‖_∞ = ϱ ≤ 1).
/// Rank-deficient A with consistent y: dependent rows are dropped (the solution set is unchanged) and reported.
/// </summary>
public static class BasisPursuitSolver
{
    /// <summary>Solves BP; never throws for a numerical outcome.</summary>
    public static BasisPursuitResult Solve(RegressionProblem problem, BasisPursuitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        options ??= new BasisPursuitOptions();
        bool notOver = !problem.IsOverparameterized;
        var rows = RowReduction.Analyze(problem);
        if (!rows.IsConsistent)
        {
            return Failed(SolverStatus.Infeasible,
                $"y is not in the range of A: rank(A) = {rows.Rank} < m = {problem.Rows} and the best fit leaves relative residual {rows.Inconsistency:E2}",
                rows, notOver, 0);
        }

        var reduced = rows.Reduced;
        int n = problem.Cols;
        var (lpX, lp) = SolveLp(reduced);
        if (!lp.Optimal)
        {
            var status = lp.Infeasible ? SolverStatus.Infeasible : SolverStatus.NumericalTrouble;
            return Failed(status, $"the BP linear program failed (GLOP: {lp.RawStatus})", rows, notOver, lp.Iterations);
        }

        double scale = lpX.Max(Math.Abs);
        var support = Enumerable.Range(0, n).Where(i => Math.Abs(lpX[i]) > options.SupportTolerance * scale).ToArray();
        var signs = support.Select(i => Math.Sign(lpX[i])).ToArray();
        var x = Polish(reduced, support, signs, lpX, out string polishNote);
        double yScale = Math.Max(1.0, TensorPrimitives.Norm(problem.Y));
        double residual = problem.ResidualNorm(x);
        var varrho = Varrho.Compute(reduced, support, signs, options.ComputeNullSpaceForm);
        string dropped = rows.DroppedRows.Count > 0
            ? $"; dropped dependent rows [{string.Join(", ", rows.DroppedRows)}] (rank {rows.Rank})"
            : string.Empty;
        string over = notOver ? $"; warning: m = {problem.Rows} ≥ N = {n}, not overparameterized" : string.Empty;
        var result = new BasisPursuitResult
        {
            Status = varrho.Status,
            Message = varrho.Message + polishNote + dropped + over,
            X = x,
            Support = support,
            Signs = signs,
            Residual = residual,
            Varrho = varrho,
            DroppedRows = [.. rows.DroppedRows],
            LpIterations = lp.Iterations,
            NotOverparameterized = notOver,
        };

        if (residual > options.ResidualTolerance * yScale)
        {
            return result with
            {
                Status = SolverStatus.NumericalTrouble,
                Message = $"residual ‖Ax − y‖ = {residual:E2} exceeds {options.ResidualTolerance:E0}·max(1, ‖y‖) after polish (GLOP: {lp.RawStatus})",
            };
        }

        if (varrho.Status is SolverStatus.Success or SolverStatus.NotUnique
            && varrho.Value > 1.0 + options.CertificateTolerance)
        {
            return result with
            {
                Status = SolverStatus.NumericalTrouble,
                Message = $"certificate check failed: min ‖A_Sᶜᵀλ‖_∞ = {varrho.Value:R} > 1, so x is not optimal (GLOP: {lp.RawStatus})",
            };
        }

        if (varrho.Status is not (SolverStatus.Success or SolverStatus.NotUnique))
        {
            return result with { Status = SolverStatus.NumericalTrouble, Message = "certificate check failed: " + varrho.Message };
        }

        return result;
    }

    /// <summary>The unpolished LP vertex x = p − q (the benchmark baseline).</summary>
    public static double[] SolveLpOnly(RegressionProblem problem) => SolveLp(problem).X;

    private static (double[] X, LpSolution Lp) SolveLp(RegressionProblem problem)
    {
        int m = problem.Rows, n = problem.Cols;
        using var lp = new GlopLinearProgram();
        var vars = new int[2 * n];
        for (int i = 0; i < 2 * n; i++)
        {
            vars[i] = lp.AddVariable(0.0, double.PositiveInfinity, 1.0);
        }

        var coefficients = new double[2 * n];
        for (int j = 0; j < m; j++)
        {
            var row = problem.Row(j);
            row.CopyTo(coefficients);
            TensorPrimitives.Negate(row, coefficients.AsSpan(n));
            lp.AddRow(problem.Y[j], problem.Y[j], vars, coefficients);
        }

        var solution = lp.Solve(maximize: false, "use_dual_simplex: true");
        var x = new double[n];
        if (solution.Optimal)
        {
            for (int i = 0; i < n; i++)
            {
                x[i] = solution.Values[i] - solution.Values[n + i];
            }
        }

        return (x, solution);
    }

    // x_S = argmin ‖A_S z − y‖ (Householder QR); kept only when A_S is injective and the signs survive.
    private static double[] Polish(RegressionProblem problem, int[] support, int[] signs, double[] lpX, out string note)
    {
        var x = (double[])lpX.Clone();
        var aS = DenseColumns.Select(problem, support);
        if (support.Length == 0 || !DenseColumns.HasFullColumnRank(aS))
        {
            note = support.Length == 0 ? string.Empty : "; A_S not injective, LP vertex kept unpolished";
            return x;
        }

        var xS = DenseColumns.LeastSquares(aS, problem.Y);
        for (int k = 0; k < support.Length; k++)
        {
            if (Math.Sign(xS[k]) != signs[k])
            {
                note = "; least-squares polish flipped a sign, LP vertex kept";
                return x;
            }
        }

        Array.Clear(x);
        for (int k = 0; k < support.Length; k++)
        {
            x[support[k]] = xS[k];
        }

        note = string.Empty;
        return x;
    }

    private static BasisPursuitResult Failed(SolverStatus status, string message, RowReduction rows, bool notOver, long iterations) =>
        new()
        {
            Status = status,
            Message = message,
            X = [],
            Support = [],
            Signs = [],
            Residual = double.NaN,
            Varrho = null,
            DroppedRows = [.. rows.DroppedRows],
            LpIterations = iterations,
            NotOverparameterized = notOver,
        };
}
