using ImplicitL1.Sweeps;

namespace ImplicitL1.Cli.Commands;

/// <summary>Helpers shared by sweep, merge and export.</summary>
internal static class SweepCommands
{
    /// <summary>Loads a spec file; a missing or unreadable file is <see cref="ExitCodes.Unreadable"/>.</summary>
    public static SweepSpec LoadSpec(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.Unreadable, $"cannot read the spec {path}: {e.Message}");
        }

        return SweepSpec.Parse(text, path);
    }

    /// <summary>The spec stored in a database (re-parsed from its text).</summary>
    public static SweepSpec StoredSpec(SweepDatabase database)
    {
        try
        {
            return SweepSpec.Parse(database.SpecText, database.Path + " (stored spec)");
        }
        catch (SweepSpecException e)
        {
            throw new SweepDatabaseException(SweepDatabaseError.NotASweep, database.Path, "its stored spec does not parse: " + e.Message);
        }
    }
}
