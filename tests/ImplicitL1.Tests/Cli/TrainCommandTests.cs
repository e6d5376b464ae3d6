using System.Text.Json;
using ImplicitL1.Cli;

namespace ImplicitL1.Tests.Cli;

public class TrainCommandTests
{
    [Fact]
    public void Gradient_flow_reaches_the_exact_limit_and_writes_trajectory_and_figures()
    {
        using var dir = new CliRunner.TempDir();
        var (code, output, err) = CliRunner.Run("train", "--method", "gf", "--seed", "1", "--depth", "3", "--alpha", "1e-4", "--references", "bp,limit",
            "--out", dir.File("traj.csv"), "--plot", dir.File("run"), "--format", "json");
        Assert.Equal(0, code);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.Equal("success", root.GetProperty("status").GetString());
        Assert.True(root.GetProperty("distance_to_limit").GetDouble() <= 1e-9);
        Assert.Contains("progress: gf", err);
        var lines = File.ReadAllLines(dir.File("traj.csv"));
        Assert.StartsWith("time,rescaled_time,steps,loss,distance_to_l1,distance_to_limit,x_0,", lines[0]);
        Assert.True(lines.Length > 10);
        Assert.Equal(6 + 50, lines[^1].Split(',').Length);
        foreach (var name in new[] { "loss", "coordinates", "distance" })
        {
            Assert.True(new FileInfo(dir.File($"run-{name}.png")).Length > 1000, name);
            Assert.Contains("<svg", File.ReadAllText(dir.File($"run-{name}.svg")));
        }
    }

    [Fact]
    public void Gradient_descent_and_sgd_report_their_step()
    {
        var (code, output, _) = CliRunner.Run("train", "--method", "gd", "--seed", "2", "--alpha", "1e-2", "--max-iter", "2000", "--format", "json");
        Assert.Equal(ExitCodes.Stopped, code); // the budget ran out: max_iterations
        var root = JsonDocument.Parse(output).RootElement;
        Assert.True(root.GetProperty("step_size").GetDouble() > 0);
        Assert.Equal(2000, root.GetProperty("steps").GetInt64());
        Assert.Contains("not the GF limit", root.GetProperty("label").GetString());
        var (sgdCode, sgd, _) = CliRunner.Run("train", "--method", "sgd", "--batch", "5", "--seed", "2", "--max-iter", "500", "--format", "json");
        Assert.Equal(ExitCodes.Stopped, sgdCode);
        Assert.Equal(500, JsonDocument.Parse(sgd).RootElement.GetProperty("steps").GetInt64());
    }

