using ImplicitL1.BasisPursuit;
using ImplicitL1.LinearAlgebra;
using ImplicitL1.Problems;
using MathNet.Numerics.LinearAlgebra;

namespace ImplicitL1.Experiments;

/// <summary>
/// The set of BP minimizers F = { z : Az = y, ‖z‖₁ = min } (docs/theory.md §6). For any dual optimal λ (‖Aᵀλ‖_∞ ≤ 1,
/// attaining the minimum) F = { z : Az = y, zᵢ = 0 where |(Aᵀλ)ᵢ| &lt; 1, (Aᵀλ)ᵢzᵢ ≥ 0 } (complementary slackness).
/// </summary>
public sealed record BasisPursuitFace
{
    /// <summary>Success (face described), Infeasible, or NumericalTrouble (an LP failed).</summary>
    public required SolverStatus Status { get; init; }

    /// <summary>One line on the outcome.</summary>
    public required string Message { get; init; }

    /// <summary>Work: LinearPrograms/LpIterations of the BP it was built from, WallTime of the description.</summary>
    public required SolverStats Stats { get; init; }

    /// <summary>min ‖z‖₁.</summary>
    public required double L1Norm { get; init; }

    /// <summary>E = { i : |(Aᵀλ)ᵢ| = 1 } for the BP certificate λ, with signs <see cref="EqualitySigns"/>.</summary>
    public required int[] EqualitySet { get; init; }

    /// <summary>sign((Aᵀλ)ᵢ) on <see cref="EqualitySet"/>: every minimizer has that sign or zero there.</summary>
    public required int[] EqualitySigns { get; init; }

    /// <summary>E′ ⊆ E: coordinates non-zero for some minimizer (found by one LP each).</summary>
    public required int[] ActiveSet { get; init; }

    /// <summary>dim F = |E′| − rank(A_{E′}) (0 when BP is unique).</summary>
    public required int Dimension { get; init; }

    /// <summary>An orthonormal basis of the directions of F's affine hull, ker A_{E′} embedded in ℝ^N (Dimension vectors).</summary>
    public required double[][] DirectionBasis { get; init; }

    /// <summary>The vertices of F (basic solutions on E′ with the right signs); null when there were too many candidates.</summary>
    public required double[][]? Vertices { get; init; }
}

/// <summary>Options of <see cref="BasisPursuitFaces.Solve"/>.</summary>
public sealed record FaceOptions
{
    /// <summary>BP for the same problem (shared with other stages); computed when null. Default null.</summary>
    public BasisPursuitResult? BasisPursuit { get; init; }

    /// <summary>Vertices are enumerated when C(|E′|, rank) ≤ this. Default 10000. Must be ≥ 1.</summary>
    public int MaxVertexCandidates { get; init; } = 10_000;
}

/// <summary>Describes <see cref="BasisPursuitFace"/> from a BP result [reconstructed].</summary>
public static class BasisPursuitFaces
{
    /// <summary>|(Aᵀλ)ᵢ| ≥ 1 − this puts i in E. 1e-7 (the certificate LP meets its constraints to ~1e-9).</summary>
    public const double EqualityTolerance = 1e-7;

