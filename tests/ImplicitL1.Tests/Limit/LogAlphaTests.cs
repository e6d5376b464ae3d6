using System.Text.Json;
using ImplicitL1.Cli;
using ImplicitL1.Limit;
using ImplicitL1.Potentials;
using ImplicitL1.Tests.Cli;

namespace ImplicitL1.Tests.Limit;

public class LogAlphaTests
{
    [Theory]
    [InlineData("1e-1000", -1000.0)]
    [InlineData("2.5E-300", -299.60205999132796)]
    [InlineData("1e-300000", -300000.0)]
    [InlineData("0.01", -2.0)]
    [InlineData("1e14", 14.0)]
    public void Decimal_text_is_read_exactly_as_log10(string text, double log10)
    {
        Assert.True(LogAlpha.TryParse(text, out var a, out string why), why);
        Assert.Equal(log10, a.Log10, 1e-12 * Math.Max(1, Math.Abs(log10)));
        Assert.Equal(log10 * Math.Log(10), a.Log, 1e-12 * Math.Max(1, Math.Abs(a.Log)));
        Assert.Equal(log10 >= -307, a.IsRepresentable);
    }

    [Theory]
    [InlineData("1e-")]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("-1e-3")]
    [InlineData("NaN")]
    [InlineData("1e-2000000")]
    [InlineData("1e5e3")]
    public void Malformed_or_out_of_range_text_is_refused_with_a_reason(string text)
    {
        Assert.False(LogAlpha.TryParse(text, out _, out string why));
        Assert.False(string.IsNullOrWhiteSpace(why));
    }

    [Fact]
    public void Representable_values_keep_their_exact_double()
    {
        Assert.Equal(1e-6, LogAlpha.FromValue(1e-6).Value);
        Assert.Equal(0.0, LogAlpha.FromLog10(-1000).Value);
        Assert.Throws<ArgumentOutOfRangeException>(() => LogAlpha.FromValue(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => LogAlpha.FromLog10(-2e6));
    }

    [Theory]
    [InlineData("1e-")]
    [InlineData("abc")]
    [InlineData("1e-2,,1e-4")]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("NaN")]
    [InlineData("1e-2000000")]
    public void Cli_refuses_malformed_alpha_naming_the_option(string text)
    {
        var (code, _, err) = CliRunner.Run("limit", "--seed", "1", "--alpha", text);
        Assert.Equal(ExitCodes.InvalidValue, code);
        Assert.Contains("--alpha", err);
    }

    [Fact]
    public void Cli_solves_1e_1000_and_reports_log10_beside_null_and_warns_on_large_alpha()
    {
        var (code, output, err) = CliRunner.Run("limit", "--seed", "1", "--depth", "2,3", "--log10-alpha", "-1000,2", "--norm", "inf", "--format", "json");
        // One point is precision_exhausted, so the command exits 10 after printing every point.
        Assert.Equal(ImplicitL1.Cli.ExitCodes.NumericalFailure, code);
        Assert.Contains("kernel regime", err);
        var results = JsonDocument.Parse(output).RootElement.GetProperty("results").EnumerateArray().ToArray();
        Assert.Equal(4, results.Length);
        var d2 = results[0];
        Assert.Equal("success", d2.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, d2.GetProperty("alpha").ValueKind);
        Assert.Equal(JsonValueKind.Null, d2.GetProperty("error_to_l1").ValueKind);
        Assert.InRange(d2.GetProperty("log10_error_to_l1").GetDouble(), -1000, -300);
        Assert.Equal("inf", d2.GetProperty("norm").GetString());
        Assert.True(d2.TryGetProperty("log10_abs_x", out _));
        // D = 3 at 1e-1000: 1 − |w| ≈ 10^-333 underflows; refused with the reason, never a number.
        var d3 = results[2];
        Assert.Equal("precision_exhausted", d3.GetProperty("status").GetString());
        Assert.Contains("below the double range", d3.GetProperty("message").GetString());
        Assert.Equal(JsonValueKind.Null, d3.GetProperty("log10_error_to_l1").ValueKind);
        Assert.Equal("success", results[3].GetProperty("status").GetString());
    }

    [Theory]
    [InlineData(3.0)]
    [InlineData(4.0)]
    [InlineData(2.5)]
    public void The_support_gap_of_the_inverse_link_keeps_its_digits(double depth)
    {
        var potential = new DepthPotential(depth);
        double p = depth / (depth - 2);
        foreach (double log10Gap in new[] { -1.0, -20.0, -100.0, -250.0 })
        {
            // h(1 − δ) = δ^{−p} − (2 − δ)^{−p} ≈ δ^{−p}: recover log δ from log h.
            double logGap = log10Gap * Math.Log(10);
            double logH = (-p * logGap) + Math.Log(-SpecialFunctions.Expm1(p * (logGap - Math.Log(2 - Math.Exp(logGap)))));
            double back = potential.LogOneMinusHInverse(logH);
            Assert.True(Math.Abs(back - logGap) <= 1e-13 * Math.Abs(logGap), $"D={depth} δ=1e{log10Gap}: {back} vs {logGap}");
        }
    }

    [Theory]
    [InlineData("--norm: 'euclid' is not 1, 2 or inf.", "--norm", "euclid")]
    [InlineData("--log10-alpha: 'abc' is not a number.", "--log10-alpha", "abc")]
    [InlineData("--log10-alpha: -2000000 is outside the supported range", "--log10-alpha", "-2000000")]
    [InlineData("--alpha and --log10-alpha are alternatives", "--alpha", "1e-3", "--log10-alpha", "-3")]
    public void Cli_refuses_bad_norm_and_log10_alpha_naming_the_option(string text, params string[] args)
    {
        var (code, _, err) = CliRunner.Run(["limit", "--seed", "1", .. args]);
        Assert.Equal(ExitCodes.InvalidValue, code);
        Assert.Contains(text, err, StringComparison.Ordinal);
    }
}
