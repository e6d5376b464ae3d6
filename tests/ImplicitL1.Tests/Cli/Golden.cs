using System.Text;

namespace ImplicitL1.Tests.Cli;

/// <summary>
/// Compares text with a file checked in under tests/ImplicitL1.Tests/Expectations and prints a line diff on failure.
/// Set IMPLICITL1_REGENERATE=1 to rewrite the files from the actual output instead (then review the git diff).
/// </summary>
internal static class Golden
{
    public const string RegenerateVariable = "IMPLICITL1_REGENERATE";

    /// <summary>The repository root (the folder holding ImplicitL1.slnx above the test assembly).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string ExpectationsFolder => Path.Combine(RepositoryRoot, "tests", "ImplicitL1.Tests", "Expectations");

    /// <summary>Trailing spaces are dropped and line endings are '\n', so editors cannot break the files.</summary>
    public static string Normalize(string text) =>
        string.Join('\n', text.ReplaceLineEndings("\n").Split('\n').Select(l => l.TrimEnd())).TrimEnd('\n') + "\n";

    public static void AssertMatches(string relativePath, string actual)
    {
        string path = Path.Combine(ExpectationsFolder, relativePath);
        string normalized = Normalize(actual);
        if (Environment.GetEnvironmentVariable(RegenerateVariable) == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, normalized);
            return;
        }

        Assert.True(File.Exists(path), $"missing expectation {path}; run the tests with {RegenerateVariable}=1 to create it.");
        string expected = Normalize(File.ReadAllText(path));
        if (expected != normalized)
        {
            Assert.Fail($"{relativePath} differs (- expected, + actual; {RegenerateVariable}=1 regenerates):\n{Diff(expected, normalized)}");
        }
    }

    /// <summary>A line diff from the longest common subsequence: "- " expected only, "+ " actual only, "  " both.</summary>
    public static string Diff(string expected, string actual)
    {
        string[] a = expected.Split('\n');
        string[] b = actual.Split('\n');
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (int i = a.Length - 1; i >= 0; i--)
        {
            for (int j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var text = new StringBuilder();
        int x = 0;
        int y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                text.Append("  ").AppendLine(a[x++]);
                y++;
            }
            else if (y < b.Length && (x == a.Length || lcs[x, y + 1] >= lcs[x + 1, y]))
            {
                text.Append("+ ").AppendLine(b[y++]);
            }
            else
            {
                text.Append("- ").AppendLine(a[x++]);
            }
        }

        return text.ToString();
    }

    private static string FindRepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ImplicitL1.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("ImplicitL1.slnx not found above the test assembly.");
    }
}
