using System.Diagnostics;
using System.Numerics.Tensors;
using ImplicitL1.Kernels;
using ImplicitL1.LinearAlgebra;
using ImplicitL1.Problems;

namespace ImplicitL1.BasisPursuit;

/// <summary>How <see cref="BasisPursuitSolver"/> finds the LP vertex before polish and certificate.</summary>
public enum BasisPursuitMethod
{
    /// <summary>
    /// The ℓ¹ homotopy (<see cref="L1Homotopy"/>) on a working set of columns, certified over all N columns by ϱ;
    /// work grows with the active set. Falls back to <see cref="WorkingSet"/> (saying so in the message) when it cannot
    /// certify: non-unique BP, rank-deficient A, y outside range(A), a degenerate tie, too many steps.
    /// </summary>
    Homotopy,

    /// <summary>
    /// Column generation on min Σ(p + q) s.t. A(p − q) = y: the LP holds a working set of columns, its duals λ price
    /// all N columns (|A_jᵀλ| &gt; 1 enters), until none is violated. Falls back to <see cref="FullLp"/> when the
    /// answer cannot be certified. Work grows with the working set (≈ 2m columns), not with N.
    /// </summary>
    WorkingSet,

    /// <summary>One GLOP LP over all 2N variables (the reference and benchmark baseline).</summary>
    FullLp,
}

/// <summary>Options of <see cref="BasisPursuitSolver"/>.</summary>
public sealed record BasisPursuitOptions
{
    /// <summary>|xᵢ| ≤ tol·max|x| counts as zero when reading the LP vertex's support. Default 1e-9.</summary>
    public double SupportTolerance { get; init; } = 1e-9;

    /// <summary>Required ‖Ax − y‖₂ / (‖y‖₂ + max|A_ij|·‖x‖₁) after the least-squares polish. Default 1e-12.</summary>
    public double ResidualTolerance { get; init; } = 1e-12;

    /// <summary>
    /// The certificate must satisfy ‖A_Sᶜᵀλ‖_∞ ≤ 1 + tol and max_S |A_Sᵀλ − σ| ≤ tol, and the gap
    /// |‖x‖₁ − yᵀλ| ≤ tol·‖x‖₁. Default 1e-9.
    /// </summary>
    public double CertificateTolerance { get; init; } = 1e-9;

    /// <summary>
    /// Also report ϱ's null-space form as a check: the dense null-space LP for the LP methods (doubles the LP work), the
    /// homotopy's primal ⟨σ, v_S⟩ (certified against the dual to 1e-9) for <see cref="VarrhoMethod.Homotopy"/>. Default false.
    /// </summary>
    public bool ComputeNullSpaceForm { get; init; }

    /// <summary>BP method. Default <see cref="BasisPursuitMethod.Homotopy"/>.</summary>
    public BasisPursuitMethod Method { get; init; } = BasisPursuitMethod.Homotopy;

    /// <summary>Certificate (ϱ) method. Default <see cref="VarrhoMethod.Homotopy"/>.</summary>
    public VarrhoMethod VarrhoMethod { get; init; } = VarrhoMethod.Homotopy;

    /// <summary>Initial working-set size; 0 means min(N, 2m). Must be ≥ 0.</summary>
    public int InitialWorkingSet { get; init; }

    /// <summary>Column-generation rounds before falling back to the full LP. Default 100.</summary>
    public int MaxRounds { get; init; } = 100;

    /// <summary>Receives one line per LP round of BP and of ϱ (null: silent).</summary>
    public IProgress<SolverProgress>? Progress { get; init; }
}

/// <summary>
/// Basis pursuit, exactly (docs/theory.md §6): a vertex of min ‖z‖₁ s.t. Âz = ŷ with Â = A/max|A_ij|, ŷ = y/max|yᵢ|
/// (by the ℓ¹ homotopy, the default, or by GLOP simplex: column generation or one full LP) → its support →
/// least-squares re-solve on A_S → verification by the ϱ certificate (A_Sᵀλ = σ, ‖A_{Sᶜ}ᵀλ‖_∞ = ϱ ≤ 1, ‖x‖₁ = yᵀλ)
/// over all N columns.
/// Rank-deficient A with consistent y: dependent rows are dropped (the solution set is unchanged) and reported.
/// </summary>
public static partial class BasisPursuitSolver
{
    /// <summary>Solves BP; never throws for a numerical outcome.</summary>
    public static BasisPursuitResult Solve(RegressionProblem problem, BasisPursuitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        options ??= new BasisPursuitOptions();
        if (options.InitialWorkingSet < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"InitialWorkingSet is {options.InitialWorkingSet}; it must be ≥ 0 (0 = automatic).");
        }

