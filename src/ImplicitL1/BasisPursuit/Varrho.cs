using ImplicitL1.LinearAlgebra;
using ImplicitL1.Problems;
using MathNet.Numerics.LinearAlgebra;

namespace ImplicitL1.BasisPursuit;

/// <summary>ϱ, its certificate, the null-space form and the Fuchs value for one support and sign pattern.</summary>
public sealed record VarrhoResult
{
    /// <summary>Success; NotUnique when ϱ ≥ 1 − tol or A_S is not injective; NumericalTrouble when an LP failed.</summary>
    public required SolverStatus Status { get; init; }

    /// <summary>One line on how the value was obtained or why it is missing.</summary>
    public required string Message { get; init; }

    /// <summary>ϱ = min ‖A_{Sᶜ}ᵀλ‖_∞ s.t. A_Sᵀλ = σ (certificate LP); NaN when not computed.</summary>
    public required double Value { get; init; }

    /// <summary>λ attaining ϱ (length m; empty when not computed).</summary>
    public required double[] Certificate { get; init; }

    /// <summary>
    /// max ⟨σ, v_S⟩ s.t. Av = 0, ‖v_{Sᶜ}‖₁ ≤ 1 (null-space LP); +∞ when A_S is not injective; NaN when not requested.
    /// </summary>
    public required double NullSpaceValue { get; init; }

    /// <summary>v attaining <see cref="NullSpaceValue"/> (length N; empty when unbounded or not computed).</summary>
    public required double[] NullSpaceVector { get; init; }

    /// <summary>‖A_{Sᶜ}ᵀ A_S(A_SᵀA_S)⁻¹σ‖_∞: the least-squares certificate's value, an upper bound on ϱ, never ϱ itself.</summary>
    public required double FuchsValue { get; init; }

    /// <summary>Total simplex iterations of both LPs.</summary>
    public required long LpIterations { get; init; }
}

/// <summary>
/// ϱ = min { ‖A_{Sᶜ}ᵀλ‖_∞ : A_Sᵀλ = σ } and its null-space dual max { ⟨σ, v_S⟩ : Av = 0, ‖v_{Sᶜ}‖₁ ≤ 1 }
/// (docs/theory.md §3) [reconstructed]. ϱ &lt; 1 with A_S injective ⇔ x_ℓ¹ is the unique BP solution.
/// </summary>
public static class Varrho
{
    /// <summary>ϱ counts as 1 (non-unique) within this tolerance: 1e-9.</summary>
    public const double UniquenessTolerance = 1e-9;

    /// <summary>
    /// Computes the certificate LP, the Fuchs value and, when <paramref name="includeNullSpaceForm"/> (default), the
    /// null-space LP as an independent check, for support S with signs σ (±1 per support entry).
    /// </summary>
    public static VarrhoResult Compute(RegressionProblem problem, IReadOnlyList<int> support, IReadOnlyList<int> signs,
        bool includeNullSpaceForm = true)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (support.Count != signs.Count)
        {
            throw new ArgumentException($"signs has {signs.Count} entries but the support has {support.Count}.", nameof(signs));
        }

        var aS = DenseColumns.Select(problem, support);
        bool injective = DenseColumns.HasFullColumnRank(aS);
        double fuchs = injective ? FuchsValue(problem, support, signs, aS) : double.PositiveInfinity;
        var (value, lambda, certLp) = CertificateLp(problem, support, signs);
        if (!certLp.Optimal)
        {
            string why = certLp.Infeasible ? "no λ satisfies A_Sᵀλ = σ" : "the certificate LP did not solve";
            return new VarrhoResult
            {
                Status = certLp.Infeasible ? SolverStatus.Infeasible : SolverStatus.NumericalTrouble,
                Message = $"{why} (GLOP: {certLp.RawStatus})",
                Value = double.NaN,
                Certificate = [],
                NullSpaceValue = double.NaN,
                NullSpaceVector = [],
                FuchsValue = fuchs,
                LpIterations = certLp.Iterations,
            };
        }

