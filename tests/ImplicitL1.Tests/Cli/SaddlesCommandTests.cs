using System.Text.Json;
using ImplicitL1.Cli;
using ImplicitL1.IO;

namespace ImplicitL1.Tests.Cli;

public class SaddlesCommandTests
{
    [Fact]
    public void The_path_ends_at_the_l1_solution_with_increasing_jump_times_and_falling_loss()
    {
        using var dir = new CliRunner.TempDir();
        var (code, output, _) = CliRunner.Run("saddles", "--seed", "1", "--alpha", "1e-8", "--save", dir.Path, "--format", "json");
        Assert.Equal(0, code);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.Equal("success", root.GetProperty("status").GetString());
        Assert.True(root.GetProperty("end_point_distance_to_l1").GetDouble() < 1e-10);
        var saddles = root.GetProperty("saddles").EnumerateArray().ToArray();
        Assert.Equal(root.GetProperty("jumps").GetInt32() + 1, saddles.Length);
        var tau = saddles.Select(s => s.GetProperty("jump_time").GetDouble()).ToArray();
        var loss = saddles.Select(s => s.GetProperty("loss").GetDouble()).ToArray();
        Assert.Equal(0.0, tau[0]);
        Assert.True(tau.Zip(tau.Skip(1)).All(p => p.First < p.Second));
        Assert.True(loss.Zip(loss.Skip(1)).All(p => p.First > p.Second));
        foreach (var s in saddles)
        {
            double t = s.GetProperty("jump_time").GetDouble();
            Assert.Equal(t * Math.Log(1e8) / 4, s.GetProperty("gf_time").GetDouble(), 1e-12);
            var dual = s.GetProperty("dual").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            Assert.All(dual, d => Assert.InRange(d, -1.0, 1.0));
            foreach (var i in s.GetProperty("support").EnumerateArray().Select(e => e.GetInt32()))
            {
                Assert.Equal(1.0, Math.Abs(dual[i]));
            }
        }

        var beta = NpyFile.ReadMatrix(Path.Combine(dir.Path, "beta.npy"));
        Assert.Equal(saddles.Length, beta.GetLength(0));
        var jump = NpyFile.ReadVector(Path.Combine(dir.Path, "jump_time.npy"));
        Assert.Equal(tau, jump);
    }

    [Fact]
    public void Without_alpha_the_gradient_flow_time_is_null_and_a_bad_budget_is_refused()
    {
        var (code, output, _) = CliRunner.Run("saddles", "--seed", "2", "--format", "json");
        Assert.Equal(0, code);
        var first = JsonDocument.Parse(output).RootElement.GetProperty("saddles")[0];
        Assert.Equal(JsonValueKind.Null, first.GetProperty("gf_time").ValueKind);
        var (bad, _, err) = CliRunner.Run("saddles", "--seed", "2", "--max-saddles", "0");
        Assert.Equal(ExitCodes.Usage, bad);
        Assert.Contains("--max-saddles must be ≥ 1", err);
        var (budget, limited, _) = CliRunner.Run("saddles", "--seed", "2", "--max-saddles", "1", "--format", "json");
        Assert.Equal(0, budget);
        Assert.Equal("max_iterations", JsonDocument.Parse(limited).RootElement.GetProperty("status").GetString());
    }
}
