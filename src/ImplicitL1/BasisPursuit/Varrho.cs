using System.Numerics.Tensors;
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

    /// <summary>Work done: linear programs (one per row-generation round), simplex iterations, passes over A, wall time.</summary>
    public SolverStats Stats { get; init; } = SolverStats.Empty;

    /// <summary>How ϱ was computed: "homotopy (…)", "row generation (k rows of N − |S|)" or "full LP".</summary>
    public string Method { get; init; } = string.Empty;

    /// <summary>True when the computation certified rank(A) = m (the homotopy's final system spans ℝ^{m−|S|+1}).</summary>
    internal bool SpansRows { get; init; }
}

/// <summary>How <see cref="Varrho"/> solves the certificate LP.</summary>
public enum VarrhoMethod
{
    /// <summary>
    /// The null-space form as a basis pursuit solved by the ℓ¹ homotopy on a working set of columns
    /// (<see cref="HomotopyVarrho"/>), certified by primal ⟨σ, v_S⟩ and dual ‖A_Sᶜᵀλ‖_∞ agreeing to 1e-9; falls back
    /// to <see cref="RowGeneration"/> when they do not, or when the homotopy stops.
    /// </summary>
    Homotopy,

    /// <summary>
    /// Row generation: the LP holds only the rows |A_iᵀλ| ≤ t of a working set, the most violated rows over all
    /// N − |S| are added until none exceeds t, then every row is checked. Work grows with m − |S|, not N.
    /// </summary>
    RowGeneration,

    /// <summary>The dense LP with all 2(N − |S|) rows (the reference; memory and time grow with N·m).</summary>
    FullLp,
}

/// <summary>Options of <see cref="Varrho.Compute(RegressionProblem, IReadOnlyList{int}, IReadOnlyList{int}, VarrhoOptions)"/>.</summary>
public sealed record VarrhoOptions
{
    /// <summary>Certificate method. Default <see cref="VarrhoMethod.Homotopy"/>.</summary>
    public VarrhoMethod Method { get; init; } = VarrhoMethod.Homotopy;

    /// <summary>
    /// Also report the null-space form: the dense null-space LP for the LP methods, the primal ⟨σ, v_S⟩ and v of the
    /// homotopy (which it always computes to certify ϱ) for <see cref="VarrhoMethod.Homotopy"/>. Default false.
    /// </summary>
    public bool IncludeNullSpaceForm { get; init; }

    /// <summary>Row generation stops when no row exceeds t·(1 + tol) + tol·1e-3. Default 1e-12.</summary>
    public double RowTolerance { get; init; } = 1e-12;

    /// <summary>Rounds of row generation before falling back to the full LP. Default 200.</summary>
    public int MaxRounds { get; init; } = 200;

    /// <summary>Receives one line per row-generation round (null: silent).</summary>
    public IProgress<SolverProgress>? Progress { get; init; }
}

/// <summary>
/// ϱ = min { ‖A_{Sᶜ}ᵀλ‖_∞ : A_Sᵀλ = σ } and its null-space dual max { ⟨σ, v_S⟩ : Av = 0, ‖v_{Sᶜ}‖₁ ≤ 1 }
/// (docs/theory.md §3) [reconstructed]. ϱ &lt; 1 with A_S injective ⇔ x_ℓ¹ is the unique BP solution.
/// The LPs run on Â = A / max|A_ij|; the certificate is returned in the caller's units.
/// </summary>
public static class Varrho
{
    /// <summary>ϱ counts as 1 (non-unique) within this tolerance: 1e-9.</summary>
    public const double UniquenessTolerance = 1e-9;

    /// <summary>
    /// Computes ϱ by the default method, the Fuchs value and, when <paramref name="includeNullSpaceForm"/> (default), the
    /// null-space form as a check, for support S with signs σ (±1 per support entry).
    /// </summary>
    public static VarrhoResult Compute(RegressionProblem problem, IReadOnlyList<int> support, IReadOnlyList<int> signs,
        bool includeNullSpaceForm = true) =>
        Compute(problem, support, signs, new VarrhoOptions { IncludeNullSpaceForm = includeNullSpaceForm });

