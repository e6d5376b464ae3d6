using ImplicitL1.Cli.Plots;
using SkiaSharp;

namespace ImplicitL1.Tests.Plots;

public class FigureTests
{
    [Fact]
    public void The_figure_font_exists_and_has_the_symbols_we_print()
    {
        using var typeface = SKTypeface.FromFamilyName(Figure.FontName);
        Assert.Equal(Figure.FontName, typeface.FamilyName);
        foreach (char c in "ℓαϱ∞⁻¹₂‖")
        {
            Assert.True(typeface.ContainsGlyph(c), $"{Figure.FontName} lacks '{c}'");
        }
    }

    [Fact]
    public void Text_is_drawn_into_the_png()
    {
        // Same data, with and without a long ℓ/α title: the title must change many pixels of the top band.
        static SKBitmap Render(string title)
        {
            var f = new Figure(title, "α", "‖x∞ − x_ℓ¹‖₂");
            f.AddSeries("D = 2", [1e-2, 1e-4, 1e-6], [1e-1, 1e-2, 1e-3]);
            return SKBitmap.Decode(f.ToPng(600, 400));
        }

        using var plain = Render(string.Empty);
        using var titled = Render("ℓ¹ error vs α: ℓℓℓ ααα");
        int changed = 0;
        for (int y = 0; y < 40; y++)
        {
            for (int x = 0; x < 600; x++)
            {
                if (plain.GetPixel(x, y) != titled.GetPixel(x, y))
                {
                    changed++;
                }
            }
        }

        Assert.True(changed > 300, $"only {changed} pixels changed: the title was not drawn");
    }

    [Fact]
    public void Log_axes_skip_non_positive_points_and_label_decades()
    {
        var f = new Figure("t", "α", "error");
        f.AddSeries("a", [1e-3, 0.0, 1e-1], [1e-2, 1.0, double.NaN]);
        Assert.Equal(1, f.SeriesCount);
        f.AddSeries("empty", [0.0], [1.0]);
        Assert.Equal(1, f.SeriesCount);
        Assert.Equal("10⁻¹²", Figure.PowerOfTen(-12));
        Assert.Equal("10³", Figure.PowerOfTen(3));
        Assert.Contains("<svg", f.ToSvg());
    }
}
