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