    /// <summary>Computes ϱ for support S with signs σ by the method of <paramref name="options"/>.</summary>
    public static VarrhoResult Compute(RegressionProblem problem, IReadOnlyList<int> support, IReadOnlyList<int> signs,
        VarrhoOptions options) => Compute(problem, support, signs, options, default);

    /// <summary>As above; <paramref name="lambdaHint"/> (caller's units, e.g. the BP dual) seeds the working rows.</summary>
    internal static VarrhoResult Compute(RegressionProblem problem, IReadOnlyList<int> support, IReadOnlyList<int> signs,
        VarrhoOptions options, ReadOnlySpan<double> lambdaHint)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(options);
        if (support.Count != signs.Count)
        {
            throw new ArgumentException($"signs has {signs.Count} entries but the support has {support.Count}.", nameof(signs));
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var scaled = new ScaledColumns(problem);
        var mask = SupportMask(problem.Cols, support, signs);
        var aS = scaled.Select(support);
        bool injective = DenseColumns.HasFullColumnRank(aS);
        double fuchs = injective ? FuchsValue(problem, support, signs, aS, scaled) : double.PositiveInfinity;
        string fallback = string.Empty;
        if (options.Method == VarrhoMethod.Homotopy)
        {
            string why;
            if (injective)
            {
                var run = HomotopyVarrho.Run(scaled, support, mask, aS, options, lambdaHint);
                var result = run.Lp.Optimal ? Conclude(problem, support, signs, scaled, mask, aS, injective, fuchs, run, options, clock) : null;
                if (result is null)
                {
                    why = run.Failure;
                }
                else if (IsSandwiched(result, run, out why))
                {
                    return result;
                }
            }
            else
            {
                why = "A_S is not injective";
            }

            options.Progress?.Report(new SolverProgress("varrho", 0, null, $"ϱ homotopy could not certify ({why}); row generation LP"));
            fallback = $"; row generation LP used because the ϱ homotopy could not certify ({why})";
        }

        var cert = options.Method == VarrhoMethod.FullLp
            ? CertificateFull(scaled, support, mask)
            : CertificateRowGeneration(scaled, support, mask, options, lambdaHint);
        if (!cert.Lp.Optimal)
        {
            string why = cert.Lp.Infeasible ? "no λ satisfies A_Sᵀλ = σ" : "the certificate LP did not solve";
            return new VarrhoResult
            {
                Status = cert.Lp.Infeasible ? SolverStatus.Infeasible : SolverStatus.NumericalTrouble,
                Message = $"{why} (GLOP: {cert.Lp.RawStatus}){fallback}",
                Value = double.NaN,
                Certificate = [],
                NullSpaceValue = double.NaN,
                NullSpaceVector = [],
                FuchsValue = fuchs,
                LpIterations = cert.Iterations,
                Stats = new SolverStats { LinearPrograms = cert.Programs, LpIterations = cert.Iterations, MatrixEvaluations = cert.Passes, WallTime = clock.Elapsed },
                Method = cert.Method,
            };
        }

        var concluded = Conclude(problem, support, signs, scaled, mask, aS, injective, fuchs, cert, options, clock);
        return concluded with { Message = concluded.Message + fallback };
    }

