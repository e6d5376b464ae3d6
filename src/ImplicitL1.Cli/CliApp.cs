using Spectre.Console.Cli;

namespace ImplicitL1.Cli;

/// <summary>Entry point of the implicit-l1 tool.</summary>
public static class CliApp
{
    /// <summary>Runs the tool with the given arguments and returns the exit code.</summary>
    public static int Run(string[] args)
    {
        var app = new CommandApp();
        Configure(app);
        return app.Run(args);
    }

    /// <summary>Registers every command (shared with the in-process tests).</summary>
    public static void Configure(IConfigurator<CommandSettings> config)
    {
        _ = config;
    }

    private static void Configure(CommandApp app) => app.Configure(c => c.SetApplicationName("implicit-l1"));
}
