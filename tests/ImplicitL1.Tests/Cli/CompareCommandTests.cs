using System.Text.Json;
using ImplicitL1.Cli;
using ImplicitL1.IO;

namespace ImplicitL1.Tests.Cli;

public class CompareCommandTests
{
    [Fact]
    public void Compare_on_the_tools_own_gradient_descent_agrees_with_trains_distance_to_limit()
    {
        using var dir = new CliRunner.TempDir();
        var (gen, _, _) = CliRunner.Run("generate", "--seed", "3", "--out-a", dir.File("A.npy"), "--out-y", dir.File("y.npy"));
        Assert.Equal(0, gen);
        var (trainCode, train, _) = CliRunner.Run("train", "--A", dir.File("A.npy"), "--y", dir.File("y.npy"), "--method", "gd",
            "--depth", "2", "--alpha", "1e-2", "--eta", "1e-3", "--max-iter", "20000", "--references", "bp,limit", "--save", dir.File("run"),
            "--format", "json");
        Assert.True(trainCode is ExitCodes.Ok or ExitCodes.Stopped, $"train exited {trainCode}");
        var trained = JsonDocument.Parse(train).RootElement;
        var (code, output, _) = CliRunner.Run("compare", "--A", dir.File("A.npy"), "--y", dir.File("y.npy"), "--x",
            Path.Combine(dir.File("run"), "x.npy"), "--depth", "2", "--alpha", "1e-2", "--top", "5", "--format", "json");
        Assert.Equal(0, code);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.Equal(trained.GetProperty("distance_to_limit").GetDouble(), root.GetProperty("distance_to_limit").GetDouble());
        Assert.Equal(trained.GetProperty("distance_to_l1").GetDouble(), root.GetProperty("distance_to_l1").GetDouble());
        Assert.Equal(trained.GetProperty("loss").GetDouble(), root.GetProperty("loss").GetDouble(), 1e-12);
        Assert.True(root.GetProperty("distance_to_limit").GetDouble() < 0.05);

        var x = NpyFile.ReadVector(Path.Combine(dir.File("run"), "x.npy"));
        var limit = root.GetProperty("x_limit").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var top = root.GetProperty("top").EnumerateArray().ToArray();
        Assert.Equal(5, top.Length);
        var expected = Enumerable.Range(0, x.Length).OrderByDescending(i => Math.Abs(x[i] - limit[i])).Take(5).ToArray();
        Assert.Equal(expected, top.Select(t => t.GetProperty("index").GetInt32()));
        foreach (var t in top)
        {
            int i = t.GetProperty("index").GetInt32();
            Assert.Equal(x[i], t.GetProperty("value").GetDouble());
            Assert.Equal(limit[i], t.GetProperty("limit_value").GetDouble());
        }
    }

    [Fact]
    public void The_limit_itself_is_at_distance_zero()
    {
        using var dir = new CliRunner.TempDir();
        var (_, limit, _) = CliRunner.Run("limit", "--seed", "5", "--depth", "3", "--alpha", "1e-3", "--save", dir.Path, "--format", "json");
        var x = NpyFile.ReadMatrix(JsonDocument.Parse(limit).RootElement.GetProperty("files").GetProperty("x").GetString()!);
        NpyFile.Write(dir.File("x.npy"), Enumerable.Range(0, x.GetLength(1)).Select(j => x[0, j]).ToArray());
        var (code, output, _) = CliRunner.Run("compare", "--seed", "5", "--x", dir.File("x.npy"), "--depth", "3", "--alpha", "1e-3", "--format", "json");
        Assert.Equal(0, code);
        Assert.Equal(0.0, JsonDocument.Parse(output).RootElement.GetProperty("distance_to_limit").GetDouble());
    }

    [Theory]
    [InlineData(ExitCodes.ShapeMismatch, "has 3 entries but A has 50 columns", "short")]
    [InlineData(ExitCodes.NonFinite, "x[1] is NaN; x must be finite.", "nan")]
    [InlineData(ExitCodes.InvalidValue, "--alpha must be finite and > 0", "alpha")]
    [InlineData(ExitCodes.Usage, "compare needs --x", "missing")]
    public void Bad_input_is_refused(int expected, string text, string kind)
    {
        using var dir = new CliRunner.TempDir();
        NpyFile.Write(dir.File("short.npy"), [1.0, 2.0, 3.0]);
        NpyFile.Write(dir.File("nan.npy"), [.. Enumerable.Range(0, 50).Select(i => i == 1 ? double.NaN : 0.0)]);
        string[] args = kind switch
        {
            "short" => ["compare", "--seed", "1", "--x", dir.File("short.npy")],
            "nan" => ["compare", "--seed", "1", "--x", dir.File("nan.npy")],
            "alpha" => ["compare", "--seed", "1", "--x", dir.File("nan.npy"), "--alpha", "-1"],
            _ => ["compare", "--seed", "1"],
        };
        var (code, _, err) = CliRunner.Run(args);
        Assert.Equal(expected, code);
        Assert.Contains(text, err);
    }
}
