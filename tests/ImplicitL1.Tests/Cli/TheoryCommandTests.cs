using System.Text.Json;
using ImplicitL1.Cli;

namespace ImplicitL1.Tests.Cli;

public class TheoryCommandTests
{
    [Fact]
    public void Bounds_json_has_the_documented_fields_and_ratio_near_one()
    {
        var (code, output, _) = CliRunner.Run("bounds", "--seed", "1", "--depth", "3", "--alpha", "1e-10,1e-11,1e-12", "--format", "json");
        Assert.Equal(0, code);
        var root = JsonDocument.Parse(output).RootElement;
        foreach (var field in new[] { "varrho", "depth", "predicted_exponent", "fitted_exponent", "delta_norm", "rows" })
        {
            Assert.True(root.TryGetProperty(field, out _), field);
        }

        var last = root.GetProperty("rows")[2];
        Assert.Equal(1e-12, last.GetProperty("alpha").GetDouble());
        Assert.InRange(last.GetProperty("ratio").GetDouble(), 0.999, 1.001);
        Assert.InRange(root.GetProperty("fitted_exponent").GetDouble(), 0.99, 1.01);
    }

    [Theory]
    [InlineData("--alpha", "1e-1000,1e-1200,1e-1400")]
    [InlineData("--log10-alpha", "-1000,-1200,-1400")]
    public void Bounds_accepts_alpha_below_the_double_range_in_log_form(string option, string list)
    {
        var (code, output, err) = CliRunner.Run("bounds", "--seed", "1", "--depth", "2", option, list, "--format", "json");
        Assert.True(code == 0, err);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.Equal(root.GetProperty("predicted_exponent").GetDouble(), root.GetProperty("fitted_exponent").GetDouble(), 8);
        var rows = root.GetProperty("rows");
        Assert.Equal(3, rows.GetArrayLength());
        for (int k = 0; k < 3; k++)
        {
            var row = rows[k];
            Assert.Equal(-1000 - (200 * k), row.GetProperty("log10_alpha").GetDouble(), 9);
            Assert.Equal(JsonValueKind.Null, row.GetProperty("alpha").ValueKind);
            Assert.Equal(JsonValueKind.Null, row.GetProperty("measured").ValueKind);
            Assert.InRange(row.GetProperty("log10_measured").GetDouble(), -800, -400);
            Assert.Equal(JsonValueKind.Null, row.GetProperty("predicted").ValueKind);
            Assert.InRange(row.GetProperty("ratio").GetDouble(), 1 - 1e-6, 1 + 1e-6);
        }

        var (_, table, _) = CliRunner.Run("bounds", "--seed", "1", "--depth", "2", option, list, "--format", "table");
        Assert.Contains("10^-1000", table, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--alpha and --log10-alpha are alternatives", "--alpha", "1e-8,1e-9", "--log10-alpha", "-8,-9")]
    [InlineData("--alpha: 'x' is not a number", "--alpha", "1e-8,x")]
    [InlineData("--log10-alpha: 'y' is not a number", "--log10-alpha", "-8,y")]
    [InlineData("--log10-alpha: -2000000 is outside the supported range", "--log10-alpha", "-8,-2000000")]
    public void Bounds_refuses_a_bad_alpha_naming_the_option(string message, params string[] args)
    {
        var (code, _, err) = CliRunner.Run(["bounds", "--seed", "1", .. args]);
        Assert.Equal(ExitCodes.InvalidValue, code);
        Assert.Contains(message, err, StringComparison.Ordinal);
    }

    [Fact]
    public void Bounds_on_non_unique_BP_is_a_status_not_a_number()
    {
        using var dir = new CliRunner.TempDir();
        ImplicitL1.IO.NpyFile.Write(dir.File("A.npy"), new double[,] { { 1, 1 } });
        ImplicitL1.IO.NpyFile.Write(dir.File("y.npy"), new[] { 1.0 });
        var (code, output, _) = CliRunner.Run("bounds", "--A", dir.File("A.npy"), "--y", dir.File("y.npy"), "--format", "json");
        Assert.Equal(0, code);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.Equal("not_unique", root.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("varrho").ValueKind);
    }

    [Fact]
    public void Nsp_exact_on_a_small_instance()
    {
        var (code, output, err) = CliRunner.Run("nsp", "--m", "8", "--n", "16", "--s", "2", "--seed", "1", "--order", "2", "--format", "json");
        Assert.Equal(0, code);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.True(root.GetProperty("exact").GetBoolean());
        Assert.Equal(240, root.GetProperty("lps_solved").GetInt64());
        double rho = root.GetProperty("rho_s").GetDouble();
        Assert.Equal(rho, root.GetProperty("lower").GetDouble());
        Assert.True(root.GetProperty("upper").GetDouble() >= rho);
        Assert.Contains("progress: 100%", err);
    }

    [Fact]
    public void Nsp_exact_refuses_with_the_LP_count()
    {
        var (code, _, err) = CliRunner.Run("nsp", "--m", "30", "--n", "60", "--order", "5", "--exact");
        Assert.Equal(ExitCodes.InvalidValue, code);
        Assert.Contains("87384192 LPs", err);
        Assert.Contains("drop --exact for certified bounds", err);
    }

    [Fact]
    public void Nsp_without_order_is_usage()
    {
        var (code, _, err) = CliRunner.Run("nsp", "--m", "8", "--n", "16");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--order", err);
    }

    [Theory]
    [InlineData("bounds")]
    [InlineData("nsp")]
    public void Help(string command)
    {
        var (code, output, _) = CliRunner.Run(command, "--help");
        Assert.Equal(0, code);
        Assert.Contains("USAGE", output);
    }
}
