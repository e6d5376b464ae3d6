using ImplicitL1.BasisPursuit;
using ImplicitL1.Nsp;

namespace ImplicitL1.Experiments.Claims;

/// <summary>Claim 7 [reconstructed inequality; "closely linked" is paper]: ϱ ≤ ρ_s with ρ_s exact.</summary>
public static class NspClaim
{
    /// <summary>Slack allowed for LP round-off in ϱ − ρ_s.</summary>
    public const double Slack = 1e-9;

    /// <summary>An instance whose |S| needs more LPs than this for exact ρ_|S| is a failed row.</summary>
    public const long MaxLps = 20_000;

    /// <summary>Name, number, title and statement.</summary>
    public static ClaimInfo Info { get; } = new("nsp", 7, "ϱ ≤ ρ_s (exact null space constant) on instances with the NSP (ρ_s < 1)",
        "[paper] ϱ is closely linked to the null space property; [reconstructed] ϱ ≤ ρ_s for every s-sparse x_ℓ¹, since ⟨σ, v_S⟩ ≤ ‖v_S‖₁.");

    /// <summary>One grid point.</summary>
    public sealed record Point(int M, int N, int S, long Seed);

    /// <summary>One instance: BP status and uniqueness, ϱ, |S|, the NSP status, exact ρ_|S| (NaN when not computed).</summary>
    public sealed record Row(Point Point, SolverStatus BpStatus, bool Unique, double Varrho, int SupportSize, SolverStatus? NspStatus, double RhoS, bool Exact);

    /// <summary>
    /// The grid: small N with m close to N, where ρ_s &lt; 1 (the NSP holds) so ϱ ≤ ρ_s is not trivially true
    /// (ϱ &lt; 1 always for a unique BP solution).
    /// </summary>
    public static IReadOnlyList<Point> Grid(bool quick)
    {
        (int M, int N, int S)[] shapes = quick ? [(8, 10, 1), (10, 12, 2)] : [(8, 10, 1), (9, 12, 1), (10, 12, 2), (11, 13, 2)];
        return [.. from sh in shapes from seed in ClaimStats.Seeds(quick ? 2 : 5) select new Point(sh.M, sh.N, sh.S, seed)];
    }

    /// <summary>Basis pursuit, then exact ρ_|S| by enumeration.</summary>
    public static Row Evaluate(Point p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var problem = ClaimStats.Gaussian(p.M, p.N, p.S, p.Seed).Problem;
        var bp = BasisPursuitSolver.Solve(problem);
        double varrho = bp.Varrho?.Value ?? double.NaN;
        if (!bp.IsUnique || bp.Varrho is null || bp.Support.Length == 0 || NullSpaceConstant.ExactLpCount(p.N, bp.Support.Length) > MaxLps)
        {
            return new Row(p, bp.Status, bp.IsUnique, varrho, bp.Support.Length, null, double.NaN, false);
        }

        var nsp = NullSpaceConstant.Solve(problem, new NspOptions { Order = bp.Support.Length, MaxDegreeOfParallelism = 1 });
        return new Row(p, bp.Status, true, varrho, bp.Support.Length, nsp.Status, nsp.RhoS ?? double.NaN, nsp.Exact);
    }

    /// <summary>
    /// Holds when every instance has a unique x_ℓ¹ and an exact ρ_s, max(ϱ − ρ_s) ≤ <see cref="Slack"/>, and at least
    /// one instance has ρ_s &lt; 1 (there the inequality says something).
    /// </summary>
    public static ClaimVerdict Analyze(IReadOnlyList<Row> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        int failed = rows.Count(r => !r.Unique || r.NspStatus is not { } s || !s.IsSuccess() || !r.Exact || !double.IsFinite(r.RhoS) || !double.IsFinite(r.Varrho));
        double worst = ClaimStats.Max(rows.Select(r => r.Varrho - r.RhoS));
        int withNsp = rows.Count(r => r.RhoS < 1);
        return new ClaimVerdict
        {
            Label = ClaimLabel.Reconstructed,
            MeasuredName = "max (ϱ − ρ_s) over instances (s = |S|, ρ_s exact)",
            Measured = worst,
            Expected = $"≤ {Slack:0e0} (LP round-off) on every instance, with ρ_s < 1 on at least one",
            Holds = rows.Count > 0 && failed == 0 && worst <= Slack && withNsp > 0,
            FailedRows = failed,
            Details =
            [
                .. ClaimRows.Counts(rows.Count, failed),
                new("instances_with_nsp", withNsp),
                new("varrho", rows.Select(r => r.Varrho).ToArray()),
                new("rho_s", rows.Select(r => r.RhoS).ToArray()),
            ],
        };
    }
}
