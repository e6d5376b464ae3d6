using System.Text.RegularExpressions;
using ImplicitL1.Tests.Cli;

namespace ImplicitL1.Tests.Docs;

/// <summary>Every "docs/theory.md §n" in README, src and tests points at a section that exists in the repository.</summary>
public partial class TheoryReferencesTests
{
    private static readonly string Root = Golden.RepositoryRoot;

    private static IEnumerable<string> Sources() =>
        new[] { "src", "tests" }
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(Root, d), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Append(Path.Combine(Root, "README.md"));

    [Fact]
    public void The_theory_is_in_the_repository_and_linked_from_the_README()
    {
        Assert.True(File.Exists(Path.Combine(Root, "docs", "theory.md")));
        Assert.Contains("](docs/theory.md)", File.ReadAllText(Path.Combine(Root, "README.md")));
    }

    [Fact]
    public void No_reference_points_outside_the_repository()
    {
        // Spelled in two pieces so that this file does not match itself.
        string[] outside = ["THEORY" + ".md", "../" + "shared/"];
        var offenders = Sources().Where(f => outside.Any(o => File.ReadAllText(f).Contains(o, StringComparison.Ordinal))).ToList();
        Assert.Empty(offenders);
    }

    [Fact]
    public void Every_section_reference_names_an_existing_section()
    {
        var headings = SectionHeading().Matches(File.ReadAllText(Path.Combine(Root, "docs", "theory.md")))
            .Select(m => m.Groups[1].Value).ToHashSet();
        Assert.Equal(["1", "2", "3", "4", "5", "6", "7"], headings.Order());
        int references = 0;
        foreach (var file in Sources())
        {
            foreach (Match m in SectionReference().Matches(File.ReadAllText(file)))
            {
                references++;
                Assert.True(headings.Contains(m.Groups[1].Value), $"{file}: {m.Value} has no section");
            }
        }

        Assert.True(references > 20, $"only {references} references found");
    }

    [Fact]
    public void Every_statement_is_labelled()
    {
        string text = File.ReadAllText(Path.Combine(Root, "docs", "theory.md"));
        Assert.Contains("[paper]", text);
        Assert.Contains("[reconstructed]", text);
        Assert.Contains("| 0.9 | 2 | 1e-6 | (0.812470587680, 2.083660136890e-01) | 2.803278e-01 |", text);
    }

    [GeneratedRegex(@"^## (\d+)\. ", RegexOptions.Multiline)]
    private static partial Regex SectionHeading();

    [GeneratedRegex(@"docs/theory\.md §(\d+)")]
    private static partial Regex SectionReference();
}
