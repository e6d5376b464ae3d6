namespace ImplicitL1.Cli.Output;

/// <summary>
/// Checks on output paths, made before any work so that a long computation never ends in "cannot write": every
/// command calls <see cref="CheckWritable"/> on every file it will write (and <see cref="CheckFolder"/> on an output
/// folder) first. A failure is a <see cref="CliException"/> with <see cref="ExitCodes.Unwritable"/> naming the flag.
/// </summary>
public static class OutputPaths
{
    /// <summary>
    /// Throws (exit 12) unless <paramref name="path"/> can be written: its folder exists and accepts a new file, the
    /// path is not a folder, and an existing file opens for writing. Nothing is left behind and an existing file is
    /// not modified.
    /// </summary>
    /// <param name="path">The output file as given on the command line; null (an output not asked for) passes.</param>
    /// <param name="flag">The option that named it, e.g. "--out", for the message.</param>
    public static void CheckWritable(string? path, string flag)
    {
        if (path is null)
        {
            return;
        }

        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw Unwritable(flag, path, e.Message);
        }

        if (Directory.Exists(full))
        {
            throw Unwritable(flag, path, "it is a folder");
        }

        string folder = Path.GetDirectoryName(full) ?? full;
        Probe(folder, create: false, reason => Unwritable(flag, path, reason));
        if (File.Exists(full))
        {
            try
            {
                using var stream = new FileStream(full, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw Unwritable(flag, path, e.Message);
            }
        }
    }

    /// <summary>
    /// Throws (exit 12) unless files can be created in <paramref name="folder"/>; with <paramref name="create"/> the
    /// folder (and its parents) is created when missing, as for <c>reproduce --out DIR</c>.
    /// </summary>
    /// <param name="folder">The output folder.</param>
    /// <param name="flag">The option that named it, for the message.</param>
    /// <param name="create">Create a missing folder instead of refusing it.</param>
    public static void CheckFolder(string folder, string flag, bool create = true) =>
        Probe(folder, create, reason => new CliException(ExitCodes.Unwritable, $"{flag}: cannot write to the output folder {folder}: {reason.TrimEnd('.')}."));

    private static void Probe(string folder, bool create, Func<string, CliException> fail)
    {
        try
        {
            if (!Directory.Exists(folder))
            {
                if (!create)
                {
                    throw fail($"the folder {folder} does not exist");
                }

                Directory.CreateDirectory(folder);
            }

            string probe = Path.Combine(folder, $".implicit-l1-probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw fail(e.Message);
        }
    }

    /// <summary>Throws (exit 2) when two output flags name the same file, e.g. --out-a and --out-y.</summary>
    /// <param name="outputs">Flag and path of every output; null paths (options not given) are skipped.</param>
    public static void CheckDistinct(IEnumerable<(string Flag, string? Path)> outputs)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (flag, path) in outputs)
        {
            if (path is null)
            {
                continue;
            }

            string full = Path.GetFullPath(path);
            if (seen.TryGetValue(full, out var other))
            {
                throw new CliException(ExitCodes.Usage, $"{other} and {flag} name the same file ({path}); the second would overwrite the first. Give different paths.");
            }

            seen[full] = flag;
        }
    }

    private static CliException Unwritable(string flag, string path, string reason) =>
        new(ExitCodes.Unwritable, $"{flag}: cannot write {path}: {reason.TrimEnd('.')}.");
}