    // Weak duality: ⟨σ, v_S⟩ ≤ ϱ ≤ ‖A_Sᶜᵀλ‖_∞ for feasible v and λ, so their agreement to 1e-9 (relative) certifies the
    // value; v must satisfy Âv = 0 to 1e-9 relative to ‖Â_S v_S‖ for its side to count.
    private static bool IsSandwiched(VarrhoResult result, CertificateRun run, out string why)
    {
        double gap = Math.Abs(result.Value - run.PrimalValue);
        if (!(gap <= SandwichTolerance * Math.Max(result.Value, double.Epsilon)) && !(gap == 0))
        {
            why = $"primal ⟨σ, v_S⟩ = {run.PrimalValue:R} and dual ‖A_Sᶜᵀλ‖_∞ = {result.Value:R} differ by {gap:E2}";
            return false;
        }

        if (!(run.PrimalDefect <= SandwichTolerance))
        {
            why = $"the primal v has ‖Âv‖ = {run.PrimalDefect:E2}·‖Â_S v_S‖";
            return false;
        }

        why = string.Empty;
        return true;
    }

    /// <summary>Primal and dual ϱ of the homotopy must agree to this relative tolerance: 1e-9.</summary>
    public const double SandwichTolerance = 1e-9;

    // The certificate run → result: λ̂ projected onto Â_Sᵀλ̂ = σ, its value over all N columns, the null-space form.
    private static VarrhoResult Conclude(RegressionProblem problem, IReadOnlyList<int> support, IReadOnlyList<int> signs,
        ScaledColumns scaled, int[] mask, MathNet.Numerics.LinearAlgebra.Matrix<double> aS, bool injective, double fuchs,
        CertificateRun cert, VarrhoOptions options, System.Diagnostics.Stopwatch clock)
    {
        // λ̂ ← λ̂ − Â_S(Â_SᵀÂ_S)⁻¹(Â_Sᵀλ̂ − σ): the least correction making A_Sᵀλ = σ hold to rounding.
        var lambdaHat = cert.LambdaHat;
        if (injective && support.Count > 0)
        {
            ProjectOntoSigns(aS, signs, lambdaHat);
        }

        var lambda = lambdaHat.Select(v => v * scaled.Inverse).ToArray();
        double value = OffSupportSup(problem, mask, lambda);
        bool homotopy = !double.IsNaN(cert.PrimalValue);
        var (nsValue, v, nsLp) = !options.IncludeNullSpaceForm
            ? (double.NaN, [], new LpSolution("NOT_SOLVED", false, false, false, double.NaN, [], [], 0))
            : homotopy
                ? (cert.PrimalValue, cert.PrimalVector, new LpSolution("HOMOTOPY_PRIMAL", true, false, false, cert.PrimalValue, [], [], 0))
                : NullSpaceLp(problem, support, signs);
        bool unique = injective && value < 1.0 - UniquenessTolerance;
        string message = !injective
            ? $"A_S is not injective (|S| = {support.Count}): BP is not unique"
            : unique ? "strict certificate: BP solution is unique" : $"ϱ = {value:R} ≥ 1 − {UniquenessTolerance}: BP is not unique";
        long lpIterations = (homotopy ? 0 : cert.Iterations) + nsLp.Iterations;
        return new VarrhoResult
        {
            Status = unique ? SolverStatus.Success : SolverStatus.NotUnique,
            Message = message,
            Value = value,
            Certificate = lambda,
            NullSpaceValue = nsLp.Unbounded ? double.PositiveInfinity : nsValue,
            NullSpaceVector = v,
            FuchsValue = fuchs,
            LpIterations = lpIterations,
            Stats = new SolverStats
            {
                Iterations = homotopy ? cert.Iterations : 0,
                LinearPrograms = (homotopy ? 0 : cert.Programs) + (options.IncludeNullSpaceForm && !homotopy ? 1 : 0),
                LpIterations = lpIterations,
                MatrixEvaluations = cert.Passes + 1,
                WallTime = clock.Elapsed,
            },
            Method = cert.Method,
            SpansRows = cert.SpansRows,
        };
    }

