using ImplicitL1.Cli;

namespace ImplicitL1.Tests.Cli;

/// <summary>--help of the root and of every command against Expectations/Help/&lt;command&gt;.txt.</summary>
public class HelpTests
{
    private static readonly string[] Names = ["generate", "bp", "rho", "limit", "train", "bounds", "nsp", "sweep", "merge", "export", "reproduce", "compare", "saddles"];

    public static TheoryData<string> Commands { get; } = [.. Names];

    [Fact]
    public void Root_help_matches_its_expectation()
    {
        var (code, output, err) = CliRunner.Run("--help");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(string.Empty, err);
        Golden.AssertMatches(Path.Combine("Help", "root.txt"), output);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void Command_help_matches_its_expectation_and_h_is_the_same(string command)
    {
        var (code, output, err) = CliRunner.Run(command, "--help");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(string.Empty, err);
        Assert.Contains("USAGE:", output);
        Golden.AssertMatches(Path.Combine("Help", command + ".txt"), output);
        var (shortCode, shortOutput, _) = CliRunner.Run(command, "-h");
        Assert.Equal(ExitCodes.Ok, shortCode);
        Assert.Equal(output, shortOutput);
    }

    [Fact]
    public void Every_registered_command_has_an_expectation()
    {
        var (_, output, _) = CliRunner.Run("--help");
        var listed = output[output.IndexOf("COMMANDS:", StringComparison.Ordinal)..].Split('\n').Skip(1)
            .Where(l => l.StartsWith("    ", StringComparison.Ordinal) && l.Length > 4 && l[4] != ' ')
            .Select(l => l.Trim().Split(' ')[0]);
        Assert.Equal(Names.Order(), listed.Order());
    }

    [Fact]
    public void Generate_offers_only_its_own_options()
    {
        var (_, output, _) = CliRunner.Run("generate", "--help");
        Assert.DoesNotContain("--matrix", output);
        Assert.DoesNotContain("--rhs", output);
        Assert.Contains("--out-a", output);
        Assert.Contains("--format", output);
        var (code, _, err) = CliRunner.Run("generate", "--A", "A.npy", "--out-a", "a.npy", "--out-y", "y.npy");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("Unknown option", err);
    }

    [Fact]
    public void Golden_diff_shows_removed_and_added_lines()
    {
        string diff = Golden.Diff("a\nb\nc\n", "a\nB\nc\n");
        Assert.Contains("- b", diff);
        Assert.Contains("+ B", diff);
        Assert.Contains("  a", diff);
    }
}
