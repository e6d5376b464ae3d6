using System.Numerics.Tensors;

namespace ImplicitL1.Problems;

/// <summary>
/// Rank analysis of A by row-pivoted Gram–Schmidt (reorthogonalized twice): picks the rows of A with the largest
/// remaining norm until the rest lie in their span to tolerance. Dropping dependent rows leaves the solution set
/// of A z = y unchanged when y is consistent.
/// </summary>
public sealed class RowReduction
{
    private RowReduction(int rank, int[] kept, int[] dropped, double inconsistency, RegressionProblem reduced)
    {
        Rank = rank;
        KeptRows = kept;
        DroppedRows = dropped;
        Inconsistency = inconsistency;
        Reduced = reduced;
    }

    /// <summary>Numerical rank of A.</summary>
    public int Rank { get; }

    /// <summary>Rows kept (independent), in increasing order.</summary>
    public IReadOnlyList<int> KeptRows { get; }

    /// <summary>Rows dropped as linear combinations of the kept ones.</summary>
    public IReadOnlyList<int> DroppedRows { get; }

    /// <summary>‖A z − y‖₂ / max(1, ‖y‖₂) for the minimum-norm solution z of the kept rows (0 when full rank).</summary>
    public double Inconsistency { get; }

    /// <summary>True when y is in the range of A to <see cref="ConsistencyTolerance"/>.</summary>
    public bool IsConsistent => Inconsistency <= ConsistencyTolerance;

    /// <summary>Relative residual above which y counts as outside range(A): 1e-9.</summary>
    public const double ConsistencyTolerance = 1e-9;

    /// <summary>The problem restricted to <see cref="KeptRows"/> (the original problem when A has full row rank).</summary>
    public RegressionProblem Reduced { get; }

    /// <summary>Analyses A; a row counts as dependent when its remaining norm is ≤ tolerance·(its norm). Default 1e-10.</summary>
    /// <remarks>
    /// A clearly full row rank is recognised first, without Gram–Schmidt: the Cholesky factor of the row-normalized
    /// Gram matrix D^{−½}AAᵀD^{−½} has every pivot ≥ 1e-6 (its rounding is ~√ε·1e-1 = 1.5e-9, far from both 1e-6 and
    /// the 1e-10 tolerance), so every row keeps ≥ 1e-6 of its norm outside the span of the others taken before it.
    /// The result is kept per problem (problems are immutable), so several solvers on one problem pay for it once.
    /// </remarks>
    public static RowReduction Analyze(RegressionProblem problem, double tolerance = 1e-10)
    {
        Checks.NotNull(problem);
        if (tolerance == 1e-10 && Cache.TryGetValue(problem, out var known))
        {
            return known;
        }

        var result = IsClearlyFullRank(problem) ? new RowReduction(problem.Rows, [.. Enumerable.Range(0, problem.Rows)], [], 0.0, problem)
            : GramSchmidt(problem, tolerance);
        if (tolerance == 1e-10)
        {
            Cache.AddOrUpdate(problem, result);
        }

        return result;
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<RegressionProblem, RowReduction> Cache = new();

    // Ordered Cholesky of the unit-diagonal Gram matrix, every pivot ≥ 1e-6 (see Analyze).
    private static bool IsClearlyFullRank(RegressionProblem problem)
    {
        int m = problem.Rows, n = problem.Cols;
        if (m > n || m == 0)
        {
            return false;
        }

        var gram = new double[m * m];
        Kernels.WeightedGram.Compute(problem.A, m, n, Enumerable.Repeat(1.0, n).ToArray(), new double[Kernels.WeightedGram.BlockRows * n], gram);
        var scale = new double[m];
        for (int j = 0; j < m; j++)
        {
            if (!(gram[(j * m) + j] > 0) || !double.IsFinite(gram[(j * m) + j]))
            {
                return false;
            }

            scale[j] = 1.0 / Math.Sqrt(gram[(j * m) + j]);
        }

        for (int j = 0; j < m; j++)
        {
            for (int l = 0; l < m; l++)
            {
                gram[(j * m) + l] *= scale[j] * scale[l];
            }
        }

        if (!LinearAlgebra.Cholesky.TryFactor(gram, m))
        {
            return false;
        }

        for (int j = 0; j < m; j++)
        {
            if (!(gram[(j * m) + j] >= 1e-6))
            {
                return false;
            }
        }

        return true;
    }

    // Row-pivoted Gram–Schmidt, reorthogonalized: the exact rank analysis.
    private static RowReduction GramSchmidt(RegressionProblem problem, double tolerance)
    {
        int m = problem.Rows, n = problem.Cols;
        var residual = new double[m][];
        var norms0 = new double[m];
        for (int i = 0; i < m; i++)
        {
            residual[i] = problem.Row(i).ToArray();
            norms0[i] = TensorPrimitives.Norm(residual[i]);
        }

        var basis = new List<double[]>();
        var kept = new List<int>();
        var remaining = Enumerable.Range(0, m).Where(i => norms0[i] > 0).ToList();
        while (remaining.Count > 0)
        {
            int best = -1;
            double bestRatio = 0;
            foreach (int i in remaining)
            {
                double ratio = TensorPrimitives.Norm(residual[i]) / norms0[i];
                if (ratio > bestRatio)
                {
                    bestRatio = ratio;
                    best = i;
                }
            }

            if (bestRatio <= tolerance)
            {
                break;
            }

            var q = residual[best];
            // Reorthogonalize against the basis once more, then normalize.
            foreach (var b in basis)
            {
                TensorPrimitives.MultiplyAdd(b, -TensorPrimitives.Dot(b, q), q, q);
            }

            TensorPrimitives.Divide(q, TensorPrimitives.Norm(q), q);
            basis.Add(q);
            kept.Add(best);
            remaining.Remove(best);
            foreach (int i in remaining)
            {
                TensorPrimitives.MultiplyAdd(q, -TensorPrimitives.Dot(q, residual[i]), residual[i], residual[i]);
            }
        }

        kept.Sort();
        var dropped = Enumerable.Range(0, m).Except(kept).ToArray();
        if (dropped.Length == 0)
        {
            return new RowReduction(m, [.. kept], dropped, 0.0, problem);
        }

        var reduced = problem.SelectRows(kept);
        double inconsistency = MinimumNormResidual(problem, reduced, basis) / Math.Max(1.0, TensorPrimitives.Norm(problem.Y));
        return new RowReduction(kept.Count, [.. kept], dropped, inconsistency, reduced);
    }

    // z = argmin ‖z‖ s.t. A_R z = y_R lies in span(basis): solve (A_R Qᵀ) c = y_R, z = Qᵀc; return ‖A z − y‖.
    private static double MinimumNormResidual(RegressionProblem full, RegressionProblem reduced, List<double[]> basis)
    {
        int r = reduced.Rows, n = full.Cols;
        var g = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(r, basis.Count);
        for (int i = 0; i < r; i++)
        {
            for (int k = 0; k < basis.Count; k++)
            {
                g[i, k] = TensorPrimitives.Dot(reduced.Row(i), basis[k]);
            }
        }

        var c = g.Solve(MathNet.Numerics.LinearAlgebra.Vector<double>.Build.Dense(reduced.YArray()));
        var z = new double[n];
        for (int k = 0; k < basis.Count; k++)
        {
            TensorPrimitives.MultiplyAdd(basis[k], c[k], z, z);
        }

        return full.ResidualNorm(z);
    }
}
