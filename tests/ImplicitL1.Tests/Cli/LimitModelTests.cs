using System.Text.Json;
using ImplicitL1.Cli;

namespace ImplicitL1.Tests.Cli;

/// <summary><c>limit --param nonnegative|product</c>, <c>--shape</c> and <c>--u0/--v0</c> against gradient flow of the same model.</summary>
public class LimitModelTests
{
    private static double[] Numbers(JsonElement e) => [.. e.EnumerateArray().Select(v => v.GetDouble())];

    private static double Distance(double[] a, double[] b) => Math.Sqrt(a.Zip(b, (p, q) => (p - q) * (p - q)).Sum());

    private static JsonElement Run(params string[] args)
    {
        var (code, output, err) = CliRunner.Run([.. args, "--format", "json"]);
        Assert.True(code == 0, $"exit {code}: {err}");
        return JsonDocument.Parse(output).RootElement;
    }

    [Fact]
    public void Per_coordinate_shape_gives_the_limit_of_training_from_that_shape()
    {
        using var dir = new CliRunner.TempDir();
        var scales = Enumerable.Range(0, 25).Select(i => Math.Pow(10.0, (i % 3) - 1.0)).ToArray();
        ImplicitL1.IO.NpyFile.Write(dir.File("c.npy"), scales);
        string[] data = ["--m", "10", "--n", "25", "--s", "2", "--seed", "3"];
        var limit = Run(["limit", .. data, "--shape", dir.File("c.npy"), "--depth", "3", "--alpha", "1e-3"]);
        var point = limit.GetProperty("results")[0];
        Assert.Equal("success", point.GetProperty("status").GetString());
        Assert.Equal("shape", limit.GetProperty("initialization").GetString());
        var uniform = Run(["limit", .. data, "--depth", "3", "--alpha", "1e-3"]).GetProperty("results")[0];
        Assert.True(Distance(Numbers(point.GetProperty("x")), Numbers(uniform.GetProperty("x"))) > 1e-4, "the shape changed nothing");
        Assert.True(point.GetProperty("error_to_l1").GetDouble() > 0);
    }

    [Fact]
    public void Product_from_u0_v0_matches_gradient_flow_from_the_same_start()
    {
        using var dir = new CliRunner.TempDir();
        ImplicitL1.IO.NpyFile.Write(dir.File("u0.npy"), [.. Enumerable.Range(0, 25).Select(i => 0.05 + (0.01 * i))]);
        ImplicitL1.IO.NpyFile.Write(dir.File("v0.npy"), [.. Enumerable.Range(0, 25).Select(i => 0.08 * Math.Sin(i))]);
        string[] data = ["--m", "10", "--n", "25", "--s", "2", "--seed", "5"];
        string[] start = ["--param", "product", "--u0", dir.File("u0.npy"), "--v0", dir.File("v0.npy")];
        var limit = Run(["limit", .. data, .. start]);
        var x = Numbers(limit.GetProperty("results")[0].GetProperty("x"));
        var flow = Run(["train", .. data, .. start, "--method", "gf", "--references", "limit"]);
        Assert.Equal("success", flow.GetProperty("status").GetString());
        // train's own reference comes from the same solver (ModelLimit → ShapedLimit).
        Assert.True(flow.GetProperty("distance_to_limit").GetDouble() <= 1e-7);
        Assert.True(Distance(x, Numbers(flow.GetProperty("x"))) <= 1e-7, $"{Distance(x, Numbers(flow.GetProperty("x"))):E3}");
        Assert.Equal("product", limit.GetProperty("param").GetString());
    }

    [Fact]
    public void Non_negative_limit_is_non_negative_and_matches_gradient_flow()
    {
        string[] data = ["--m", "10", "--n", "25", "--s", "2", "--seed", "7"];
        var (code, output, err) = CliRunner.Run(["limit", .. data, "--param", "nonnegative", "--depth", "2", "--alpha", "1e-2", "--format", "json"]);
        Assert.True(code == 0, err);
        var x = Numbers(JsonDocument.Parse(output).RootElement.GetProperty("results")[0].GetProperty("x"));
        Assert.All(x, v => Assert.True(v >= 0));
        var flow = Run(["train", .. data, "--method", "gf", "--param", "nonnegative", "--alpha", "1e-2"]);
        Assert.True(Distance(x, Numbers(flow.GetProperty("x"))) <= 1e-7);
    }

