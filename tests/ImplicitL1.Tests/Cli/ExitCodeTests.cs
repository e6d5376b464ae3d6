using ImplicitL1.Cli;

namespace ImplicitL1.Tests.Cli;

/// <summary>One exit code per status class (ExitCodes.ForStatus), used by every command after it has printed everything.</summary>
public class ExitCodeTests
{
    [Theory]
    [InlineData(SolverStatus.Success, ExitCodes.Ok)]
    [InlineData(SolverStatus.NotUnique, ExitCodes.Ok)]
    [InlineData(SolverStatus.Infeasible, ExitCodes.Infeasible)]
    [InlineData(SolverStatus.PrecisionExhausted, ExitCodes.NumericalFailure)]
    [InlineData(SolverStatus.Diverged, ExitCodes.NumericalFailure)]
    [InlineData(SolverStatus.NumericalTrouble, ExitCodes.NumericalFailure)]
    [InlineData(SolverStatus.MaxIterations, ExitCodes.Stopped)]
    [InlineData(SolverStatus.TimeLimit, ExitCodes.Stopped)]
    [InlineData(SolverStatus.Cancelled, ExitCodes.Stopped)]
    public void Each_status_has_its_class_code(SolverStatus status, int expected) => Assert.Equal(expected, ExitCodes.ForStatus(status));

    [Fact]
    public void Every_status_is_mapped_and_only_successes_exit_0()
    {
        foreach (var status in Enum.GetValues<SolverStatus>())
        {
            Assert.Equal(status.IsSuccess(), ExitCodes.ForStatus(status) == ExitCodes.Ok);
        }
    }

    [Fact]
    public void A_list_exits_with_the_code_of_its_first_failure()
    {
        Assert.Equal(ExitCodes.Ok, ExitCodes.ForStatuses([]));
        Assert.Equal(ExitCodes.Ok, ExitCodes.ForStatuses([SolverStatus.Success, SolverStatus.NotUnique]));
        Assert.Equal(ExitCodes.Stopped, ExitCodes.ForStatuses([SolverStatus.Success, SolverStatus.MaxIterations, SolverStatus.Diverged]));
    }

    // limit and bounds read α in log form, so α = 1e-1000 reaches the solver and fails there at D = 3.
    [Theory]
    [InlineData("limit")]
    [InlineData("bounds")]
    public void A_failed_alpha_is_printed_and_the_command_exits_10(string command)
    {
        // α = 1e-1000 at D = 3: 1 − |w| ≈ 10^-333 is below the double range, so that point is precision_exhausted.
        var (code, output, _) = CliRunner.Run(command, "--seed", "1", "--depth", "3", "--alpha", "1e-8,1e-1000", "--format", "csv");
        Assert.Equal(ExitCodes.NumericalFailure, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Contains("success", lines[1]);
        Assert.Contains("precision_exhausted", lines[2]);
    }

    [Fact]
    public void Gradient_descent_divergence_does_not_exit_0()
    {
        var (code, output, _) = CliRunner.Run("train", "--method", "gd", "--eta", "1e3", "--seed", "1", "--format", "csv");
        Assert.Equal(ExitCodes.NumericalFailure, code);
        Assert.Contains("diverged", output);
    }
}