    /// <summary>
    /// A certificate λ̂ (on Â) from one method; the homotopy adds its primal v (‖v_Sᶜ‖₁ = 1), ⟨σ, v_S⟩, ‖Âv‖ relative
    /// to ‖Â_S v_S‖, whether its final system certified rank(A) = m, or why it stopped.
    /// </summary>
    internal sealed record CertificateRun(double[] LambdaHat, LpSolution Lp, long Iterations, long Programs, long Passes, string Method)
    {
        public double PrimalValue { get; init; } = double.NaN;

        public double[] PrimalVector { get; init; } = [];

        public double PrimalDefect { get; init; }

        public bool SpansRows { get; init; }

        public string Failure { get; init; } = string.Empty;
    }

    /// <summary>min t s.t. A_Sᵀλ = σ, −t ≤ A_{Sᶜ}ᵀλ ≤ t; returns (t, λ, raw LP) with λ in the caller's units.</summary>
    internal static (double Value, double[] Lambda, LpSolution Lp) CertificateLp(
        RegressionProblem problem, IReadOnlyList<int> support, IReadOnlyList<int> signs)
    {
        var scaled = new ScaledColumns(problem);
        var mask = SupportMask(problem.Cols, support, signs);
        var run = CertificateFull(scaled, support, mask);
        if (!run.Lp.Optimal)
        {
            return (double.NaN, [], run.Lp);
        }

        var lambda = run.LambdaHat.Select(v => v * scaled.Inverse).ToArray();
        return (OffSupportSup(problem, mask, lambda), lambda, run.Lp);
    }

    // The dense LP over Â: every off-support column contributes the two rows −t ≤ Â_iᵀλ̂ ≤ t.
    private static CertificateRun CertificateFull(ScaledColumns scaled, IReadOnlyList<int> support, int[] mask)
    {
        int m = scaled.Problem.Rows, n = scaled.Problem.Cols;
        using var lp = new GlopLinearProgram();
        var vars = new int[m + 1];
        for (int j = 0; j < m; j++)
        {
            vars[j] = lp.AddVariable(double.NegativeInfinity, double.PositiveInfinity, 0.0);
        }

        vars[m] = lp.AddVariable(0.0, double.PositiveInfinity, 1.0);
        var coefficients = new double[m + 1];
        for (int i = 0; i < n; i++)
        {
            scaled.Column(i, coefficients.AsSpan(0, m));
            if (mask[i] != 0)
            {
                coefficients[m] = 0.0;
                lp.AddRow(mask[i], mask[i], vars, coefficients);
            }
            else
            {
                coefficients[m] = -1.0;
                lp.AddRow(double.NegativeInfinity, 0.0, vars, coefficients);
                coefficients[m] = 1.0;
                lp.AddRow(0.0, double.PositiveInfinity, vars, coefficients);
            }
        }

        var solution = lp.Solve(maximize: false, "use_dual_simplex: true");
        return new CertificateRun(solution.Optimal ? solution.Values.AsSpan(0, m).ToArray() : [], solution,
            solution.Iterations, 1, 1, "full LP");
    }

