using ImplicitL1.Cli.Reproduce.Claims;

namespace ImplicitL1.Cli.Reproduce;

/// <summary>Every claim experiment, in report order (docs/theory.md §7 order, then the extra ones).</summary>
public static class ClaimRegistry
{
    /// <summary>All experiments.</summary>
    public static IReadOnlyList<IClaimExperiment> All { get; } =
    [
        new GfLimitReport(), new RateD2Report(), new RateDeepReport(), new TightnessReport(), new NoiseReport(),
        new DepthReport(), new NspReport(), new GdVsGfReport(), new PhaseTransitionReport(),
    ];

    /// <summary>Claim names.</summary>
    public static IReadOnlyList<string> Names => [.. All.Select(c => c.Name)];

    /// <summary>The experiment named <paramref name="name"/>, or null.</summary>
    public static IClaimExperiment? Find(string name) => All.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal));
}
