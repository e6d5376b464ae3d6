using ImplicitL1.Cli;
using ImplicitL1.Cli.Output;

namespace ImplicitL1.Tests.Cli;

public class ProgressLinesTests
{
    private static (ProgressLines Lines, StringWriter Error) Redirected(TimeSpan every)
    {
        var error = new StringWriter();
        return (new ProgressLines(new CliContext(new StringWriter(), error, isTerminal: false), "limit", TimeSpan.Zero, every), error);
    }

    private static string[] LinesOf(StringWriter w) => w.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void Done_prints_a_held_back_report_once_and_never_repeats_a_printed_one()
    {
        var (lines, error) = Redirected(TimeSpan.FromHours(1));
        lines.Report(new SolverProgress("limit", 1, 0.5, "first"));
        lines.Report(new SolverProgress("limit", 2, 1.0, "second")); // throttled
        lines.Done();
        Assert.Equal(["progress: limit first", "progress: limit second"], LinesOf(error));

        var (once, error2) = Redirected(TimeSpan.Zero);
        once.Report(new SolverProgress("limit", 1, 1.0, "only"));
        once.Done();
        Assert.Equal(["progress: limit only"], LinesOf(error2));
    }
}
