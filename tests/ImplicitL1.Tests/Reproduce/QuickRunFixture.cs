using ImplicitL1.Tests.Cli;

namespace ImplicitL1.Tests.Reproduce;

/// <summary>One `reproduce all --quick` run into a temporary folder, shared by the tests of a class.</summary>
public sealed class QuickRunFixture : IDisposable
{
    public QuickRunFixture()
    {
        Root = Directory.CreateTempSubdirectory("implicit-l1-reproduce-").FullName;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        (ExitCode, Out, Err) = CliRunner.Run("reproduce", "all", "--quick", "--out", Root);
        Seconds = watch.Elapsed.TotalSeconds;
    }

    public string Root { get; }

    public int ExitCode { get; }

    public string Out { get; }

    public string Err { get; }

    public double Seconds { get; }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
