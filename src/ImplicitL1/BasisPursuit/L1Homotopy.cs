using System.Numerics.Tensors;
using ImplicitL1.Kernels;
using ImplicitL1.LinearAlgebra;

namespace ImplicitL1.BasisPursuit;

/// <summary>Options of <see cref="L1Homotopy"/>.</summary>
internal sealed record HomotopyOptions
{
    /// <summary>A column enters only if its distance to span(M_E) exceeds √tol·‖m_j‖ (else: rank trouble). Default 1e-10.</summary>
    public double PivotTolerance { get; init; } = 1e-10;

    /// <summary>
    /// Breakpoints within this relative distance happen together (tied columns join, or leave, at once; a join tied
    /// with a leave stops the homotopy). Default 1e-9.
    /// </summary>
    public double TieTolerance { get; init; } = 1e-9;

    /// <summary>Breakpoints at λ ≤ tol·λ₀ are rounding on the last segment: the path ends. Default 1e-11.</summary>
    public double EndTolerance { get; init; } = 1e-11;

    /// <summary>d = G⁻¹s and h = G⁻¹M_Eᵀb are refined while their defects exceed this (relative). Default 1e-12.</summary>
    public double RefineTolerance { get; init; } = 1e-12;

    /// <summary>‖b − M_E h‖ ≤ tol·‖b‖ means b ∈ span M_E: no column can enter any more. Default 1e-12.</summary>
    public double SpanTolerance { get; init; } = 1e-12;

    /// <summary>The end's dual θ must satisfy |M_jᵀθ| ≤ 1 + tol on every column of the block. Default 1e-9.</summary>
    public double DualTolerance { get; init; } = 1e-9;

    /// <summary>The end point must satisfy ‖M x − b‖ ≤ tol·‖b‖. Default 1e-9.</summary>
    public double ResidualTolerance { get; init; } = 1e-9;

    /// <summary>dim span of the columns when known (at most rows); 0 means rows. |E| = dim ends the entering.</summary>
    public int Dimension { get; init; }

    /// <summary>Breakpoints before giving up; 0 means 4·min(K, n) + 100.</summary>
    public int MaxSteps { get; init; }

    /// <summary>Stage name of the progress lines ("bp", "varrho").</summary>
    public string Stage { get; init; } = "homotopy";

    /// <summary>Receives a line every 100 breakpoints (null: silent).</summary>
    public IProgress<SolverProgress>? Progress { get; init; }

    /// <summary>
    /// Columns outside the block whose correlation with the residual r exceeds λ (given λ and r), checked at the first
    /// breakpoint, every <see cref="CheckEvery"/> breakpoints and at the end (with λ = 1 and r = θ); any such column
    /// stops the path, which is then the block's but not the whole matrix's. Null: the block is the whole problem.
    /// </summary>
    public Func<double, double[], IReadOnlyList<int>>? Outside { get; init; }

    /// <summary>Breakpoints between two <see cref="Outside"/> checks. Default 16.</summary>
    public int CheckEvery { get; init; } = 16;

    /// <summary>Checkpoints copy the factor here, so a restart from them need not refactor (null: no copy).</summary>
    public ActiveSetCholesky? Snapshot { get; init; }

    /// <summary>Resume from this state (a checkpoint of an earlier run, in this block's column indices); null: λ₀.</summary>
    public HomotopyStart? Start { get; init; }
}

/// <summary>
/// A point of the path: active columns (block indices), their signs, λ, the columns that joined at λ (which must not
/// leave at once) and those that left at λ with their signs (which must not rejoin at once on the same side).
/// </summary>
internal sealed record HomotopyStart(int[] Active, int[] Signs, double Lambda, int[] Joined, int[] Dropped, int[] DroppedSigns)
{
    /// <summary>A copy of the Cholesky factor of <see cref="Active"/> (null: refactor on restart).</summary>
    public ActiveSetCholesky? Factor { get; init; }
}

/// <summary>
/// The homotopy's end point: x (length n) with active set E, the dual θ = M_E(M_EᵀM_E)⁻¹ sign(x_E) (M_Eᵀθ = σ_E,
/// the limit of r/λ), or the reason it stopped short (<see cref="Reached"/> false).
/// </summary>
internal sealed record HomotopyResult(bool Reached, string Why, double[] X, int[] Active, double[] Theta, int Steps)
{
    /// <summary>Columns outside the block that violate (from <see cref="HomotopyOptions.Outside"/>); empty otherwise.</summary>
    public IReadOnlyList<int> Violators { get; init; } = [];