    // Row generation: solve on working rows R, price all N − |S| rows with one pass Âᵀλ̂, add the most violated.
    // The restricted optimum t_R ≤ ϱ; stopping when max_{i∉S} |Â_iᵀλ̂| ≤ t_R(1 + tol) certifies ϱ to that tolerance.
    private static CertificateRun CertificateRowGeneration(ScaledColumns scaled, IReadOnlyList<int> support, int[] mask,
        VarrhoOptions options, ReadOnlySpan<double> lambdaHint)
    {
        int m = scaled.Problem.Rows, n = scaled.Problem.Cols;
        int offCount = n - support.Count;
        int free = Math.Max(0, m - support.Count);
        int initial = Math.Min(offCount, (2 * free) + 16);
        int batch = Math.Max(32, free / 2);
        var g = new double[n];
        var scratch = new double[m];
        var score = new double[n];
        if (lambdaHint.Length == m)
        {
            scaled.Problem.MultiplyTransposed(lambdaHint, g);
        }

        long passes = lambdaHint.Length == m ? 1 : 0;
        TensorPrimitives.Abs(g, score);
        var inRows = new bool[n];
        var first = ScaledColumns.TopK(score, initial, i => mask[i] == 0);
        using var lp = new CertificateProgram(scaled, support, mask);
        lp.AddRows(first);
        foreach (int i in first)
        {
            inRows[i] = true;
        }

        long iterations = 0;
        for (int round = 1; ; round++)
        {
            var solution = lp.Solve();
            iterations += solution.Iterations;
            if (!solution.Optimal)
            {
                return new CertificateRun([], solution, iterations, round, passes, "row generation");
            }

            var lambdaHat = solution.Values.AsSpan(0, m).ToArray();
            double t = solution.Values[m];
            scaled.MultiplyTransposed(lambdaHat, g, scratch);
            passes++;
            TensorPrimitives.Abs(g, score);
            double floor = (t * (1 + options.RowTolerance)) + (1e-3 * options.RowTolerance);
            var violated = ScaledColumns.TopK(score, batch, i => mask[i] == 0 && !inRows[i], floor);
            options.Progress?.Report(new SolverProgress("varrho", round, null,
                $"ϱ row generation round {round}: {lp.RowCount} of {offCount} rows, t = {t:R}, {violated.Count} added"));
            string method = $"row generation ({lp.RowCount} of {offCount} rows, {round} rounds)";
            if (violated.Count == 0)
            {
                return new CertificateRun(lambdaHat, solution, iterations, round, passes, method);
            }

            if (round >= options.MaxRounds)
            {
                var full = CertificateFull(scaled, support, mask);
                return full with
                {
                    Iterations = full.Iterations + iterations,
                    Programs = full.Programs + round,
                    Passes = full.Passes + passes,
                    Method = $"full LP (row generation did not settle in {round} rounds)",
                };
            }

            lp.AddRows(violated);
            foreach (int i in violated)
            {
                inRows[i] = true;
            }
        }
    }