        var clock = Stopwatch.StartNew();
        if (options.Method == BasisPursuitMethod.Homotopy)
        {
            return SolveByHomotopy(problem, options, clock);
        }

        bool notOver = !problem.IsOverparameterized;
        RowReduction? rows = null;
        List<int>? initial = null;
        long passes = 0;
        if (options.Method == BasisPursuitMethod.WorkingSet)
        {
            initial = InitialColumns(problem, options);
            passes++;
            if (!HasFullRowRank(problem, initial))
            {
                rows = RowReduction.Analyze(problem);
            }
        }
        else
        {
            rows = RowReduction.Analyze(problem);
        }

        int[] droppedRows = rows is null ? [] : [.. rows.DroppedRows];
        if (rows is not null && !rows.IsConsistent)
        {
            return Failed(SolverStatus.Infeasible,
                $"y is not in the range of A: rank(A) = {rows.Rank} < m = {problem.Rows} and the best fit leaves relative residual {rows.Inconsistency:E2}",
                droppedRows, notOver, new SolverStats { MatrixEvaluations = passes, WallTime = clock.Elapsed });
        }

        var reduced = rows?.Reduced ?? problem;
        if (rows is not null && options.Method == BasisPursuitMethod.WorkingSet && rows.DroppedRows.Count > 0)
        {
            initial = InitialColumns(reduced, options);
        }

        if (options.Method == BasisPursuitMethod.FullLp)
        {
            return Finish(problem, reduced, FullLp(reduced), droppedRows, notOver, options, clock, passes);
        }

        // Column generation stops once the restricted objective settles; the ϱ certificate over all N columns then
        // either proves optimality or names the columns (|A_jᵀλ| > 1) that must enter. A few such rounds, then full LP.
        var working = initial!;
        BasisPursuitResult result = null!;
        var spent = SolverStats.Empty;
        long spentLp = 0;
        for (int outer = 0; outer < 4; outer++)
        {
            var vertex = WorkingSetLp(reduced, working, options);
            result = Finish(problem, reduced, vertex, droppedRows, notOver, options, clock, passes);
            spent = spent.Merge(result.Stats with { WallTime = TimeSpan.Zero });
            spentLp += result.LpIterations;
            if (result.Status is SolverStatus.Success or SolverStatus.NotUnique or SolverStatus.Infeasible)
            {
                return result with { Stats = spent with { WallTime = clock.Elapsed }, LpIterations = spentLp };
            }

            var enter = EnteringColumns(reduced, vertex.Columns, result.Varrho);
            if (enter.Count == 0)
            {
                break;
            }

            options.Progress?.Report(new SolverProgress("bp", 0, null, $"BP certificate exceeds 1 on {enter.Count} columns outside the working set; they enter"));
            working = [.. vertex.Columns.Concat(enter).Order()];
        }