    /// <summary>The last state that passed the outside check (null when none did): restart there with more columns.</summary>
    public HomotopyStart? Checkpoint { get; init; }
}

/// <summary>
/// Basis pursuit min ‖x‖₁ s.t. Mx = b by the ℓ¹ homotopy (LARS with the lasso modification; Osborne, Presnell and
/// Turlach 2000; Efron et al. 2004): x(λ) = argmin ½‖Mx − b‖² + λ‖x‖₁ is piecewise linear in λ, from x = 0 at
/// λ₀ = ‖Mᵀb‖∞ to a BP solution at λ = 0. On a segment with active set E and signs s, x_E(λ) = G⁻¹(M_Eᵀb − λs),
/// G = M_EᵀM_E (Cholesky, updated per breakpoint); a breakpoint is a column reaching |M_jᵀr| = λ (enters) or an
/// active x_k reaching 0 (leaves). Each step costs one pass (Mᵀr, Mᵀu) over the column-major M plus O(|E|²).
/// </summary>
internal static partial class L1Homotopy
{
    /// <summary>
    /// Runs the homotopy on column-major M (rows×cols, M may be longer); never throws for a numerical outcome.
    /// <paramref name="factor"/>, when given, is cleared and reused as the active set's Cholesky factor.
    /// </summary>
    public static HomotopyResult Solve(double[] m, int rows, int cols, double[] b, HomotopyOptions options,
        ActiveSetCholesky? factor = null)
    {
        var c0 = new double[cols];
        var c = new double[cols];
        var v = new double[cols];
        PairedDots.Compute(m, rows, cols, b, b, c0, v);
        double lambda0 = cols == 0 ? 0.0 : TensorPrimitives.MaxMagnitude(c0);
        lambda0 = Math.Abs(lambda0);
        if (!(lambda0 > 0))
        {
            bool zero = TensorPrimitives.Norm(b) == 0;
            return new HomotopyResult(zero, zero ? string.Empty : "b is orthogonal to every column", new double[cols], [], new double[rows], 0);
        }

        double bNorm = TensorPrimitives.Norm(b);
        int dimension = options.Dimension > 0 ? options.Dimension : rows;
        int maxSteps = options.MaxSteps > 0 ? options.MaxSteps : (4 * Math.Min(rows, cols)) + 100;
        var chol = factor is not null && factor.Capacity >= Math.Min(rows, cols) ? factor : new ActiveSetCholesky(Math.Min(rows, cols));
        chol.Clear();
        var active = new List<int>();
        var signs = new List<double>();
        var inActive = new bool[cols];
        var g = new double[chol.Capacity];
        var r = new double[rows];
        var u = new double[rows];
        var d = new double[chol.Capacity];
        var h = new double[chol.Capacity];
        var dd = new double[chol.Capacity];
        var dh = new double[chol.Capacity];

        double lambda = lambda0;
        // Columns that joined (may not leave) or left (may not rejoin on the side they left, ±λ) at the current λ.
        var joined = new List<int>();
        var dropped = new List<int>();
        var isJoined = new bool[cols];
        var droppedSign = new int[cols];
        var events = new List<(double Mu, int Join, int Sign, int Exit)>();
        if (options.Start is { } start)
        {
            // The checkpoint's factor, when kept, is the factor of its active set: copy it instead of refactoring.
            bool kept = start.Factor is { } saved && saved.Count == start.Active.Length && saved.Capacity == chol.Capacity;
            if (kept)
            {
                chol.CopyFrom(start.Factor!);
            }

            for (int k = 0; k < start.Active.Length; k++)
            {
                if (kept)
                {
                    inActive[start.Active[k]] = true;
                    active.Add(start.Active[k]);
                    signs.Add(start.Signs[k]);
                }
                else if (!Enter(start.Active[k], start.Signs[k]))
                {
                    return Stopped($"the restart's column {start.Active[k]} is numerically in the span of the others", cols, rows, 0);
                }
            }

            lambda = start.Lambda;
            Mark(joined, isJoined, start.Joined);
            for (int k = 0; k < start.Dropped.Length; k++)
            {
                dropped.Add(start.Dropped[k]);
                droppedSign[start.Dropped[k]] = start.DroppedSigns[k];
            }
        }
        else
        {
            // The first columns: the largest |M_jᵀb| (several when they tie, as in ±1 designs).
            var first = Enumerable.Range(0, cols).Where(j => Math.Abs(c0[j]) >= lambda0 * (1 - options.TieTolerance)).ToArray();
            foreach (int j in first)
            {
                if (!Enter(j, Math.Sign(c0[j])))
                {
                    return Stopped($"{first.Length} columns tie at λ₀ and are linearly dependent", cols, rows, 0);
                }
            }

            Mark(joined, isJoined, first);
        }

        HomotopyStart? checkpoint = null;
        var now = new double[rows];
        for (int step = 1; step <= maxSteps; step++)
        {
            int e = active.Count;
            // d = G⁻¹s (the path's slope), h = G⁻¹M_Eᵀb (the λ = 0 end of this segment).
            for (int k = 0; k < e; k++)
            {
                d[k] = signs[k];
                h[k] = c0[active[k]];
            }

            chol.Solve(d.AsSpan(0, e), h.AsSpan(0, e));
            // On this segment x_E(μ) = h − μd and r(μ) = b − M_E x_E(μ) = r₀ + μu (r₀ = b − M_E h, u = M_E d), so
            // M_jᵀr(μ) = e_j + μv_j with (e, v) = (Mᵀr₀, Mᵀu): one pass. The next breakpoint is the largest μ < λ where
            // e_j + μv_j = ±μ (j ∉ E enters) or h_k = μd_k (k ∈ E leaves). Breakpoints below EndTolerance·λ₀ are the
            // rounding of the last segment (there b ∈ span M_E, r₀ = 0 and every candidate is ≈ 0): the path has ended.
            Array.Clear(u);
            Array.Clear(r);
            ActiveColumns.AddCombinations(m, rows, active, d, u, h, r);
            TensorPrimitives.Subtract(b, r, r);
            PairedDots.Compute(m, rows, cols, r, u, c, v);
            for (int pass = 0; pass < MaxRefinements && Refine(m, rows, chol, active, signs, d, h, c, v, u, r, dd, dh, options.RefineTolerance); pass++)
            {
                PairedDots.Compute(m, rows, cols, r, u, c, v);
            }

            if (options.Outside is not null && (step == 1 || step % options.CheckEvery == 0))
            {
                // r(λ) = r₀ + λu at the start of this segment.
                TensorPrimitives.MultiplyAdd(u, lambda, r, now);
                var outside = options.Outside(lambda, now);
                if (outside.Count > 0)
                {
                    return Stopped($"{outside.Count} columns outside the block violate at step {step}", cols, rows, step) with
                    {
                        Violators = outside,
                        Checkpoint = checkpoint,
                    };
                }

                options.Snapshot?.CopyFrom(chol);
                int[] leftSigns = [.. dropped.Select(j => droppedSign[j])];
                checkpoint = new HomotopyStart([.. active], [.. signs.Select(x => (int)x)], lambda, [.. joined], [.. dropped], leftSigns)
                {
                    Factor = options.Snapshot,
                };
            }

            double floor = options.EndTolerance * lambda0;
            // b ∈ span M_E (r₀ = 0): every entering candidate e_j/(±1 − v_j) is rounding, only leaving can still happen.
            // So does |E| = dim span(M) (then b ∈ span M_E whatever the rounding of r₀ on an ill-conditioned M_E).
            bool spans = e >= dimension || TensorPrimitives.Norm(r) <= options.SpanTolerance * bNorm;
            // The breakpoint is the largest μ; every candidate within TieTolerance of it happens there too.
            double best = floor;
            events.Clear();
            void Consider(double mu, int join, int sign, int exit)
            {
                // μ > λ: the crossing is already past (rounding at a near-tie of the last breakpoint), so it happens now.
                mu = Math.Min(mu, lambda);
                if (mu > floor && mu >= best * (1 - options.TieTolerance))
                {
                    best = Math.Max(best, mu);
                    events.Add((mu, join, sign, exit));
                }
            }

            for (int j = 0; j < cols && !spans; j++)
            {
                if (inActive[j])
                {
                    continue;
                }

                // A column that just left at M_jᵀr = ±λ sits on that side by construction; it may still cross to the other.
                // |M_jᵀr(λ)| > λ already (rounding let an earlier crossing pass): j joins now.
                double atLambda = c[j] + (lambda * v[j]);
                if (Math.Abs(atLambda) > lambda && Math.Sign(atLambda) != droppedSign[j])
                {
                    Consider(lambda, j, Math.Sign(atLambda), -1);
                    continue;
                }

                if (v[j] < 1 && droppedSign[j] != 1)
                {
                    Consider(c[j] / (1 - v[j]), j, 1, -1);
                }

                if (v[j] > -1 && droppedSign[j] != -1)
                {
                    Consider(-c[j] / (1 + v[j]), j, -1, -1);
                }
            }

            // Only an x_k moving toward 0 (s_k·d_k < 0) can leave. The column that just joined sits at x = 0 at μ = λ by
            // construction; rounding must not let it leave at once.
            for (int k = 0; k < e; k++)
            {
                if (signs[k] * d[k] < 0 && !isJoined[active[k]])
                {
                    Consider(h[k] / d[k], -1, 0, k);
                }
            }

            if (options.Progress is not null && step % 100 == 0)
            {
                options.Progress.Report(new SolverProgress(options.Stage, step, null,
                    $"{options.Stage} homotopy step {step}: {e} active columns, λ/λ₀ = {lambda / lambda0:E3}"));
            }

            if (events.Count == 0)
            {
                // Outside columns must not violate the end's certificate θ, or (when b ∉ span M_E, the least-squares end
                // of W) must not correlate with the residual r₀ at all.
                var end = End(m, rows, cols, b, chol, active, signs, step, options);
                var outside = options.Outside is null ? [] : end.Reached ? options.Outside(1.0, end.Theta) : options.Outside(0.0, r);
                return outside.Count == 0
                    ? end
                    : Stopped($"{outside.Count} columns outside the block violate the end's certificate", cols, rows, step) with
                    {
                        Violators = outside,
                        Checkpoint = checkpoint,
                    };
            }

            events.RemoveAll(x => x.Mu < best * (1 - options.TieTolerance));

            bool entering = events.TrueForAll(x => x.Join >= 0), leaving = events.TrueForAll(x => x.Exit >= 0);
            if (!entering && !leaving)
            {
                return Stopped($"degenerate tie: columns join and leave at the same breakpoint, step {step} (λ/λ₀ = {best / lambda0:E3})", cols, rows, step);
            }

            lambda = best;
            Mark(joined, isJoined, []);
            foreach (int j in dropped)
            {
                droppedSign[j] = 0;
            }

            dropped.Clear();
            if (entering)
            {
                foreach (var (_, join, sign, _) in events.DistinctBy(x => x.Join))
                {
                    if (!Enter(join, sign))
                    {
                        return Stopped($"column {join} is numerically in the span of the {active.Count} active columns at step {step}", cols, rows, step);
                    }

                    isJoined[join] = true;
                    joined.Add(join);
                }
            }
            else
            {
                foreach (int k in events.Select(x => x.Exit).Distinct().OrderDescending())
                {
                    droppedSign[active[k]] = (int)signs[k];
                    dropped.Add(active[k]);
                    inActive[active[k]] = false;
                    active.RemoveAt(k);
                    signs.RemoveAt(k);
                    chol.Remove(k);
                }
            }
        }

        return Stopped($"no end after {maxSteps} breakpoints", cols, rows, maxSteps);

        // list and flags ← exactly the given columns.
        static void Mark(List<int> list, bool[] flags, IReadOnlyList<int> columns)
        {
            foreach (int j in list)
            {
                flags[j] = false;
            }

            list.Clear();
            foreach (int j in columns)
            {
                flags[j] = true;
                list.Add(j);
            }
        }

        bool Enter(int j, int sign)
        {
            var column = m.AsSpan(j * rows, rows);
            int e = active.Count;
            ActiveColumns.Dots(m, rows, active, column, g);
            if (!chol.TryAppend(g.AsSpan(0, e), TensorPrimitives.Dot(column, column), options.PivotTolerance))
            {
                return false;
            }

            active.Add(j);
            signs.Add(sign);
            inActive[j] = true;
            return true;
        }
    }