    // Â_Sᵀλ̂ = σ by the least-norm correction (normal equations on the injective Â_S).
    private static void ProjectOntoSigns(Matrix<double> aS, IReadOnlyList<int> signs, double[] lambdaHat)
    {
        var lam = Vector<double>.Build.Dense(lambdaHat);
        var defect = aS.TransposeThisAndMultiply(lam) - Vector<double>.Build.Dense(signs.Select(s => (double)s).ToArray());
        // With Â_S = QR (thin): Â_S(Â_SᵀÂ_S)⁻¹ = Q R⁻ᵀ.
        var qr = aS.QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin);
        var correction = qr.Q * qr.R.Transpose().Solve(defect);
        for (int i = 0; i < lambdaHat.Length; i++)
        {
            lambdaHat[i] -= correction[i];
        }
    }

    /// <summary>
    /// The certificate LP over Â with rows added on demand, solved in its dual (column) form so the simplex basis
    /// stays (m + 1)-dimensional: max σᵀμ s.t. Â_S μ + Σ_{i∈R} Â_i(p_i − q_i) = 0, Σ(p + q) ≤ 1, p, q ≥ 0.
    /// Its optimum is the restricted t; the duals of the m equality rows are ±λ̂ (sign fixed by Â_Sᵀλ̂ = σ).
    /// </summary>
    private sealed class CertificateProgram : IDisposable
    {
        private readonly GlopLinearProgram _lp = new();
        private readonly ScaledColumns _scaled;
        private readonly double[] _column;
        private readonly IReadOnlyList<int> _support;
        private readonly int[] _mask;

        public CertificateProgram(ScaledColumns scaled, IReadOnlyList<int> support, int[] mask)
        {
            _scaled = scaled;
            _support = support;
            _mask = mask;
            int m = scaled.Problem.Rows;
            for (int j = 0; j < m; j++)
            {
                _lp.AddRow(0.0, 0.0, [], []);
            }

            _lp.AddRow(double.NegativeInfinity, 1.0, [], []);
            _column = new double[m + 1];
            foreach (int i in support)
            {
                scaled.Column(i, _column.AsSpan(0, m));
                _column[m] = 0.0;
                _lp.AddColumn(double.NegativeInfinity, double.PositiveInfinity, mask[i], _column);
            }
        }

        public int RowCount { get; private set; }

        public void AddRows(IEnumerable<int> columns)
        {
            int m = _column.Length - 1;
            foreach (int i in columns)
            {
                _scaled.Column(i, _column.AsSpan(0, m));
                _column[m] = 1.0;
                _lp.AddColumn(0.0, double.PositiveInfinity, 0.0, _column);
                TensorPrimitives.Negate(_column.AsSpan(0, m), _column.AsSpan(0, m));
                _lp.AddColumn(0.0, double.PositiveInfinity, 0.0, _column);
                RowCount++;
            }
        }

        /// <summary>Values[0..m) = λ̂, Values[m] = t, in the row form's layout; Unbounded maps to Infeasible (no λ).</summary>
        public LpSolution Solve()
        {
            int m = _column.Length - 1;
            var s = _lp.Solve(maximize: true, "use_dual_simplex: true");
            if (!s.Optimal)
            {
                return s with { Infeasible = s.Unbounded || s.Infeasible, Values = [] };
            }

            var lambda = s.Duals.AsSpan(0, m).ToArray();
            double plus = 0, minus = 0;
            for (int k = 0; k < _support.Count; k++)
            {
                double v = 0;
                for (int i = 0; i < m; i++)
                {
                    v += _scaled.Problem[i, _support[k]] * _scaled.Inverse * lambda[i];
                }

                plus = Math.Max(plus, Math.Abs(v - _mask[_support[k]]));
                minus = Math.Max(minus, Math.Abs(v + _mask[_support[k]]));
            }

            if (minus < plus)
            {
                TensorPrimitives.Negate(lambda, lambda);
            }

            return s with { Values = [.. lambda, Math.Max(0.0, s.Objective)] };
        }

        public void Dispose() => _lp.Dispose();
    }

    /// <summary>max ⟨σ, v_S⟩ s.t. A_S v_S + A_{Sᶜ}(p − q) = 0, Σ(p + q) ≤ 1, p, q ≥ 0.</summary>
    internal static (double Value, double[] V, LpSolution Lp) NullSpaceLp(
        RegressionProblem problem, IReadOnlyList<int> support, IReadOnlyList<int> signs)
    {
        int m = problem.Rows, n = problem.Cols;
        using var lp = new GlopLinearProgram();
        var inSupport = SupportMask(n, support, signs);
        var columnVars = new List<(int Column, int Var, double Sign)>();
        double inverse = new ScaledColumns(problem).Inverse; // Av = 0 ⇔ Âv = 0
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
                coefficients[k] = columnVars[k].Sign * problem[j, columnVars[k].Column] * inverse;
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
        ArgumentNullException.ThrowIfNull(problem);
        var scaled = new ScaledColumns(problem);
        var aS = scaled.Select(support);
        return DenseColumns.HasFullColumnRank(aS) ? FuchsValue(problem, support, signs, aS, scaled) : double.PositiveInfinity;
    }

    // On Â: λ̂_F = Â_S(Â_SᵀÂ_S)⁻¹σ, λ_F = λ̂_F / a.
    private static double FuchsValue(RegressionProblem problem, IReadOnlyList<int> support, IReadOnlyList<int> signs,
        Matrix<double> aS, ScaledColumns scaled)
    {
        var sigma = Vector<double>.Build.Dense(signs.Select(s => (double)s).ToArray());
        var lambda = aS * (aS.TransposeThisAndMultiply(aS)).Solve(sigma) * scaled.Inverse;
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