        options.Progress?.Report(new SolverProgress("bp", 0, null, "working set could not certify; solving the full LP"));
        var full = Finish(problem, reduced, FullLp(reduced), droppedRows, notOver, options, clock, passes);
        return full with
        {
            Message = $"{full.Message}; full LP used because the working set could not certify ({result.Message})",
            Stats = full.Stats.Merge(spent) with { WallTime = clock.Elapsed },
            LpIterations = full.LpIterations + spentLp,
        };
    }

    // Columns outside W with |A_jᵀλ| > 1 for the ϱ certificate λ (all of them: they are the ones BP still needs).
    private static List<int> EnteringColumns(RegressionProblem problem, List<int> columns, VarrhoResult? varrho)
    {
        if (varrho is null || varrho.Certificate.Length != problem.Rows || !(varrho.Value > 1.0))
        {
            return [];
        }

        var atl = new double[problem.Cols];
        problem.MultiplyTransposed(varrho.Certificate, atl);
        var inSet = new bool[problem.Cols];
        foreach (int j in columns)
        {
            inSet[j] = true;
        }

        TensorPrimitives.Abs(atl, atl);
        return ScaledColumns.TopK(atl, Math.Max(32, problem.Rows), j => !inSet[j], 1.0 + 1e-9);
    }

    /// <summary>The unpolished LP vertex x = p − q of the full LP (the benchmark baseline).</summary>
    public static double[] SolveLpOnly(RegressionProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return FullLp(problem).X;
    }

    private sealed record Vertex(double[] X, double[] Lambda, LpSolution Lp, long Iterations, long Programs, long Passes, string Method)
    {
        public List<int> Columns { get; init; } = [];

        /// <summary>Homotopy breakpoints (0 for an LP vertex, whose simplex iterations are <see cref="Iterations"/>).</summary>
        public long Steps { get; init; }

        public string Backend => Steps > 0 ? $"{Method}" : $"{Method}; GLOP: {Lp.RawStatus}";
    }

    private static BasisPursuitResult Finish(RegressionProblem problem, RegressionProblem reduced, Vertex vertex,
        int[] droppedRows, bool notOver, BasisPursuitOptions options, Stopwatch clock, long passes)
    {
        var lpStats = new SolverStats
        {
            Iterations = vertex.Steps,
            LinearPrograms = vertex.Programs,
            LpIterations = vertex.Iterations,
            MatrixEvaluations = passes + vertex.Passes,
        };
        if (!vertex.Lp.Optimal)
        {
            var status = vertex.Lp.Infeasible ? SolverStatus.Infeasible : SolverStatus.NumericalTrouble;
            return Failed(status, $"the BP linear program failed ({vertex.Method}; GLOP: {vertex.Lp.RawStatus})", droppedRows, notOver,
                lpStats with { WallTime = clock.Elapsed }) with
            { LpIterations = vertex.Iterations };
        }

        int n = problem.Cols;
        var lpX = vertex.X;
        double scale = Math.Abs(TensorPrimitives.MaxMagnitude(lpX));
        var support = Enumerable.Range(0, n).Where(i => Math.Abs(lpX[i]) > options.SupportTolerance * scale).ToArray();
        var signs = support.Select(i => Math.Sign(lpX[i])).ToArray();
        var scaled = new ScaledColumns(reduced);
        var x = Polish(scaled, support, signs, lpX, out string polishNote);
        double residual = problem.ResidualNorm(x);
        var varrho = Varrho.Compute(reduced, support, signs,
            new VarrhoOptions { Method = options.VarrhoMethod, IncludeNullSpaceForm = options.ComputeNullSpaceForm, Progress = options.Progress },
            vertex.Lambda);
        string dropped = droppedRows.Length > 0
            ? $"; dropped dependent rows [{string.Join(", ", droppedRows)}] (rank {reduced.Rows})"
            : string.Empty;
        string over = notOver ? $"; warning: m = {problem.Rows} ≥ N = {n}, not overparameterized" : string.Empty;
        var stats = lpStats.Merge(varrho.Stats with { WallTime = TimeSpan.Zero }).Merge(new SolverStats { MatrixEvaluations = 2 });
        var result = new BasisPursuitResult
        {
            Status = varrho.Status,
            Message = varrho.Message + polishNote + dropped + over,
            X = x,
            Support = support,
            Signs = signs,
            Residual = residual,
            Varrho = varrho,
            DroppedRows = droppedRows,
            LpIterations = vertex.Iterations,
            NotOverparameterized = notOver,
            Stats = stats with { WallTime = clock.Elapsed },
            Method = vertex.Method,
        };
        string backend = $"({vertex.Backend})";
        string? failed = Verify(problem, result, options);
        return failed is null
            ? result
            : result with { Status = SolverStatus.NumericalTrouble, Message = $"{failed} {backend}" };
    }

    // The checks before success, all relative: residual to ‖y‖ + max|A|‖x‖₁; A_Sᵀλ = σ and ‖A_Sᶜᵀλ‖_∞ ≤ 1 are
    // dimensionless; the gap ‖x‖₁ − yᵀλ is relative to ‖x‖₁. Returns the failed check or null.
    internal static string? Verify(RegressionProblem problem, BasisPursuitResult result, BasisPursuitOptions options)
    {
        var varrho = result.Varrho!;
        if (varrho.Status is not (SolverStatus.Success or SolverStatus.NotUnique))
        {
            return "certificate check failed: " + varrho.Message;
        }

        double l1 = result.L1Norm;
        double aMax = Math.Abs(TensorPrimitives.MaxMagnitude(problem.A));
        double residualScale = TensorPrimitives.Norm(problem.Y) + (aMax * l1);
        if (!(result.Residual <= options.ResidualTolerance * residualScale))
        {
            return $"residual check failed: ‖Ax − y‖ = {result.Residual:E2} exceeds {options.ResidualTolerance:E0}·(‖y‖ + max|A_ij|·‖x‖₁) = {options.ResidualTolerance * residualScale:E2} after polish";
        }

        if (!(varrho.Value <= 1.0 + options.CertificateTolerance))
        {
            return $"certificate check failed: min ‖A_Sᶜᵀλ‖_∞ = {varrho.Value:R} > 1, so x is not optimal";
        }

        var lambda = varrho.Certificate;
        var atl = new double[problem.Cols];
        // The certificate is for the reduced rows; dropped rows carry λ = 0 on the caller's data.
        var full = ExpandCertificate(problem, result.DroppedRows, lambda);
        problem.MultiplyTransposed(full, atl);
        double signDefect = 0;
        for (int k = 0; k < result.Support.Length; k++)
        {
            signDefect = Math.Max(signDefect, Math.Abs(atl[result.Support[k]] - result.Signs[k]));
        }

        if (!(signDefect <= options.CertificateTolerance))
        {
            return $"certificate check failed: max_S |A_Sᵀλ − σ| = {signDefect:E2} exceeds {options.CertificateTolerance:E0}";
        }

        double gap = Math.Abs(l1 - TensorPrimitives.Dot(problem.Y, full));
        if (!(gap <= options.CertificateTolerance * l1) && !(l1 == 0 && gap == 0))
        {
            return $"duality gap check failed: |‖x‖₁ − yᵀλ| = {gap:E2} exceeds {options.CertificateTolerance:E0}·‖x‖₁ = {options.CertificateTolerance * l1:E2}";
        }

        return null;
    }

    private static double[] ExpandCertificate(RegressionProblem problem, int[] droppedRows, double[] lambda)
    {
        if (droppedRows.Length == 0)
        {
            return lambda;
        }

        var full = new double[problem.Rows];
        int k = 0;
        for (int i = 0; i < problem.Rows; i++)
        {
            if (Array.BinarySearch(droppedRows, i) < 0)
            {
                full[i] = lambda[k++];
            }
        }

        return full;
    }

    // The initial working set: the min(N, 2m) columns of largest |Â_jᵀŷ| / ‖Â_j‖ (or InitialWorkingSet of them).
    private static List<int> InitialColumns(RegressionProblem problem, BasisPursuitOptions options)
    {
        int m = problem.Rows, n = problem.Cols;
        int k = Math.Min(n, options.InitialWorkingSet > 0 ? options.InitialWorkingSet : 2 * m);
        return ScaledColumns.TopK(Correlations(problem), k, _ => true);
    }

    // |Â_jᵀŷ| / ‖Â_j‖ (−1 for zero columns): one pass for Aᵀy, one for the column norms.
    private static double[] Correlations(RegressionProblem problem)
    {
        int m = problem.Rows, n = problem.Cols;
        var scaled = new ScaledColumns(problem);
        double yMax = Math.Abs(TensorPrimitives.MaxMagnitude(problem.Y));
        var yHat = new double[m];
        TensorPrimitives.Multiply(problem.Y, yMax > 0 ? 1.0 / yMax : 1.0, yHat);
        var corr = new double[n];
        scaled.MultiplyTransposed(yHat, corr, new double[m]);
        var norms = new double[n];
        for (int i = 0; i < m; i++)
        {
            var row = problem.Row(i);
            TensorPrimitives.MultiplyAdd(row, row, norms, norms);
        }

        for (int j = 0; j < n; j++)
        {
            corr[j] = norms[j] > 0 ? Math.Abs(corr[j]) / Math.Sqrt(norms[j]) : -1.0;
        }

        return corr;
    }

    // rank(A) = m is certified when the Gram Â_W Â_Wᵀ of the working columns has Cholesky pivots L_kk² ≥ 1e-6·G_kk
    // (row k is at relative distance ≥ 1e-3 from the span of the rows before it); otherwise RowReduction decides.
    private static bool HasFullRowRank(RegressionProblem problem, List<int> columns)
    {
        int m = problem.Rows, k = columns.Count;
        if (k < m)
        {
            return false;
        }

        var scaled = new ScaledColumns(problem);
        var b = new double[m * k];
        for (int i = 0; i < m; i++)
        {
            var row = problem.Row(i);
            for (int c = 0; c < k; c++)
            {
                b[(i * k) + c] = row[columns[c]] * scaled.Inverse;
            }
        }

        var ones = new double[k];
        Array.Fill(ones, 1.0);
        var g = new double[m * m];
        WeightedGram.Compute(b, m, k, ones, new double[WeightedGram.BlockRows * k], g);
        var diag = new double[m];
        for (int i = 0; i < m; i++)
        {
            diag[i] = g[(i * m) + i];
        }

        if (!Cholesky.TryFactor(g, m))
        {
            return false;
        }

        for (int i = 0; i < m; i++)
        {
            double l = g[(i * m) + i];
            if (!(l * l >= 1e-6 * diag[i]))
            {
                return false;
            }
        }

        return true;
    }

    // Column generation: restricted LP on W, duals λ̂ price every column by |Â_jᵀλ̂|, violated ones enter.
    private static Vertex WorkingSetLp(RegressionProblem problem, List<int> initial, BasisPursuitOptions options)
    {
        int m = problem.Rows, n = problem.Cols;
        var scaled = new ScaledColumns(problem);
        double yMax = Math.Abs(TensorPrimitives.MaxMagnitude(problem.Y));
        double yInverse = yMax > 0 ? 1.0 / yMax : 1.0;
        using var lp = new GlopLinearProgram();
        var columns = new List<int>();
        var inSet = new bool[n];
        for (int i = 0; i < m; i++)
        {
            lp.AddRow(problem.Y[i] * yInverse, problem.Y[i] * yInverse, [], []);
        }

        var column = new double[m];
        var negated = new double[m];
        void Add(IEnumerable<int> add)
        {
            foreach (int j in add)
            {
                scaled.Column(j, column);
                TensorPrimitives.Negate(column, negated);
                lp.AddColumn(0.0, double.PositiveInfinity, 1.0, column);
                lp.AddColumn(0.0, double.PositiveInfinity, 1.0, negated);
                columns.Add(j);
                inSet[j] = true;
            }
        }

        Add(initial);
        int batch = Math.Max(32, m / 2);
        var g = new double[n];
        var score = new double[n];
        var scratch = new double[m];
        long iterations = 0, passes = 0;
        double previous = double.PositiveInfinity;
        for (int round = 1; ; round++)
        {
            var solution = lp.Solve(maximize: false, "use_dual_simplex: true");
            iterations += solution.Iterations;
            if (solution.Infeasible && columns.Count < n)
            {
                // Too few columns to reach y (possible only when rank(A_W) < m): the next best-correlated ones enter.
                var more = ScaledColumns.TopK(Correlations(problem), Math.Max(columns.Count, m), j => !inSet[j]);
                options.Progress?.Report(new SolverProgress("bp", round, null, $"BP working set round {round}: {columns.Count} columns cannot reach y, {more.Count} added"));
                Add(more);
                continue;
            }

            if (!solution.Optimal)
            {
                // A GLOP failure (or y unreachable with every column).
                return new Vertex([], [], solution, iterations, round, passes, $"working set of {columns.Count} columns") { Columns = columns };
            }

            var lambdaHat = solution.Duals.AsSpan(0, m).ToArray();
            scaled.MultiplyTransposed(lambdaHat, g, scratch);
            passes++;
            TensorPrimitives.Abs(g, score);
            var violated = ScaledColumns.TopK(score, batch, j => !inSet[j], 1.0 + 1e-9);
            // Settled: the objective did not drop; the remaining violations come from a non-unique dual vertex.
            bool settled = solution.Objective >= previous * (1 - 1e-12);
            previous = solution.Objective;
            options.Progress?.Report(new SolverProgress("bp", round, null, $"BP working set round {round}: {columns.Count} of {n} columns, objective {solution.Objective:R}, {(settled ? 0 : violated.Count)} added"));
            if (violated.Count == 0 || settled || round >= options.MaxRounds)
            {
                var x = new double[n];
                double unscale = yMax > 0 ? yMax * scaled.Inverse : 0.0;
                for (int k = 0; k < columns.Count; k++)
                {
                    x[columns[k]] = (solution.Values[2 * k] - solution.Values[(2 * k) + 1]) * unscale;
                }

                string method = violated.Count == 0 || settled
                    ? $"working set ({columns.Count} of {n} columns, {round} rounds)"
                    : $"working set stopped after {round} rounds with {violated.Count}+ violated columns";
                var lp2 = violated.Count == 0 || settled ? solution : solution with { Optimal = false, RawStatus = "WORKING_SET_NOT_SETTLED" };
                TensorPrimitives.Multiply(lambdaHat, scaled.Inverse, lambdaHat);
                return new Vertex(x, lambdaHat, lp2, iterations, round, passes, method) { Columns = columns };
            }

            Add(violated);
        }
    }

    private static Vertex FullLp(RegressionProblem problem)
    {
        int m = problem.Rows, n = problem.Cols;
        var scaled = new ScaledColumns(problem);
        double yMax = Math.Abs(TensorPrimitives.MaxMagnitude(problem.Y));
        double yInverse = yMax > 0 ? 1.0 / yMax : 1.0;
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
            TensorPrimitives.Multiply(row, scaled.Inverse, coefficients.AsSpan(0, n));
            TensorPrimitives.Negate(coefficients.AsSpan(0, n), coefficients.AsSpan(n));
            lp.AddRow(problem.Y[j] * yInverse, problem.Y[j] * yInverse, vars, coefficients);
        }

        var solution = lp.Solve(maximize: false, "use_dual_simplex: true");
        var x = new double[n];
        var lambda = Array.Empty<double>();
        if (solution.Optimal)
        {
            double unscale = yMax > 0 ? yMax * scaled.Inverse : 0.0;
            for (int i = 0; i < n; i++)
            {
                x[i] = (solution.Values[i] - solution.Values[n + i]) * unscale;
            }

            lambda = solution.Duals.Select(v => v * scaled.Inverse).ToArray();
        }

        return new Vertex(x, lambda, solution, solution.Iterations, 1, 0, "full LP");
    }

    // x_S = argmin ‖Â_S z − y‖ (Householder QR on Â = A/a, then x_S = z/a); kept only when A_S is injective and the signs survive.
    private static double[] Polish(ScaledColumns scaled, int[] support, int[] signs, double[] lpX, out string note)
    {
        var x = (double[])lpX.Clone();
        var aS = scaled.Select(support);
        if (support.Length == 0 || !DenseColumns.HasFullColumnRank(aS))
        {
            note = support.Length == 0 ? string.Empty : "; A_S not injective, LP vertex kept unpolished";
            return x;
        }

        var xS = DenseColumns.LeastSquares(aS, scaled.Problem.Y);
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
            x[support[k]] = xS[k] * scaled.Inverse;
        }

        note = string.Empty;
        return x;
    }

    private static BasisPursuitResult Failed(SolverStatus status, string message, int[] droppedRows, bool notOver, SolverStats stats) =>
        new()
        {
            Status = status,
            Message = message,
            X = [],
            Support = [],
            Signs = [],
            Residual = double.NaN,
            Varrho = null,
            DroppedRows = droppedRows,
            LpIterations = stats.LpIterations,
            NotOverparameterized = notOver,
            Stats = stats,
            Method = string.Empty,
        };
}
