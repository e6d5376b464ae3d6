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

    [Fact]
    public void The_README_method_example_is_the_compiled_one_and_runs()
    {
        string root = ImplicitL1.Tests.Cli.Golden.RepositoryRoot;
        string readme = File.ReadAllText(Path.Combine(root, "README.md"));
        // The second C# block of the README, after its using line, is the body between the methods markers.
        var lines = CSharpBlock().Matches(readme)[1].Groups[1].Value.Trim().ReplaceLineEndings("\n").Split('\n');
        Assert.Equal("using ImplicitL1.Methods;", lines[0]);
        string[] source = File.ReadAllLines(Path.Combine(root, "tests/ImplicitL1.Tests/Docs/ReadmeMethodExample.cs"));
        var body = source.SkipWhile(l => !l.Contains("README:methods-begin")).Skip(1).TakeWhile(l => !l.Contains("README:methods-end"))
            .Select(l => l.Length >= 8 ? l[8..] : l.Trim());
        Assert.Equal(string.Join('\n', body).Trim(), string.Join('\n', lines.Skip(1)).Trim());

        var (limit, gd) = ReadmeMethodExample.Run();
        Assert.Equal(SolverStatus.Success, limit.Status);
        Assert.NotNull(gd.DistanceToLimit);
        Assert.NotEmpty(gd.Trajectory);
    }

    [GeneratedRegex("```csharp\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
