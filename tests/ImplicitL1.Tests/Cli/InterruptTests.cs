using System.Diagnostics;
using System.Text.Json;
using ImplicitL1.Cli;
using ImplicitL1.Tests.Sweeps;

namespace ImplicitL1.Tests.Cli;

/// <summary>Ctrl-C: the running solver stops, what it has is written, and the exit code is 13 (stopped).</summary>
public class InterruptTests
{
    private static (int Code, JsonElement Json) RunCancelled(params string[] args)
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var output = new StringWriter();
        int code = CliApp.Run(args, output, new StringWriter(), isTerminal: false, cancelled.Token);
        return (code, JsonDocument.Parse(output.ToString()).RootElement);
    }

    [Fact]
    public void A_cancelled_limit_reports_every_alpha_as_cancelled_with_exit_13()
    {
        var (code, json) = RunCancelled("limit", "--m", "20", "--n", "50", "--s", "3", "--seed", "1", "--depth", "3", "--alpha", "1e-2,1e-6", "--format", "json");
        Assert.Equal(ExitCodes.Stopped, code);
        var results = json.GetProperty("results").EnumerateArray().ToArray();
        Assert.Equal(2, results.Length);
        Assert.All(results, r => Assert.Equal("cancelled", r.GetProperty("status").GetString()));
    }

    [Fact]
    public void A_cancelled_gradient_descent_writes_its_last_state_with_exit_13()
    {
        var (code, json) = RunCancelled("train", "--method", "gd", "--m", "20", "--n", "50", "--s", "3", "--seed", "1", "--alpha", "1e-2", "--format", "json");
        Assert.Equal(ExitCodes.Stopped, code);
        Assert.Equal("cancelled", json.GetProperty("status").GetString());
        Assert.Equal(50, json.GetProperty("x").GetArrayLength());
    }

    [Fact]
    public void Sigint_stops_a_long_training_run_cleanly()
    {
        using var process = SweepCliTests.StartCli("train", "--method", "gd", "--m", "40", "--n", "100", "--s", "5", "--seed", "2",
            "--alpha", "1e-3", "--eta", "1e-3", "--max-iter", "2000000000", "--loss-tol", "0", "--format", "json");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Thread.Sleep(TimeSpan.FromSeconds(3));
        Assert.False(process.HasExited, $"the run ended (exit {(process.HasExited ? process.ExitCode : 0)}) before the interrupt");
        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit();
        }

        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), "implicit-l1 did not stop within 60 s of SIGINT");
        Assert.Equal(ExitCodes.Stopped, process.ExitCode);
        Assert.Contains("interrupted", stderr.Result);
        var json = JsonDocument.Parse(stdout.Result).RootElement;
        Assert.Equal("cancelled", json.GetProperty("status").GetString());
        Assert.True(json.GetProperty("steps").GetInt64() > 0);
    }
}

public class InterruptOtherCommandsTests
{
    [Theory]
    [InlineData("bounds", "--m", "20", "--n", "50", "--s", "3", "--seed", "1", "--depth", "3")]
    [InlineData("nsp", "--m", "8", "--n", "16", "--s", "2", "--order", "2")]
    [InlineData("saddles", "--m", "20", "--n", "50", "--s", "3", "--seed", "1", "--alpha", "1e-8")]
    public void A_cancelled_command_exits_13(params string[] args)
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var output = new StringWriter();
        var error = new StringWriter();
        int code = CliApp.Run(args, output, error, isTerminal: false, cancelled.Token);
        Assert.True(code == ExitCodes.Stopped, $"exit {code}: {error}\n{output}");
    }
}
