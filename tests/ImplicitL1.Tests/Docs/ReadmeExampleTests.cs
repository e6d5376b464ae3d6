using System.Text.RegularExpressions;

namespace ImplicitL1.Tests.Docs;

public partial class ReadmeExampleTests
{
    [Fact]
    public void The_README_example_is_the_compiled_one_and_runs()
    {
        string root = ImplicitL1.Tests.Cli.Golden.RepositoryRoot;
        string readme = File.ReadAllText(Path.Combine(root, "README.md"));
        string block = CSharpBlock().Match(readme).Groups[1].Value.Trim();
        string[] source = File.ReadAllLines(Path.Combine(root, "tests/ImplicitL1.Tests/Docs/ReadmeExample.cs"));
        var usings = source.TakeWhile(l => l.StartsWith("using ", StringComparison.Ordinal));
        var body = source.SkipWhile(l => !l.Contains("README:begin")).Skip(1).TakeWhile(l => !l.Contains("README:end"))
            .Select(l => l.Length >= 8 ? l[8..] : l.Trim());
        string compiled = string.Join('\n', usings.Append(string.Empty).Concat(body)).Trim();
        Assert.Equal(compiled, block.ReplaceLineEndings("\n"));

        var result = ReadmeExample.Run();
        Assert.All(result.Points, p => Assert.Equal(SolverStatus.Success, p.Status));
    }

    [GeneratedRegex("```csharp\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
