using System.Text.Json;
using ImplicitL1.Cli;
using ImplicitL1.IO;

namespace ImplicitL1.Tests.Cli;

/// <summary>Warnings, exact special cases and --format: what each command promises in the README.</summary>
public class CommandOutputTests
{
    public static TheoryData<string[]> FormattedCommands { get; } =
    [
        ["bp", "--m", "8", "--n", "16", "--s", "2"],
        ["rho", "--m", "8", "--n", "16", "--s", "2"],
        ["limit", "--m", "8", "--n", "16", "--s", "2", "--alpha", "1e-3"],
        ["bounds", "--m", "8", "--n", "16", "--s", "2", "--alpha", "1e-8,1e-9"],
        ["nsp", "--m", "6", "--n", "10", "--order", "1"],
        ["train", "--m", "8", "--n", "16", "--s", "2", "--method", "gd", "--max-iter", "50"],
    ];

    [Theory]
    [MemberData(nameof(FormattedCommands))]
    public void Every_format_is_honoured(string[] args)
    {
        var (_, csv, _) = CliRunner.Run([.. args, "--format", "csv"]);
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length >= 2, csv);
        Assert.All(lines, l => Assert.Equal(lines[0].Split(',').Length, l.Split(',').Length));
        Assert.DoesNotContain("│", csv);
        var (_, json, _) = CliRunner.Run([.. args, "--format", "json"]);
        Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(json).RootElement.ValueKind);
        var (_, table, _) = CliRunner.Run([.. args, "--format", "table"]);
        Assert.Contains("│", table);
    }

    [Fact]
    public void Generate_honours_every_format()
    {
        using var dir = new CliRunner.TempDir();
        string[] files = ["--out-a", dir.File("A.npy"), "--out-y", dir.File("y.npy"), "--out-x", dir.File("x.npy")];
        var (code, csv, _) = CliRunner.Run(["generate", "--m", "4", "--n", "9", "--s", "1", .. files, "--format", "csv"]);
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(
            $"name,file,rows,cols\nA,{dir.File("A.npy")},4,9\ny,{dir.File("y.npy")},4,1\nx_star,{dir.File("x.npy")},9,1\n", csv);
        var (_, json, _) = CliRunner.Run(["generate", "--m", "4", "--n", "9", "--s", "1", .. files, "--format", "json"]);
        Assert.Equal(9, JsonDocument.Parse(json).RootElement.GetProperty("n").GetInt32());
        var (_, table, _) = CliRunner.Run(["generate", "--m", "4", "--n", "9", "--s", "1", .. files, "--format", "table"]);
        Assert.Contains("support of x*", table);
    }

    [Theory]
    [InlineData("bp", "x is one minimizer of several")]
    [InlineData("rho", "ϱ is undefined")]
    public void Non_unique_basis_pursuit_warns_on_stderr(string command, string consequence)
    {
        using var dir = new CliRunner.TempDir();
        NpyFile.Write(dir.File("A.npy"), new double[,] { { 1, 1 } });
        NpyFile.Write(dir.File("y.npy"), new[] { 1.0 });
        var (code, output, err) = CliRunner.Run(command, "--A", dir.File("A.npy"), "--y", dir.File("y.npy"), "--format", "json");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.StartsWith("warning: basis pursuit is not unique", err);
        Assert.Contains(consequence, err);
        Assert.Equal("not_unique", JsonDocument.Parse(output).RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public void Unique_basis_pursuit_does_not_warn()
    {
        var (_, _, err) = CliRunner.Run("bp", "--m", "8", "--n", "16", "--s", "2", "--format", "json");
        Assert.DoesNotContain("not unique", err);
    }

    [Fact]
    public void Bounds_with_y_zero_says_the_error_is_exactly_zero()
    {
        using var dir = new CliRunner.TempDir();
        NpyFile.Write(dir.File("A.npy"), new double[,] { { 1, 0, 1 }, { 0, 1, 1 } });
        NpyFile.Write(dir.File("y.npy"), new[] { 0.0, 0.0 });
        var (code, output, _) = CliRunner.Run("bounds", "--A", dir.File("A.npy"), "--y", dir.File("y.npy"), "--format", "json");
        Assert.Equal(ExitCodes.Ok, code);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.Contains("y = 0", root.GetProperty("message").GetString());
        Assert.Contains("= 0 exactly", root.GetProperty("message").GetString());
        Assert.All(root.GetProperty("rows").EnumerateArray(), r =>
        {
            Assert.Equal(0.0, r.GetProperty("measured").GetDouble());
            Assert.Equal("success", r.GetProperty("status").GetString());
        });
        var (_, table, _) = CliRunner.Run("bounds", "--A", dir.File("A.npy"), "--y", dir.File("y.npy"), "--format", "table");
        Assert.DoesNotContain("fewer than two", table);
        Assert.DoesNotContain("nan", table);
        Assert.DoesNotContain(" ± ;", table);
        Assert.Contains("no fitted exponent", table);
    }

    [Fact]
    public void Nsp_needs_only_A()
    {
        using var dir = new CliRunner.TempDir();
        var (genCode, _, _) = CliRunner.Run("generate", "--m", "6", "--n", "10", "--seed", "3", "--out-a", dir.File("A.npy"), "--out-y", dir.File("y.npy"));
        Assert.Equal(ExitCodes.Ok, genCode);
        var (code, output, _) = CliRunner.Run("nsp", "--order", "2", "--A", dir.File("A.npy"), "--format", "json");
        Assert.Equal(ExitCodes.Ok, code);
        var (withYCode, withY, _) = CliRunner.Run("nsp", "--order", "2", "--A", dir.File("A.npy"), "--y", dir.File("y.npy"), "--format", "json");
        Assert.Equal(ExitCodes.Ok, withYCode);
        Assert.Equal(JsonDocument.Parse(withY).RootElement.GetProperty("rho_s").GetDouble(),
            JsonDocument.Parse(output).RootElement.GetProperty("rho_s").GetDouble());
        var (yOnly, _, err) = CliRunner.Run("nsp", "--order", "2", "--y", dir.File("y.npy"));
        Assert.Equal(ExitCodes.Usage, yOnly);
        Assert.Contains("--y needs --A", err);
    }
}