    // A and y scaled together by 1e±30 leave x unchanged; the default gd stopping loss must scale with them (an absolute
    // 1e-20 stopped at step 0 with "success" when the loss itself was 1e-59).
    [Theory]
    [InlineData(1e-30)]
    [InlineData(1e30)]
    public void Gradient_descent_does_not_depend_on_the_units_of_A_and_y(double c)
    {
        using var dir = new CliRunner.TempDir();
        var problem = TestInstances.Gaussian(20, 60, 3, seed: 4).Problem;
        var scaledA = TestInstances.ScaledA(problem, c);
        ImplicitL1.IO.NpyFile.Write(dir.File("A.npy"), TestInstances.ScaledA(problem, 1.0));
        ImplicitL1.IO.NpyFile.Write(dir.File("y.npy"), problem.YArray());
        ImplicitL1.IO.NpyFile.Write(dir.File("As.npy"), scaledA);
        ImplicitL1.IO.NpyFile.Write(dir.File("ys.npy"), [.. problem.YArray().Select(v => c * v)]);
        JsonElement Train(string aFile, string yFile) => JsonDocument.Parse(CliRunner.Run("train", "--A", dir.File(aFile), "--y", dir.File(yFile),
            "--method", "gd", "--alpha", "1e-3", "--max-iter", "400", "--format", "json").Out).RootElement;

        var plain = Train("A.npy", "y.npy");
        var scaled = Train("As.npy", "ys.npy");
        Assert.Equal(plain.GetProperty("steps").GetInt64(), scaled.GetProperty("steps").GetInt64());
        Assert.Equal(400, scaled.GetProperty("steps").GetInt64());
        var x = plain.GetProperty("x").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var xs = scaled.GetProperty("x").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        double size = x.Max(Math.Abs);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.True(Math.Abs(x[i] - xs[i]) <= 1e-12 * size, $"x[{i}] = {xs[i]} scaled, {x[i]} plain");
        }
    }

    [Fact]
    public void Product_model_matches_balanced_depth_two_at_alpha_gamma_squared_over_four()
    {
        var (_, product, _) = CliRunner.Run("train", "--param", "product", "--gamma", "0.2", "--seed", "3", "--format", "json");
        var (_, balanced, _) = CliRunner.Run("train", "--param", "balanced", "--alpha", "0.01", "--seed", "3", "--format", "json");
        var xp = JsonDocument.Parse(product).RootElement.GetProperty("x").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var xb = JsonDocument.Parse(balanced).RootElement.GetProperty("x").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        for (int i = 0; i < xp.Length; i++)
        {
            Assert.Equal(xb[i], xp[i], 1e-8);
        }
    }

    [Fact]
    public void Product_model_honours_alpha_and_reports_it()
    {
        var (code, product, err) = CliRunner.Run("train", "--param", "product", "--alpha", "1e-3", "--seed", "3", "--format", "json");
        Assert.True(code == 0, err);
        var root = JsonDocument.Parse(product).RootElement;
        Assert.Equal(1e-3, root.GetProperty("alpha").GetDouble());
        Assert.Equal(2, root.GetProperty("depth").GetDouble());
        var (_, balanced, _) = CliRunner.Run("train", "--param", "balanced", "--alpha", "1e-3", "--seed", "3", "--format", "json");
        var xp = root.GetProperty("x").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var xb = JsonDocument.Parse(balanced).RootElement.GetProperty("x").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        for (int i = 0; i < xp.Length; i++)
        {
            Assert.Equal(xb[i], xp[i], 1e-8);
        }
    }

    [Fact]
    public void Without_references_none_is_solved_and_the_distances_are_null()
    {
        var (code, output, _) = CliRunner.Run("train", "--seed", "1", "--format", "json");
        Assert.Equal(0, code);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.Equal(JsonValueKind.Null, root.GetProperty("distance_to_limit").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("distance_to_l1").ValueKind);
        Assert.Equal("none", root.GetProperty("references").GetString());
        var (bpCode, bp, _) = CliRunner.Run("train", "--seed", "1", "--references", "bp", "--format", "json");
        Assert.Equal(0, bpCode);
        var withBp = JsonDocument.Parse(bp).RootElement;
        Assert.True(withBp.GetProperty("distance_to_l1").GetDouble() > 0);
        Assert.Equal(JsonValueKind.Null, withBp.GetProperty("distance_to_limit").ValueKind);
    }

    [Fact]
    public void Help_renders_the_batch_range_literally()
    {
        var (code, text, err) = CliRunner.Run("train", "--help");
        Assert.True(code == 0, err);
        Assert.Contains("[1, m]", text, StringComparison.Ordinal);
        Assert.Contains("--references", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Weight_space_flow_reaches_the_mirror_flow_limit_and_checkpoint_density_is_honoured()
    {
        string[] common = ["train", "--method", "gf", "--m", "6", "--n", "12", "--s", "1", "--seed", "4", "--alpha", "1e-2", "--references", "limit", "--format", "json"];
        var (code, weights, err) = CliRunner.Run([.. common, "--space", "weights", "--checkpoints-per-decade", "8"]);
        Assert.True(code == 0, err);
        var w = JsonDocument.Parse(weights).RootElement;
        Assert.Equal("weights", w.GetProperty("space").GetString());
        // Stops at the residual's rounding floor; the distance is the integrator's (relative tolerance 1e-6).
        Assert.Contains("rounding floor", w.GetProperty("message").GetString());
        Assert.True(w.GetProperty("distance_to_limit").GetDouble() <= 1e-5, weights);
        var (_, mirror, _) = CliRunner.Run([.. common, "--checkpoints-per-decade", "2"]);
        Assert.Equal("mirror", JsonDocument.Parse(mirror).RootElement.GetProperty("space").GetString());

        // Log-spaced checkpoints per decade: 8 gives about four times as many trajectory rows as 2.
        using var dir = new CliRunner.TempDir();
        int Rows(string perDecade)
        {
            var (c, _, e) = CliRunner.Run([.. common, "--checkpoints-per-decade", perDecade, "--out", dir.File($"t{perDecade}.csv")]);
            Assert.True(c == 0, e);
            return File.ReadAllLines(dir.File($"t{perDecade}.csv")).Length - 1;
        }

        int dense = Rows("8"), sparse = Rows("2");
        Assert.True(dense >= 3 * sparse, $"8 per decade gave {dense} rows, 2 per decade {sparse}");
    }

    [Fact]
    public void Gradient_descent_on_u_times_v_reports_and_saves_its_gain()
    {
        using var dir = new CliRunner.TempDir();
        var (code, output, err) = CliRunner.Run("train", "--method", "gd", "--param", "product", "--gamma", "0.3", "--seed", "2",
            "--save", dir.Path, "--format", "json");
        Assert.True(code == 0, err);
        var root = JsonDocument.Parse(output).RootElement;
        var gain = root.GetProperty("gain").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(50, gain.Length);
        Assert.True(gain.Max() > 1e-4 && gain.Min() >= 0, $"gain in [{gain.Min():E2}, {gain.Max():E2}]");
        Assert.True(File.Exists(root.GetProperty("files").GetProperty("gain").GetString()));
        var (_, gf, _) = CliRunner.Run("train", "--method", "gf", "--seed", "2", "--format", "json");
        Assert.Equal(JsonValueKind.Null, JsonDocument.Parse(gf).RootElement.GetProperty("gain").ValueKind);
    }

    [Fact]
    public void Several_alphas_train_as_one_batch_and_each_run_equals_its_own()
    {
        using var dir = new CliRunner.TempDir();
        string[] common = ["train", "--method", "gd", "--seed", "2", "--max-iter", "1500", "--references", "limit", "--format", "json"];
        var (code, output, err) = CliRunner.Run([.. common, "--alpha", "1e-2,1e-3", "--save", dir.Path]);
        Assert.Equal(ExitCodes.Stopped, code); // both end on the budget
        var root = JsonDocument.Parse(output).RootElement;
        Assert.True(root.GetProperty("batched").GetBoolean());
        var runs = root.GetProperty("runs").EnumerateArray().ToArray();
        Assert.Equal(2, runs.Length);
        for (int k = 0; k < 2; k++)
        {
            var (_, single, _) = CliRunner.Run([.. common, "--alpha", k == 0 ? "1e-2" : "1e-3"]);
            var alone = JsonDocument.Parse(single).RootElement;
            Assert.Equal(alone.GetProperty("x").EnumerateArray().Select(e => e.GetDouble()), runs[k].GetProperty("x").EnumerateArray().Select(e => e.GetDouble()));
            Assert.Equal(alone.GetProperty("distance_to_limit").GetDouble(), runs[k].GetProperty("distance_to_limit").GetDouble());
        }

        Assert.True(File.Exists(root.GetProperty("files").GetProperty("x").GetString()), err);
        var (refused, _, message) = CliRunner.Run([.. common, "--alpha", "1e-2,1e-3", "--out", dir.File("t.csv")]);
        Assert.Equal(ExitCodes.InvalidValue, refused);
        Assert.Contains("--out and --plot write one run", message);
    }

    [Fact]
    public void A_diverging_step_is_a_status_not_a_crash()
    {
        var (code, output, _) = CliRunner.Run("train", "--method", "gd", "--eta", "1e3", "--seed", "1", "--format", "json");
        Assert.Equal(ExitCodes.NumericalFailure, code);
        Assert.Equal("diverged", JsonDocument.Parse(output).RootElement.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData(ExitCodes.InvalidValue, "--horizon must be > 0", "train", "--horizon", "0")]
    [InlineData(ExitCodes.InvalidValue, "BatchSize must be in [1, m]", "train", "--method", "sgd", "--batch", "50")]
    [InlineData(ExitCodes.InvalidValue, "--alpha must be a number > 0, got '-1'", "train", "--alpha", "-1")]
    [InlineData(ExitCodes.InvalidValue, "2", "train", "--depth", "1")]
    [InlineData(ExitCodes.Usage, "--layers", "train", "--param", "layers")]
    [InlineData(ExitCodes.Usage, "--u0 and --v0", "train", "--param", "product", "--u0", "u.npy")]
    [InlineData(ExitCodes.InvalidValue, "--depth 3 cannot be honoured", "train", "--param", "product", "--depth", "3")]
    [InlineData(ExitCodes.InvalidValue, "not both", "train", "--param", "product", "--alpha", "1e-3", "--gamma", "0.2")]
    [InlineData(ExitCodes.InvalidValue, "unknown reference 'xstar'", "train", "--references", "xstar")]
    [InlineData(ExitCodes.InvalidValue, "--checkpoints-per-decade must be ≥ 1 (got 0)", "train", "--checkpoints-per-decade", "0")]
    [InlineData(ExitCodes.InvalidValue, "--space weights applies to gradient flow", "train", "--method", "gd", "--space", "weights")]
    public void Bad_input_is_refused_with_a_message(int expected, string text, params string[] args)
    {
        var (code, _, err) = CliRunner.Run(args);
        Assert.Equal(expected, code);
        Assert.Contains(text, err);
    }
}
