namespace ImplicitL1.Cli.Output;

/// <summary>
/// Solver progress on stderr, "progress: PREFIX message" (PREFIX null: the report's stage), at most every <c>every</c> and only once the work has run
/// <c>quietStart</c> (a quick solve prints nothing): one line rewritten in place (\r) in a terminal, plain lines when
/// stderr is redirected (a bar would print nothing there). <see cref="Done"/> prints the last report if it was held back.
/// </summary>
public sealed class ProgressLines(CliContext cli, string? prefix, TimeSpan? quietStart = null, TimeSpan? every = null) : IProgress<SolverProgress>
{
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private readonly TimeSpan _quiet = quietStart ?? TimeSpan.Zero;
    private readonly TimeSpan _every = every ?? TimeSpan.FromSeconds(0.5);
    private readonly object _gate = new();
    private TimeSpan _last = TimeSpan.FromDays(-1);
    private SolverProgress? _latest;
    private bool _wrote, _pending;

    /// <inheritdoc/>
    public void Report(SolverProgress value)
    {
        lock (_gate)
        {
            _latest = value;
            _pending = true;
            var now = _clock.Elapsed;
            if (now >= _quiet && now - _last >= _every)
            {
                _last = now;
                Write(value);
            }
        }
    }

    /// <summary>Prints the latest report if it was throttled (and the quiet start has passed), and ends the in-place line.</summary>
    public void Done()
    {
        lock (_gate)
        {
            if (_latest is not null && _pending && _clock.Elapsed >= _quiet)
            {
                Write(_latest);
            }

            if (cli.IsTerminal && _wrote)
            {
                cli.Error.WriteLine();
            }
        }
    }

    private void Write(SolverProgress c)
    {
        _wrote = true;
        _pending = false;
        string line = $"progress: {prefix ?? c.Stage} {c.Message}";
        if (cli.IsTerminal)
        {
            cli.Error.Write("\r" + line.PadRight(100));
        }
        else
        {
            cli.Error.WriteLine(line);
        }
    }
}
