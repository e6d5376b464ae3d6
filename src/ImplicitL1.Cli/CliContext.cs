namespace ImplicitL1.Cli;

/// <summary>Where a command writes: the process streams, or test writers when run in-process.</summary>
public sealed class CliContext(TextWriter output, TextWriter error, bool isTerminal)
{
    private static readonly AsyncLocal<CliContext?> CurrentContext = new();

    /// <summary>Standard output (results).</summary>
    public TextWriter Out { get; } = output;

    /// <summary>Standard error (warnings, progress, errors).</summary>
    public TextWriter Error { get; } = error;

    /// <summary>True when standard output is an interactive terminal (tables by default, else JSON).</summary>
    public bool IsTerminal { get; } = isTerminal;

    /// <summary>The context of the running command (process streams when none was set).</summary>
    public static CliContext Current
    {
        get => CurrentContext.Value ?? new CliContext(Console.Out, Console.Error, !Console.IsOutputRedirected);
        set => CurrentContext.Value = value;
    }

    /// <summary>Writes "warning: …" to standard error.</summary>
    public void Warn(string message) => Error.WriteLine("warning: " + message);
}
