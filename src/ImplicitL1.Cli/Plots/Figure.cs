using ScottPlot;
using ScottPlot.TickGenerators;

namespace ImplicitL1.Cli.Plots;

/// <summary>
/// A line/scatter figure with optional log₁₀ axes (decade ticks labelled 10ⁿ, log minor ticks), legend, and text in
/// DejaVu Sans (which has ℓ, α, ϱ; ScottPlot's default font lacks ℓ). Saves PNG and SVG side by side.
/// </summary>
public sealed class Figure
{
    /// <summary>Font used for every label.</summary>
    public const string FontName = "DejaVu Sans";

    private readonly Plot _plot = new();
    private readonly bool _logX, _logY;
    private int _colors;
    private bool _legend, _prepared;

    /// <summary>Creates an empty figure.</summary>
    public Figure(string title, string xLabel, string yLabel, bool logX = true, bool logY = true)
    {
        _logX = logX;
        _logY = logY;
        _plot.Font.Set(FontName);
        _plot.Title(title);
        _plot.XLabel(xLabel);
        _plot.YLabel(yLabel);
        if (logX)
        {
            _plot.Axes.Bottom.TickGenerator = DecadeTicks();
        }

        if (logY)
        {
            _plot.Axes.Left.TickGenerator = DecadeTicks();
        }
    }

    /// <summary>Number of series added.</summary>
    public int SeriesCount { get; private set; }

    /// <summary>The next colour of the palette; pass it to several <see cref="AddSeries"/> calls to draw them in one colour.</summary>
    public Color NextColor() => _plot.Add.Palette.GetColor(_colors++);

    /// <summary>
    /// Adds a series in one colour (markers and line alike; <paramref name="color"/> or the palette's next);
    /// points that a log axis cannot show (≤ 0, non-finite) are skipped.
    /// </summary>
    public void AddSeries(string label, IReadOnlyList<double> x, IReadOnlyList<double> y, bool lines = true, bool markers = true, Color? color = null, float markerSize = 6)
    {
        var seriesColor = color ?? NextColor();
        var xs = new List<double>();
        var ys = new List<double>();
        for (int i = 0; i < Math.Min(x.Count, y.Count); i++)
        {
            if (Usable(x[i], _logX) && Usable(y[i], _logY))
            {
                xs.Add(_logX ? Math.Log10(x[i]) : x[i]);
                ys.Add(_logY ? Math.Log10(y[i]) : y[i]);
            }
        }

        if (xs.Count == 0)
        {
            return;
        }

        var scatter = _plot.Add.Scatter(xs.ToArray(), ys.ToArray());
        scatter.LegendText = label;
        scatter.LineWidth = lines ? 2 : 0;
        scatter.MarkerSize = markers ? markerSize : 0;
        scatter.Color = seriesColor;
        SeriesCount++;
        ShowLegend();
    }

    /// <summary>Shades x ∈ [from, to] (e.g. the "realistic α" range) with a legend entry.</summary>
    public void AddShadedRange(double from, double to, string label)
    {
        var span = _plot.Add.HorizontalSpan(_logX ? Math.Log10(from) : from, _logX ? Math.Log10(to) : to);
        span.LegendText = label;
        span.FillStyle.Color = Colors.Orange.WithAlpha(0.15);
        ShowLegend();
    }

    /// <summary>SVG document of the figure.</summary>
    public string ToSvg(int width = Width, int height = Height)
    {
        PrepareTicks();
        return _plot.GetSvgXml(width, height);
    }

    /// <summary>PNG bytes of the figure.</summary>
    public byte[] ToPng(int width = Width, int height = Height)
    {
        PrepareTicks();
        return _plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    /// <summary>Default size in pixels (the legend sits to the right of the data, outside it).</summary>
    public const int Width = 1000, Height = 560;

    /// <summary>Writes <c>path.png</c> and <c>path.svg</c>; returns both paths.</summary>
    public (string Png, string Svg) Save(string pathWithoutExtension, int width = Width, int height = Height)
    {
        string png = pathWithoutExtension + ".png", svg = pathWithoutExtension + ".svg";
        File.WriteAllBytes(png, ToPng(width, height));
        File.WriteAllText(svg, ToSvg(width, height));
        return (png, svg);
    }

    /// <summary>10 with a superscript exponent: 10⁻⁶.</summary>
    public static string PowerOfTen(double exponent)
    {
        const string superscripts = "⁰¹²³⁴⁵⁶⁷⁸⁹";
        var digits = ((int)Math.Round(exponent)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return "10" + string.Concat(digits.Select(c => c == '-' ? '⁻' : superscripts[c - '0']));
    }

    /// <summary>The legend outside the data area, to the right, so it never hides data.</summary>
    private void ShowLegend() => _legend = true;

    /// <summary>
    /// A log axis spanning less than two decade ticks gets 1-2-5 ticks labelled m·10ⁿ instead (decade ticks alone
    /// would leave it without labels).
    /// </summary>
    private void PrepareTicks()
    {
        if (_prepared)
        {
            return;
        }

        _prepared = true;
        if (_legend)
        {
            _plot.ShowLegend(Edge.Right);
        }

        _plot.Axes.AutoScale();
        var limits = _plot.Axes.GetLimits();
        if (_logX && SparseDecades(limits.Left, limits.Right))
        {
            _plot.Axes.Bottom.TickGenerator = MantissaTicks(limits.Left, limits.Right);
        }

        if (_logY && SparseDecades(limits.Bottom, limits.Top))
        {
            _plot.Axes.Left.TickGenerator = MantissaTicks(limits.Bottom, limits.Top);
        }
    }

    private static bool SparseDecades(double low, double high) => Math.Floor(Math.Max(low, high)) - Math.Ceiling(Math.Min(low, high)) < 1;

    private static NumericManual MantissaTicks(double low, double high)
    {
        var ticks = new NumericManual();
        (low, high) = (Math.Min(low, high), Math.Max(low, high));
        for (int e = (int)Math.Floor(low) - 1; e <= (int)Math.Ceiling(high); e++)
        {
            foreach (int mantissa in new[] { 1, 2, 3, 5, 7 })
            {
                // Tick at log₁₀(mantissa·10^e).
                double t = e + Math.Log10(mantissa);
                if (t >= low && t <= high)
                {
                    ticks.AddMajor(t, mantissa == 1 ? PowerOfTen(e) : mantissa.ToString(System.Globalization.CultureInfo.InvariantCulture) + "·" + PowerOfTen(e));
                }
            }
        }

        return ticks;
    }

    private static bool Usable(double v, bool log) => double.IsFinite(v) && (!log || v > 0);

    private static NumericAutomatic DecadeTicks() => new()
    {
        MinorTickGenerator = new LogMinorTickGenerator(),
        IntegerTicksOnly = true,
        LabelFormatter = PowerOfTen,
    };
}
