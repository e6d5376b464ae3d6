using ImplicitL1.BasisPursuit;
using ImplicitL1.Cli.Plots;
using ImplicitL1.Nsp;

namespace ImplicitL1.Cli.Reproduce.Claims;

/// <summary>Claim 7 [reconstructed inequality; "closely linked" is paper]: ϱ ≤ ρ_s with ρ_s exact.</summary>
public sealed class NspClaim : IClaimExperiment
{
    /// <summary>Slack allowed for LP round-off in ϱ − ρ_s.</summary>
    public const double Slack = 1e-9;

    /// <summary>Instances whose |S| needs more LPs than this for exact ρ_|S| are skipped (counted, not compared).</summary>
    public const long MaxLps = 20_000;

    /// <summary>One grid point.</summary>
    public sealed record Point(int M, int N, int S, long Seed);

    public string Name => "nsp";

    public string Title => "ϱ ≤ ρ_s (exact null space constant) on small instances";

    /// <summary>(a) The grid.</summary>
    public static IReadOnlyList<Point> Grid(bool quick)
    {
        (int M, int N, int S)[] shapes = quick ? [(6, 12, 1), (6, 12, 2)] : [(6, 12, 1), (6, 12, 2), (8, 14, 2), (8, 16, 3)];
        return [.. from sh in shapes from seed in Stats.Seeds(quick ? 2 : 5) select new Point(sh.M, sh.N, sh.S, seed)];
    }

    /// <summary>(b) Row: m, n, s, seed, varrho, rho_s, exact, support size, ok.</summary>
    public static double[] Evaluate(Point p)
    {
        var problem = Stats.Gaussian(p.M, p.N, p.S, p.Seed).Problem;
        var bp = BasisPursuitSolver.Solve(problem);
        if (!bp.IsUnique || bp.Varrho is null || bp.Support.Length == 0 || NullSpaceConstant.ExactLpCount(p.N, bp.Support.Length) > MaxLps)
        {
            return [p.M, p.N, p.S, p.Seed, bp.Varrho?.Value ?? double.NaN, double.NaN, 0, bp.Support.Length, 0];
        }

        var nsp = NullSpaceConstant.Solve(problem, new NspOptions { Order = bp.Support.Length, Mode = NspMode.Exact, MaxDegreeOfParallelism = 1 });
        bool ok = nsp.Exact && nsp.Status.IsSuccess() && nsp.RhoS is not null;
        return [p.M, p.N, p.S, p.Seed, bp.Varrho.Value, nsp.RhoS ?? double.NaN, Stats.Flag(nsp.Exact), bp.Support.Length, Stats.Flag(ok)];
    }

    public ClaimSummary Run(ClaimOutput output)
    {
        var grid = Grid(output.Quick);
        var rows = PointLoop.Evaluate(grid, Evaluate);
        var table = new DataTable("varrho_vs_rho_s", "m", "n", "s", "seed", "varrho", "rho_s", "varrho_minus_rho_s", "exact", "support_size", "ok");
        foreach (var r in rows)
        {
            table.Add((int)r[0], (int)r[1], (int)r[2], (long)r[3], r[4], r[5], r[4] - r[5], r[6] == 1, (int)r[7], r[8] == 1);
        }

        output.Write(table);
        var ok = rows.Where(r => r[8] == 1 && double.IsFinite(r[5])).ToArray();
        var figure = new Figure("ϱ vs exact ρ_s", "ρ_s (stable NSP constant, order |S|)", "ϱ [reconstructed]", logX: false, logY: false);
        double top = ok.Length == 0 ? 1 : Math.Max(1, ok.Max(r => r[5]));
        figure.AddSeries("ϱ = ρ_s", [0.0, top], [0.0, top], markers: false);
        figure.AddSeries("instances", [.. ok.Select(r => r[5])], [.. ok.Select(r => r[4])], lines: false);
        output.Save(figure, "varrho_vs_rho_s");
        double worst = ok.Length == 0 ? double.NaN : ok.Max(r => r[4] - r[5]);
        return new ClaimSummary
        {
            Claim = Name,
            TheoryNumber = 7,
            Title = Title,
            Statement = "[paper] ϱ is closely linked to the null space property; [reconstructed] ϱ ≤ ρ_s for every s-sparse x_ℓ¹, since ⟨σ, v_S⟩ ≤ ‖v_S‖₁.",
            Label = ClaimLabel.Reconstructed,
            MeasuredName = "max (ϱ − ρ_s) over instances with exact ρ_s (s = |S|)",
            Measured = worst,
            Expected = $"≤ {Slack:0e0} (LP round-off) on every instance",
            Holds = ok.Length > 0 && worst <= Slack,
            Details =
            [
                new("instances", rows.Length),
                new("exact_instances", ok.Length),
                new("varrho", ok.Select(r => r[4]).ToArray()),
                new("rho_s", ok.Select(r => r[5]).ToArray()),
                new("instances_without_nsp", ok.Count(r => r[5] >= 1)),
            ],
            Parameters = [new("instances", string.Join("; ", grid.Select(p => $"{p.M}×{p.N} s={p.S}").Distinct())), new("rho_s", "exact enumeration of supports and signs (C(N,s)·2^{s−1} LPs)")],
            Seeds = [.. grid.Select(p => p.Seed).Distinct()],
            Table = table,
            Figures = output.Figures,
            DataFiles = output.DataFiles,
        };
    }
}