    // λ = 0: x_E = G⁻¹M_Eᵀb and d = G⁻¹σ_E, each with one step of refinement (z ← z + G⁻¹(rhs − M_EᵀM_E z)); θ = M_E d.
    private static HomotopyResult End(double[] m, int rows, int cols, double[] b,
        ActiveSetCholesky chol, List<int> active, List<double> signs, int steps, HomotopyOptions options)
    {
        int e = active.Count;
        var rhsX = new double[e];
        for (int k = 0; k < e; k++)
        {
            rhsX[k] = TensorPrimitives.Dot(m.AsSpan(active[k] * rows, rows), b);
        }

        var xE = Refined(m, rows, chol, active, rhsX);
        var d = Refined(m, rows, chol, active, [.. signs]);
        var fit = new double[rows];
        Combine(m, rows, active, xE, fit);
        TensorPrimitives.Subtract(b, fit, fit);
        double residual = TensorPrimitives.Norm(fit), scale = TensorPrimitives.Norm(b);
        var x = new double[cols];
        var theta = new double[rows];
        Combine(m, rows, active, d, theta);
        double xMax = xE.Length == 0 ? 0.0 : Math.Abs(TensorPrimitives.MaxMagnitude(xE));
        int wrong = Enumerable.Range(0, e).Count(k => xE[k] * signs[k] < -options.ResidualTolerance * xMax);
        // θ must be a certificate on the whole block: |M_jᵀθ| ≤ 1 (a missed breakpoint shows here).
        var mt = new double[cols];
        PairedDots.Compute(m, rows, cols, theta, theta, mt, x);
        double dual = Math.Abs(TensorPrimitives.MaxMagnitude(mt));
        Array.Clear(x);
        for (int k = 0; k < e; k++)
        {
            x[active[k]] = xE[k];
        }

        string why = residual > options.ResidualTolerance * scale
            ? $"the path ended with ‖Mx − b‖ = {residual / scale:E2}·‖b‖ (b outside the span of the active columns)"
            : wrong > 0 ? $"the path ended with {wrong} active entries of the wrong sign"
            : !(dual <= 1 + options.DualTolerance) ? $"the end's certificate has max |M_jᵀθ| = {dual:R} > 1 (a breakpoint was missed)"
            : string.Empty;
        bool reached = why.Length == 0;
        return new HomotopyResult(reached, why, x, [.. active], theta, steps);
    }

