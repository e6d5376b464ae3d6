using ImplicitL1.Tests.Cli;

namespace ImplicitL1.Tests.Docs;

/// <summary>The README's "$ implicit-l1 …" examples whose whole answer is one error line are run and compared verbatim.</summary>
public class ReadmeCliExamplesTests
{
    public static TheoryData<string, string> ErrorExamples()
    {
        var lines = File.ReadAllLines(Path.Combine(Golden.RepositoryRoot, "README.md"));
        var data = new TheoryData<string, string>();
        for (int i = 0; i + 1 < lines.Length; i++)
        {
            bool single = i + 2 >= lines.Length || !lines[i + 2].StartsWith("error: ", StringComparison.Ordinal);
            if (lines[i].StartsWith("$ implicit-l1 ", StringComparison.Ordinal) && lines[i + 1].StartsWith("error: ", StringComparison.Ordinal)
                && single && !lines[i].Contains(';', StringComparison.Ordinal) && !UsesLocalFiles(lines[i]))
            {
                data.Add(lines[i]["$ implicit-l1 ".Length..], lines[i + 1]);
            }
        }

        return data;
    }

    [Fact]
    public void The_README_has_error_examples() => Assert.True(ErrorExamples().Count >= 4);

    [Theory]
    [MemberData(nameof(ErrorExamples))]
    public void An_error_example_prints_what_the_README_shows(string commandLine, string expected)
    {
        var (code, _, err) = CliRunner.Run(commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.NotEqual(0, code);
        Assert.Equal(expected, err.TrimEnd('\n'));
    }

    // Relative data files (A.csv) would depend on the working directory; absolute paths such as /proc/x are fine.
    private static bool UsesLocalFiles(string line) =>
        line.Split(' ').Any(t => !t.StartsWith('/') && (t.EndsWith(".csv", StringComparison.Ordinal) || t.EndsWith(".npy", StringComparison.Ordinal)));
}