    /// <summary>Describes the face; vertices are enumerated when C(|E′|, rank) ≤ <see cref="FaceOptions.MaxVertexCandidates"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">options.MaxVertexCandidates &lt; 1.</exception>
    public static BasisPursuitFace Solve(RegressionProblem problem, FaceOptions? options = null)
    {
        Checks.NotNull(problem);
        options ??= new FaceOptions();
        Checks.AtLeastOne(options.MaxVertexCandidates, "options.MaxVertexCandidates");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int maxVertexCandidates = options.MaxVertexCandidates;
        // Exact power-of-two normalization (A/a, y/b, z = (b/a)z′), so that the LP tolerances are relative at any scale.
        double a = Limit.DualNewton.PowerOfTwo(problem.A), b = Limit.DualNewton.PowerOfTwo(problem.Y);
        if (a != 1.0 || b != 1.0)
        {
            double f = b / a;
            var given = options.BasisPursuit;
            var inner = Solve(problem.Scaled(a, b), options with
            {
                BasisPursuit = given is null ? null : given with
                {
                    X = [.. given.X.Select(v => v / f)],
                    Residual = given.Residual / b,
                    Varrho = given.Varrho is { } vr ? vr with { Certificate = [.. vr.Certificate.Select(l => l * a)] } : null,
                },
            });
            return inner with { L1Norm = inner.L1Norm * f, Vertices = inner.Vertices?.Select(v => v.Select(e => e * f).ToArray()).ToArray() };
        }

        var bp = options.BasisPursuit ?? BasisPursuitSolver.Solve(problem);
        var stats = new SolverStats { LinearPrograms = 2, LpIterations = bp.LpIterations };
        if (!bp.Status.IsSuccess() || bp.Varrho is null || bp.Varrho.Certificate.Length == 0)
        {
            return new BasisPursuitFace
            {
                Stats = stats with { WallTime = clock.Elapsed },
                Status = bp.Status,
                Message = $"no face: basis pursuit is {bp.Status.ToSnakeCase()} ({bp.Message})",
                L1Norm = double.NaN,
                EqualitySet = [],
                EqualitySigns = [],
                ActiveSet = [],
                Dimension = -1,
                DirectionBasis = [],
                Vertices = null,
            };
        }

        var reduced = RowReduction.Analyze(problem).Reduced;
        int n = problem.Cols, m = reduced.Rows;
        var values = new double[n];
        reduced.MultiplyTransposed(bp.Varrho.Certificate, values);
        var e = Enumerable.Range(0, n).Where(i => Math.Abs(values[i]) >= 1.0 - EqualityTolerance).ToArray();
        var tau = e.Select(i => Math.Sign(values[i])).ToArray();

        // E′: i ∈ E is active iff max τᵢzᵢ over F is positive.
        double scale = Math.Max(1.0, bp.L1Norm);
        var active = new List<int>();
        bool failed = false;
        for (int k = 0; k < e.Length; k++)
        {
            var solution = SolveMaxCoordinate(reduced, e, tau, k);
            if (!solution.Optimal)
            {
                failed = true;
                continue;
            }

            if (solution.Objective > 1e-9 * scale)
            {
                active.Add(e[k]);
            }
        }

        var aE = DenseColumns.Select(reduced, active);
        int rank = active.Count == 0 ? 0 : aE.Rank();
        int dim = active.Count - rank;
        var basis = new List<double[]>();
        if (dim > 0)
        {
            var svd = aE.Svd(computeVectors: true);
            var vt = svd.VT;
            for (int r = rank; r < active.Count; r++)
            {
                var dir = new double[n];
                for (int l = 0; l < active.Count; l++)
                {
                    dir[active[l]] = vt[r, l];
                }

                basis.Add(dir);
            }
        }

        var signOf = new Dictionary<int, int>();
        for (int k = 0; k < e.Length; k++)
        {
            signOf[e[k]] = tau[k];
        }

        double[][]? vertices = Vertices(reduced, active, signOf, rank, n, maxVertexCandidates);
        return new BasisPursuitFace
        {
            Stats = stats with { WallTime = clock.Elapsed },
            Status = failed ? SolverStatus.NumericalTrouble : SolverStatus.Success,
            Message = failed ? "an activity LP failed; the active set may be incomplete"
                : dim == 0 ? "BP has a single minimizer" : $"BP minimizers form a face of dimension {dim} on {active.Count} coordinates",
            L1Norm = bp.L1Norm,
            EqualitySet = e,
            EqualitySigns = tau,
            ActiveSet = [.. active],
            Dimension = dim,
            DirectionBasis = [.. basis],
            Vertices = vertices,
        };
    }

    private static LpSolution SolveMaxCoordinate(RegressionProblem reduced, int[] e, int[] tau, int k)
    {
        using var lp = new GlopLinearProgram();
        var vars = e.Select((_, l) => lp.AddVariable(0.0, double.PositiveInfinity, l == k ? 1.0 : 0.0)).ToArray();
        var coefficients = new double[e.Length];
        for (int j = 0; j < reduced.Rows; j++)
        {
            for (int l = 0; l < e.Length; l++)
            {
                coefficients[l] = tau[l] * reduced[j, e[l]];
            }

            lp.AddRow(reduced.Y[j], reduced.Y[j], vars, coefficients);
        }

        return lp.Solve(maximize: true);
    }

    private static double[][]? Vertices(RegressionProblem reduced, List<int> active, Dictionary<int, int> signOf, int rank, int n, int maxCandidates)
    {
        if (active.Count == 0)
        {
            return [new double[n]];
        }

        if (rank == 0 || Nsp.NullSpaceConstant.ExactLpCount(active.Count, rank) / Math.Pow(2, rank - 1) > maxCandidates)
        {
            return null;
        }

        var result = new List<double[]>();
        double yScale = Math.Max(1.0, reduced.Y.ToArray().Max(Math.Abs));
        foreach (var subset in Nsp.NullSpaceConstant.Combinations(active.Count, rank))
        {
            var cols = subset.Select(l => active[l]).ToArray();
            var aB = DenseColumns.Select(reduced, cols);
            if (!DenseColumns.HasFullColumnRank(aB))
            {
                continue;
            }

            var zB = DenseColumns.LeastSquares(aB, reduced.Y);
            var z = new double[n];
            for (int l = 0; l < cols.Length; l++)
            {
                z[cols[l]] = zB[l];
            }

            if (reduced.ResidualNorm(z) > 1e-10 * yScale)
            {
                continue;
            }

            // A basic solution is a vertex of F iff it has the face's signs (then it is a minimizer).
            double zScale = Math.Max(1.0, z.Max(Math.Abs));
            bool seen = result.Any(v => v.Zip(z, (a, b) => Math.Abs(a - b)).Max() <= 1e-10 * zScale);
            if (!seen && cols.All(i => signOf[i] * z[i] >= -1e-10 * zScale))
            {
                result.Add(z);
            }
        }

        return [.. result];
    }
}
