using ImplicitL1.Sweeps;

namespace ImplicitL1.Experiments.Claims;

/// <summary>Grouping of sweep rows (one per point) into one claim row per instance, with the α grid in order.</summary>
internal static class SweepClaimRows
{
    /// <summary>Seeds 1…count as a spec range.</summary>
    public static object SeedRange(int count) => new Dictionary<string, long> { ["from"] = 1, ["to"] = count };

    /// <summary>The rows of one instance in the order of <paramref name="alphas"/>.</summary>
    /// <exception cref="InvalidOperationException">A point of the α grid is missing.</exception>
    public static SweepRow[] ByAlpha(IEnumerable<(SweepPoint Point, SweepRow Row)> group, IReadOnlyList<double> alphas) =>
        [.. alphas.Select(a => group.Single(r => ClaimStats.Same(r.Point.Alpha, a)).Row)];

    /// <summary>The error to x_ℓ¹ of a row, NaN when the point failed or the error is undefined.</summary>
    public static double ErrorToL1(SweepRow row) => ClaimRows.Succeeded(row.Status) ? row.ErrorToL1 ?? double.NaN : double.NaN;

    /// <summary>The error to x* of a row, NaN when the point failed.</summary>
    public static double ErrorToXStar(SweepRow row) => ClaimRows.Succeeded(row.Status) ? row.ErrorToXStar ?? double.NaN : double.NaN;
}
