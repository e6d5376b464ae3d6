using ImplicitL1.Cli.Plots;
using ImplicitL1.Experiments.Claims;

namespace ImplicitL1.Cli.Reproduce.Claims;

/// <summary>nsp: runs <see cref="NspClaim"/> and writes its CSV and figure.</summary>
public sealed class NspReport : IClaimExperiment
{
    public string Name => NspClaim.Info.Name;

    public string Title => NspClaim.Info.Title;

    public ClaimSummary Run(ClaimOutput output)
    {
        var grid = NspClaim.Grid(output.Quick);
        var rows = ClaimOutput.Map(grid, NspClaim.Evaluate);
        var table = new DataTable("varrho_vs_rho_s", "m", "n", "s", "seed", "varrho", "rho_s", "varrho_minus_rho_s", "exact", "support_size", "bp_success", "nsp_success");
        foreach (var r in rows)
        {
            table.Add(r.Point.M, r.Point.N, r.Point.S, r.Point.Seed, r.Varrho, r.RhoS, r.Varrho - r.RhoS, r.Exact, r.SupportSize,
                r.BpStatus.IsSuccess(), r.NspStatus?.IsSuccess() ?? false);
        }

        output.Write(table);
        var ok = rows.Where(r => double.IsFinite(r.RhoS)).ToArray();
        var figure = new Figure("ϱ vs exact ρ_s", "ρ_s (stable NSP constant, order |S|)", "ϱ [reconstructed]", logX: false, logY: false);
        double top = ok.Length == 0 ? 1 : Math.Max(1, ok.Max(r => r.RhoS));
        figure.AddSeries("ϱ = ρ_s", [0.0, top], [0.0, top], markers: false);
        figure.AddSeries("instances", [.. ok.Select(r => r.RhoS)], [.. ok.Select(r => r.Varrho)], lines: false);
        output.Save(figure, "varrho_vs_rho_s");
        return output.Summary(NspClaim.Info, NspClaim.Analyze(rows), table, [.. grid.Select(p => p.Seed).Distinct()],
            new("instances", string.Join("; ", grid.Select(p => $"{p.M}×{p.N} s={p.S}").Distinct())),
            new("rho_s", "exact enumeration of supports and signs (C(N,s)·2^{s−1} LPs)"));
    }
}
