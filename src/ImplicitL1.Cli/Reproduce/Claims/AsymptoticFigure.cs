using System.Globalization;
using ImplicitL1.Cli.Plots;
using ImplicitL1.Experiments.Claims;

namespace ImplicitL1.Cli.Reproduce.Claims;

/// <summary>Figures of the D = 2 asymptotic windows, drawn in log10 form (α there is far below the double range).</summary>
internal static class AsymptoticFigure
{
    /// <summary>One instance's window: its legend label, ϱ, log10 α and log10 ‖x∞(α) − x_ℓ¹‖₂, and optionally the path down to it.</summary>
    public sealed record Instance(string Label, double Varrho, double[] Log10Alphas, double[] Log10Errors, double[]? PathLog10Alphas = null, double[]? PathLog10Errors = null);

    /// <summary>
    /// Measured log10 error vs log10 α per instance (window as markers, the path to it as a thin line), and the line of
    /// slope 1 − ϱ through the window's points, drawn from the path's start (constant fitted, slope predicted).
    /// </summary>
    public static Figure ErrorVsAlpha(string title, IEnumerable<Instance> instances)
    {
        var figure = new Figure(title, "log10 α", "log10 ‖x∞(α) − x_ℓ¹‖₂", logX: false, logY: false);
        bool first = true; // path and slope lines are named once in the legend
        foreach (var i in instances.Where(i => i.Log10Alphas.Length > 0))
        {
            var color = figure.NextColor();
            figure.AddSeries(string.Create(CultureInfo.InvariantCulture, $"{i.Label}: ϱ = {i.Varrho:0.#####}"), i.Log10Alphas, i.Log10Errors, lines: false, color: color);
            if (i.PathLog10Alphas is { Length: > 0 } pathAlphas && i.PathLog10Errors is { } pathErrors)
            {
                figure.AddSeries(first ? "path from α = 0.1 (line)" : string.Empty, [.. pathAlphas, .. i.Log10Alphas], [.. pathErrors, .. i.Log10Errors], markers: false, color: color);
            }

            // log10 C = mean(log10 e − (1 − ϱ)·log10 α) over the finite points.
            var finite = i.Log10Alphas.Select((a, k) => (a, e: i.Log10Errors[k])).Where(p => double.IsFinite(p.e)).ToArray();
            if (finite.Length > 0)
            {
                double c = finite.Average(p => p.e - ((1 - i.Varrho) * p.a));
                double from = i.PathLog10Alphas is { Length: > 0 } p ? p[0] : i.Log10Alphas[0];
                figure.AddSeries(first ? "slope 1 − ϱ through the window [paper]" : string.Empty, [from, i.Log10Alphas[^1]],
                    [c + ((1 - i.Varrho) * from), c + ((1 - i.Varrho) * i.Log10Alphas[^1])], markers: false, color: color);
            }

            first = false;
        }

        return figure;
    }

    /// <summary>Fitted exponent against 1 − ϱ on log axes (1 − ϱ spans 1e-3 … 1 with noise), with y = x.</summary>
    public static Figure ExponentVsGap(string title, IReadOnlyList<(string Group, double Varrho, double Exponent)> points)
    {
        var figure = new Figure(title, "1 − ϱ [reconstructed ϱ]", "fitted exponent on the asymptotic window", logX: true, logY: true);
        var gaps = points.Select(p => 1 - p.Varrho).Where(g => g > 0).ToArray();
        if (gaps.Length > 0)
        {
            figure.AddSeries("y = x (prediction)", [gaps.Min() / 2, Math.Min(1.0, gaps.Max() * 2)], [gaps.Min() / 2, Math.Min(1.0, gaps.Max() * 2)], markers: false);
        }

        // Noise levels often share ϱ and exponent (the same support): earlier groups get larger markers, so
        // coinciding points show as concentric rings instead of hiding each other.
        var groups = points.GroupBy(p => p.Group).ToArray();
        for (int k = 0; k < groups.Length; k++)
        {
            figure.AddSeries(groups[k].Key, [.. groups[k].Select(p => 1 - p.Varrho)], [.. groups[k].Select(p => p.Exponent)], lines: false,
                markerSize: 6 + (4 * (groups.Length - 1 - k)));
        }

        return figure;
    }

    /// <summary>"η = 0.4, seed 1: ϱ = 0.97506, α = 10^-338 … 10^-458" lines of the windows, joined by "; ".</summary>
    public static string Windows(IEnumerable<(double Noise, long Seed, double Varrho, double[] Log10Alphas)> rows) =>
        string.Join("; ", rows.Where(r => r.Log10Alphas.Length > 0).Select(r => string.Create(CultureInfo.InvariantCulture,
            $"η = {r.Noise:0.##}, seed {r.Seed}: ϱ = {r.Varrho:0.######}, α = 10^{r.Log10Alphas[0]:F0} … 10^{r.Log10Alphas[^1]:F0}")));
}
