using System.Text.Json;
using ImplicitL1.Cli;
using ImplicitL1.IO;

namespace ImplicitL1.Tests.Cli;

public class CliTests
{
    [Theory]
    [MemberData(nameof(TestInstances.TightnessTable), MemberType = typeof(TestInstances))]
    public void Limit_on_a_1x2_npy_input_reproduces_the_tightness_table(double r, double depth, double alpha, double x1, double x2, double error)
    {
        using var dir = new CliRunner.TempDir();
        NpyFile.Write(dir.File("A.npy"), new double[,] { { 1.0, r } });
        NpyFile.Write(dir.File("y.npy"), new[] { 1.0 });
        var (code, output, _) = CliRunner.Run("limit", "--A", dir.File("A.npy"), "--y", dir.File("y.npy"),
            "--depth", depth.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            "--alpha", alpha.ToString("R", System.Globalization.CultureInfo.InvariantCulture), "--format", "json");
        Assert.Equal(0, code);
        var point = JsonDocument.Parse(output).RootElement.GetProperty("results")[0];
        Assert.Equal("success", point.GetProperty("status").GetString());
        Assert.Equal(alpha, point.GetProperty("alpha").GetDouble());
        var x = point.GetProperty("x").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(x1, x[0], 1e-9 * x1);
        Assert.True(Math.Abs(x[1] - x2) <= 1e-9 * x2);
        Assert.True(Math.Abs(point.GetProperty("error_to_l1").GetDouble() - error) <= 5e-7 * error);
    }

    [Fact]
    public void Bp_json_has_the_documented_fields()
    {
        var (code, output, _) = CliRunner.Run("bp", "--m", "20", "--n", "50", "--s", "3", "--seed", "1", "--format", "json");
        Assert.Equal(0, code);
        var root = JsonDocument.Parse(output).RootElement;
        foreach (var field in new[] { "status", "x", "support", "signs", "unique", "varrho", "certificate", "residual" })
        {
            Assert.True(root.TryGetProperty(field, out _), field);
        }

        Assert.Equal("success", root.GetProperty("status").GetString());
        Assert.Equal(50, root.GetProperty("x").GetArrayLength());
        Assert.Equal(20, root.GetProperty("certificate").GetArrayLength());
        Assert.InRange(root.GetProperty("varrho").GetDouble(), 0, 1);
    }

    [Fact]
    public void Rho_reports_both_LPs_agreeing()
    {
        var (code, output, _) = CliRunner.Run("rho", "--m", "20", "--n", "50", "--s", "3", "--seed", "7", "--format", "json");
        Assert.Equal(0, code);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.True(root.GetProperty("lp_difference").GetDouble() <= 1e-9);
        Assert.Equal("reconstructed", root.GetProperty("label").GetString());
    }

    [Fact]
    public void Generate_writes_files_that_bp_reads_back()
    {
        using var dir = new CliRunner.TempDir();
        var (code, _, _) = CliRunner.Run("generate", "--m", "10", "--n", "30", "--s", "2", "--seed", "5",
            "--out-a", dir.File("A.npy"), "--out-y", dir.File("y.csv"), "--out-x", dir.File("x.npy"));
        Assert.Equal(0, code);
        var xStar = NpyFile.ReadVector(dir.File("x.npy"));
        var (bpCode, output, _) = CliRunner.Run("bp", "--A", dir.File("A.npy"), "--y", dir.File("y.csv"), "--format", "json");
        Assert.Equal(0, bpCode);
        var x = JsonDocument.Parse(output).RootElement.GetProperty("x").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        for (int i = 0; i < 30; i++)
        {
            Assert.Equal(xStar[i], x[i], 1e-12);
        }
    }

    [Fact]
    public void Limit_table_and_csv_formats_render()
    {
        var (code, table, _) = CliRunner.Run("limit", "--seed", "1", "--depth", "3", "--alpha", "1e-3,1e-6", "--format", "table");
        Assert.Equal(0, code);
        Assert.Contains("‖x∞ − x_ℓ¹‖₂", table);
        Assert.Contains("success", table);
        var (csvCode, csv, _) = CliRunner.Run("limit", "--seed", "1", "--alpha", "1e-3,1e-6", "--format", "csv");
        Assert.Equal(0, csvCode);
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("alpha,depth,status,error_to_l1,residual,stationarity,iterations,log10_alpha,log10_error_to_l1,norm", lines[0]);
        Assert.Equal(3, lines.Length);
    }

    [Theory]
    [InlineData("generate")]
    [InlineData("bp")]
    [InlineData("rho")]
    [InlineData("limit")]
    public void Every_command_has_help(string command)
    {
        var (code, output, _) = CliRunner.Run(command, "--help");
        Assert.Equal(0, code);
        Assert.Contains("USAGE", output);
        Assert.Contains("--format", output);
    }

    [Fact]
    public void Non_unique_BP_warns_and_reports_null_error()
    {
        using var dir = new CliRunner.TempDir();
        NpyFile.Write(dir.File("A.npy"), new double[,] { { 1, 1, 0.5 }, { 0, 0, 1 } });
        NpyFile.Write(dir.File("y.npy"), new[] { 1.0, 0.0 });
        var (code, output, err) = CliRunner.Run("limit", "--A", dir.File("A.npy"), "--y", dir.File("y.npy"), "--alpha", "1e-3", "--format", "json");
        Assert.Equal(0, code);
        Assert.Contains("not unique", err);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.Equal(JsonValueKind.Null, root.GetProperty("results")[0].GetProperty("error_to_l1").ValueKind);
        Assert.Equal("not_unique", root.GetProperty("basis_pursuit").GetProperty("status").GetString());
    }

    [Fact]
    public void Not_overparameterized_warns_and_still_solves()
    {
        var (code, output, err) = CliRunner.Run("bp", "--m", "60", "--n", "50", "--s", "3", "--format", "json");
        Assert.Equal(0, code);
        Assert.Contains("not overparameterized", err);
        Assert.Equal("success", JsonDocument.Parse(output).RootElement.GetProperty("status").GetString());
    }
}

public class GenerateBytesTests
{
    [Fact]
    public void Same_seed_writes_the_same_bytes()
    {
        using var dir = new CliRunner.TempDir();
        foreach (var name in new[] { "a", "b" })
        {
            var (code, _, _) = CliRunner.Run("generate", "--m", "7", "--n", "19", "--s", "2", "--noise", "0.1", "--design", "correlated",
                "--seed", "12", "--out-a", dir.File($"A-{name}.npy"), "--out-y", dir.File($"y-{name}.csv"));
            Assert.Equal(0, code);
        }

        Assert.Equal(File.ReadAllBytes(dir.File("A-a.npy")), File.ReadAllBytes(dir.File("A-b.npy")));
        Assert.Equal(File.ReadAllBytes(dir.File("y-a.csv")), File.ReadAllBytes(dir.File("y-b.csv")));
    }
}