    /// <summary>Refinement passes per breakpoint at most: 2.</summary>
    private const int MaxRefinements = 2;

    // Semi-normal equations with refinement (Björck): the pass gave v_E = M_EᵀM_E d and e_E = M_Eᵀr₀, whose defects
    // s − v_E and e_E (should be 0) correct d ← d + G⁻¹(s − v_E), h ← h + G⁻¹e_E, with u and r₀ following. Returns
    // false when both defects are already below tol (relative to ‖s‖∞ = 1 and to ‖M_Eᵀb‖∞).
    private static bool Refine(double[] m, int rows, ActiveSetCholesky chol, List<int> active, List<double> signs,
        double[] d, double[] h, double[] c, double[] v, double[] u, double[] r, double[] dd, double[] dh, double tolerance)
    {
        int e = active.Count;
        double defectD = 0, defectH = 0, scaleH = 0;
        for (int k = 0; k < e; k++)
        {
            dd[k] = signs[k] - v[active[k]];
            dh[k] = c[active[k]];
            defectD = Math.Max(defectD, Math.Abs(dd[k]));
            defectH = Math.Max(defectH, Math.Abs(dh[k]));
            scaleH = Math.Max(scaleH, Math.Abs(h[k]));
        }

        if (defectD <= tolerance && defectH <= tolerance * Math.Max(scaleH, double.Epsilon))
        {
            return false;
        }

        chol.Solve(dd.AsSpan(0, e), dh.AsSpan(0, e));
        TensorPrimitives.Add(d.AsSpan(0, e), dd.AsSpan(0, e), d.AsSpan(0, e));
        TensorPrimitives.Add(h.AsSpan(0, e), dh.AsSpan(0, e), h.AsSpan(0, e));
        TensorPrimitives.Negate(dh.AsSpan(0, e), dh.AsSpan(0, e));
        ActiveColumns.AddCombinations(m, rows, active, dd, u, dh, r);
        return true;
    }

    private static double[] Refined(double[] m, int rows, ActiveSetCholesky chol, List<int> active, double[] rhs)
    {
        var z = (double[])rhs.Clone();
        chol.Solve(z);
        var mz = new double[rows];
        Combine(m, rows, active, z, mz);
        var defect = new double[rhs.Length];
        for (int k = 0; k < rhs.Length; k++)
        {
            defect[k] = rhs[k] - TensorPrimitives.Dot(m.AsSpan(active[k] * rows, rows), mz);
        }

        chol.Solve(defect);
        TensorPrimitives.Add(z, defect, z);
        return z;
    }

    // destination = Σ_k w_k M_{E_k}.
    private static void Combine(double[] m, int rows, List<int> active, ReadOnlySpan<double> w, Span<double> destination)
    {
        destination.Clear();
        for (int k = 0; k < w.Length; k++)
        {
            TensorPrimitives.MultiplyAdd(m.AsSpan(active[k] * rows, rows), w[k], destination, destination);
        }
    }

    private static HomotopyResult Stopped(string why, int cols, int rows, int steps) =>
        new(false, why, new double[cols], [], new double[rows], steps);
}
