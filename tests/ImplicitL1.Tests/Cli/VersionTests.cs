using System.Reflection;
using ImplicitL1.Cli;

namespace ImplicitL1.Tests.Cli;

public class VersionTests
{
    [Theory]
    [InlineData("--version")]
    [InlineData("-v")]
    public void Version_prints_the_informational_version_and_exits_0(string flag)
    {
        var (code, output, err) = CliRunner.Run(flag);
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(string.Empty, err);
        string expected = typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        Assert.Equal(expected, output.Trim());
        Assert.StartsWith("0.1.0", expected);
    }

    [Fact]
    public void No_command_prints_the_overview_and_exits_2()
    {
        var (code, output, _) = CliRunner.Run();
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("USAGE:", output);
        Assert.Contains("COMMANDS:", output);
    }
}