    [Fact]
    public void Product_without_files_is_u2_minus_v2_at_alpha()
    {
        string[] data = ["--m", "10", "--n", "25", "--s", "2", "--seed", "5", "--alpha", "1e-3"];
        var product = Run(["limit", .. data, "--param", "product"]).GetProperty("results")[0];
        var balanced = Run(["limit", .. data]).GetProperty("results")[0];
        Assert.Equal(Numbers(balanced.GetProperty("x")), Numbers(product.GetProperty("x")));
    }

    [Fact]
    public void Non_unique_bp_reports_the_selected_minimizer_and_the_polished_distance_to_it()
    {
        using var dir = new CliRunner.TempDir();
        ImplicitL1.IO.NpyFile.Write(dir.File("A.npy"), new double[,] { { 1, 1, 1 }, { 3, 0, 1 } });
        ImplicitL1.IO.NpyFile.Write(dir.File("y.npy"), [3.0, 3.0]);
        var root = Run("limit", "--A", dir.File("A.npy"), "--y", dir.File("y.npy"), "--depth", "4", "--alpha", "1e-6,1e-9", "--save", dir.Path);
        var selected = root.GetProperty("selected_minimizers")[0];
        double t = (3 + (2 * Math.Sqrt(2))) / (6 + (2 * Math.Sqrt(2)));
        Assert.Equal(t, Numbers(selected.GetProperty("x"))[0], 1e-13);
        var far = root.GetProperty("results")[1];
        // 50-digit reference (tests/fixtures/make_face_refs.py): 1.8915370905514106e-11.
        Assert.True(Math.Abs(far.GetProperty("distance_to_selected").GetDouble() - 1.8915370905514106e-11) <= far.GetProperty("distance_floor").GetDouble());
        Assert.Contains("polished along the BP face", far.GetProperty("message").GetString());
        Assert.True(File.Exists(root.GetProperty("files").GetProperty("selected").GetString()));
    }

    [Theory]
    [InlineData(ExitCodes.InvalidValue, "--alpha cannot be honoured", "--param", "product", "--u0", "U", "--v0", "V", "--alpha", "1e-3")]
    [InlineData(ExitCodes.Usage, "--u0 and --v0 must be given together", "--param", "product", "--u0", "U")]
    [InlineData(ExitCodes.InvalidValue, "--depth 3 cannot be honoured", "--param", "product", "--depth", "3")]
    [InlineData(ExitCodes.InvalidValue, "--shape is for balanced and nonnegative", "--param", "product", "--shape", "C")]
    [InlineData(ExitCodes.InvalidValue, "are for --param product", "--u0", "U", "--v0", "V")]
    [InlineData(ExitCodes.InvalidValue, "relative scale must be finite and > 0", "--shape", "BAD")]
    [InlineData(ExitCodes.ShapeMismatch, "short.npy has 3 entries but A has 50 columns", "--shape", "SHORT")]
    public void Bad_model_options_are_refused_in_the_flags_words(int expected, string text, params string[] args)
    {
        using var dir = new CliRunner.TempDir();
        ImplicitL1.IO.NpyFile.Write(dir.File("u.npy"), [.. Enumerable.Repeat(0.1, 50)]);
        ImplicitL1.IO.NpyFile.Write(dir.File("c.npy"), [.. Enumerable.Repeat(1.0, 50)]);
        ImplicitL1.IO.NpyFile.Write(dir.File("bad.npy"), [.. Enumerable.Repeat(1.0, 49), -1.0]);
        ImplicitL1.IO.NpyFile.Write(dir.File("short.npy"), [1.0, 1.0, 1.0]);
        var files = new Dictionary<string, string> { ["U"] = dir.File("u.npy"), ["V"] = dir.File("u.npy"), ["C"] = dir.File("c.npy"), ["BAD"] = dir.File("bad.npy"), ["SHORT"] = dir.File("short.npy") };
        var (code, _, err) = CliRunner.Run(["limit", .. args.Select(a => files.GetValueOrDefault(a, a))]);
        Assert.Equal(expected, code);
        Assert.Contains(text, err);
    }
}
