using System.Diagnostics;
using System.Text.RegularExpressions;
using ImplicitL1.Cli.Reproduce;
using SkiaSharp;
using Xunit.Abstractions;

namespace ImplicitL1.Tests.Reproduce;

/// <summary>Opens index.html of a quick run in headless Chromium and checks what it renders.</summary>
public class ReportBrowserTests(QuickRunFixture run, ITestOutputHelper output) : IClassFixture<QuickRunFixture>
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public void Report_is_self_contained_with_inline_svg_figures()
    {
        var html = File.ReadAllText(Path.Combine(run.Root, "index.html"));
        int figures = ClaimRegistry.All.Sum(c => Directory.GetFiles(Path.Combine(run.Root, c.Name), "*.svg").Length);
        Assert.Equal(figures, Regex.Matches(html, "<svg[ >]").Count);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", html);
        Assert.DoesNotContain("<?xml", html, StringComparison.Ordinal);
        foreach (var name in ClaimRegistry.Names)
        {
            Assert.Contains($"<section id=\"{name}\">", html, StringComparison.Ordinal);
        }

        foreach (var s in new[] { ".NET runtime", "ImplicitL1 library", "run time", "[paper]", "[reconstructed]", "Seeds:", "Verdict:" })
        {
            Assert.Contains(s, html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Headless_chromium_renders_a_non_blank_page()
    {
        Assert.True(File.Exists(Chromium),
            $"{Chromium} not found: install the Debian package 'chromium' (apt-get install -y chromium) to run the report browser test.");
        using var profile = new ImplicitL1.Tests.IO.TempDir();
        var screenshot = Path.Combine(profile.Path, "report.png");
        var userData = Path.Combine(profile.Path, "profile");
        var start = new ProcessStartInfo(Chromium)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--user-data-dir=" + userData, "--screenshot=" + screenshot, "--window-size=1200,3000",
            new Uri(Path.Combine(run.Root, "index.html")).AbsoluteUri,
        })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        bool exited = process.WaitForExit(TimeSpan.FromSeconds(90));
        if (!exited)
        {
            process.Kill(entireProcessTree: true);
        }

        output.WriteLine($"chromium exit {(exited ? process.ExitCode : -1)}\n{stdout.Result}\n{stderr.Result}");
        Assert.True(exited, "chromium did not finish within 90 s");
        Assert.True(File.Exists(screenshot), $"no screenshot written (exit {process.ExitCode}): {stderr.Result}");

        using var bitmap = SKBitmap.Decode(screenshot);
        Assert.NotNull(bitmap);
        Assert.Equal(1200, bitmap.Width);
        long dark = 0, total = (long)bitmap.Width * bitmap.Height;
        for (int y = 0; y < bitmap.Height; y += 2)
        {
            for (int x = 0; x < bitmap.Width; x += 2)
            {
                var c = bitmap.GetPixel(x, y);
                if (c.Red < 200 || c.Green < 200 || c.Blue < 200)
                {
                    dark++;
                }
            }
        }

        double fraction = dark * 4.0 / total;
        output.WriteLine($"non-white fraction {fraction:P2}");
        Assert.True(fraction > 0.01, $"screenshot looks blank: {fraction:P3} non-white pixels");
    }
}