        var (nsValue, v, nsLp) = includeNullSpaceForm
            ? NullSpaceLp(problem, support, signs)
            : (double.NaN, [], new LpSolution("NOT_SOLVED", false, false, false, double.NaN, [], [], 0));
        bool unique = injective && value < 1.0 - UniquenessTolerance;
        string message = !injective
            ? $"A_S is not injective (|S| = {support.Count}): BP is not unique"
            : unique ? "strict certificate: BP solution is unique" : $"ϱ = {value:R} ≥ 1 − {UniquenessTolerance}: BP is not unique";
        return new VarrhoResult
        {
            Status = unique ? SolverStatus.Success : SolverStatus.NotUnique,
            Message = message,
            Value = value,
            Certificate = lambda,
            NullSpaceValue = nsLp.Unbounded ? double.PositiveInfinity : nsValue,
            NullSpaceVector = v,
            FuchsValue = fuchs,
            LpIterations = certLp.Iterations + nsLp.Iterations,
        };
    }

    /// <summary>min t s.t. A_Sᵀλ = σ, −t ≤ A_{Sᶜ}ᵀλ ≤ t; returns (t, λ, raw LP).</summary>
    internal static (double Value, double[] Lambda, LpSolution Lp) CertificateLp(
        RegressionProblem problem, IReadOnlyList<int> support, IReadOnlyList<int> signs)
    {
        int m = problem.Rows, n = problem.Cols;
        using var lp = new GlopLinearProgram();
        var lambdaVars = new int[m + 1];
        for (int j = 0; j < m; j++)
        {
            lambdaVars[j] = lp.AddVariable(double.NegativeInfinity, double.PositiveInfinity, 0.0);
        }

        int tVar = lp.AddVariable(0.0, double.PositiveInfinity, 1.0);
        lambdaVars[m] = tVar;
        var inSupport = SupportMask(n, support, signs);
        var coefficients = new double[m + 1];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < m; j++)
            {
                coefficients[j] = problem[j, i];
            }

            if (inSupport[i] != 0)
            {
                coefficients[m] = 0.0;
                lp.AddRow(inSupport[i], inSupport[i], lambdaVars, coefficients);
            }
            else
            {
                coefficients[m] = -1.0;
                lp.AddRow(double.NegativeInfinity, 0.0, lambdaVars, coefficients);
                coefficients[m] = 1.0;
                lp.AddRow(0.0, double.PositiveInfinity, lambdaVars, coefficients);
            }
        }

        var solution = lp.Solve(maximize: false, "use_dual_simplex: true");
        if (!solution.Optimal)
        {
            return (double.NaN, [], solution);
        }

        var lambda = solution.Values.AsSpan(0, m).ToArray();
        // Report the value attained by λ itself, recomputed on the caller's A.
        return (OffSupportSup(problem, inSupport, lambda), lambda, solution);
    }

    /// <summary>max ⟨σ, v_S⟩ s.t. A_S v_S + A_{Sᶜ}(p − q) = 0, Σ(p + q) ≤ 1, p, q ≥ 0.</summary>
    internal static (double Value, double[] V, LpSolution Lp) NullSpaceLp(
        RegressionProblem problem, IReadOnlyList<int> support, IReadOnlyList<int> signs)
    {
        int m = problem.Rows, n = problem.Cols;
        using var lp = new GlopLinearProgram();
        var inSupport = SupportMask(n, support, signs);
        var columnVars = new List<(int Column, int Var, double Sign)>();
        for (int i = 0; i < n; i++)
        {
            if (inSupport[i] != 0)
            {
                columnVars.Add((i, lp.AddVariable(double.NegativeInfinity, double.PositiveInfinity, inSupport[i]), 1.0));
            }
            else
            {
                columnVars.Add((i, lp.AddVariable(0.0, double.PositiveInfinity, 0.0), 1.0));
                columnVars.Add((i, lp.AddVariable(0.0, double.PositiveInfinity, 0.0), -1.0));
            }
        }

        var vars = columnVars.Select(c => c.Var).ToArray();
        var coefficients = new double[vars.Length];
        for (int j = 0; j < m; j++)
        {
            for (int k = 0; k < vars.Length; k++)
            {
                coefficients[k] = columnVars[k].Sign * problem[j, columnVars[k].Column];
            }

            lp.AddRow(0.0, 0.0, vars, coefficients);
        }

        for (int k = 0; k < vars.Length; k++)
        {
            coefficients[k] = inSupport[columnVars[k].Column] != 0 ? 0.0 : 1.0;
        }

        lp.AddRow(double.NegativeInfinity, 1.0, vars, coefficients);
        var solution = lp.Solve(maximize: true, "use_dual_simplex: true");
        if (!solution.Optimal)
        {
            return (double.NaN, [], solution);
        }

        var v = new double[n];
        for (int k = 0; k < vars.Length; k++)
        {
            v[columnVars[k].Column] += columnVars[k].Sign * solution.Values[k];
        }

        return (solution.Objective, v, solution);
    }

    /// <summary>λ_F = A_S(A_SᵀA_S)⁻¹σ and its value ‖A_{Sᶜ}ᵀλ_F‖_∞ (docs/theory.md §3 pitfall: not ϱ).</summary>
    public static double FuchsValue(RegressionProblem problem, IReadOnlyList<int> support, IReadOnlyList<int> signs)
    {
        var aS = DenseColumns.Select(problem, support);
        return DenseColumns.HasFullColumnRank(aS) ? FuchsValue(problem, support, signs, aS) : double.PositiveInfinity;
    }

    private static double FuchsValue(RegressionProblem problem, IReadOnlyList<int> support, IReadOnlyList<int> signs,
        Matrix<double> aS)
    {
        var sigma = Vector<double>.Build.Dense(signs.Select(s => (double)s).ToArray());
        var lambda = aS * (aS.TransposeThisAndMultiply(aS)).Solve(sigma);
        return OffSupportSup(problem, SupportMask(problem.Cols, support, signs), lambda.ToArray());
    }

    /// <summary>max_{i ∉ S} |(Aᵀλ)ᵢ| (0 when S covers every column).</summary>
    internal static double OffSupportSup(RegressionProblem problem, int[] inSupport, ReadOnlySpan<double> lambda)
    {
        var atl = new double[problem.Cols];
        problem.MultiplyTransposed(lambda, atl);
        double sup = 0;
        for (int i = 0; i < atl.Length; i++)
        {
            if (inSupport[i] == 0)
            {
                sup = Math.Max(sup, Math.Abs(atl[i]));
            }
        }

        return sup;
    }

    /// <summary>Per column: σᵢ for i ∈ S, 0 otherwise.</summary>
    internal static int[] SupportMask(int n, IReadOnlyList<int> support, IReadOnlyList<int> signs)
    {
        var mask = new int[n];
        for (int k = 0; k < support.Count; k++)
        {
            if (signs[k] is not (1 or -1))
            {
                throw new ArgumentException($"signs[{k}] is {signs[k]}; signs must be ±1.", nameof(signs));
            }

            mask[support[k]] = signs[k];
        }

        return mask;
    }
}
