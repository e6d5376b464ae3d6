using ImplicitL1.Cli;
using ImplicitL1.Cli.Output;

namespace ImplicitL1.Tests.Cli;

/// <summary>Every output path is checked before any work: exit 12 naming the flag, no computation, no partial files.</summary>
public class OutputPathsTests
{
    private const string MissingFolder = "/nonexistent-implicit-l1-folder";

    [Theory]
    [InlineData("--out", "train", "--out", MissingFolder + "/run.csv")]
    [InlineData("--plot", "train", "--plot", MissingFolder + "/run")]
    [InlineData("--out-a", "generate", "--out-a", MissingFolder + "/A.npy", "--out-y", "y.npy")]
    [InlineData("--out-y", "generate", "--out-a", "A.npy", "--out-y", MissingFolder + "/y.npy")]
    [InlineData("--out", "export", "missing.db", "--out", MissingFolder + "/all.csv")]
    [InlineData("--db", "sweep", "missing-spec.json", "--db", MissingFolder + "/r.db")]
    [InlineData("<OUT>", "merge", MissingFolder + "/m.db", "missing.db")]
    public void An_unwritable_output_is_refused_before_any_work(string flag, params string[] args)
    {
        var (code, output, err) = CliRunner.Run(args);
        Assert.Equal(ExitCodes.Unwritable, code);
        Assert.StartsWith($"error: {flag}: cannot write {MissingFolder}/", err);
        Assert.Contains("does not exist", err);
        Assert.DoesNotContain("progress:", err);
        Assert.Equal(string.Empty, output);
    }

    [Fact]
    public void Generate_writes_nothing_when_one_output_is_unwritable()
    {
        using var dir = new CliRunner.TempDir();
        var (code, _, err) = CliRunner.Run("generate", "--out-a", dir.File("A.npy"), "--out-y", dir.File("y.npy"), "--out-x", dir.Path);
        Assert.Equal(ExitCodes.Unwritable, code);
        Assert.Contains("--out-x: cannot write", err);
        Assert.Contains("it is a folder", err);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void Out_a_equal_to_out_y_is_refused_instead_of_overwriting_A()
    {
        using var dir = new CliRunner.TempDir();
        var (code, _, err) = CliRunner.Run("generate", "--out-a", dir.File("A.npy"), "--out-y", Path.Combine(dir.Path, ".", "A.npy"));
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--out-a and --out-y name the same file", err);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void The_check_leaves_no_file_behind_and_does_not_touch_an_existing_one()
    {
        using var dir = new CliRunner.TempDir();
        OutputPaths.CheckWritable(dir.File("new.csv"), "--out");
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
        File.WriteAllText(dir.File("old.csv"), "keep me");
        OutputPaths.CheckWritable(dir.File("old.csv"), "--out");
        Assert.Equal("keep me", File.ReadAllText(dir.File("old.csv")));
        Assert.Single(Directory.GetFileSystemEntries(dir.Path));
        OutputPaths.CheckWritable(null, "--out");
    }

    [Fact]
    public void A_missing_output_folder_is_created_only_when_asked()
    {
        using var dir = new CliRunner.TempDir();
        string folder = Path.Combine(dir.Path, "a", "b");
        var e = Assert.Throws<CliException>(() => OutputPaths.CheckFolder(folder, "--out", create: false));
        Assert.Equal(ExitCodes.Unwritable, e.ExitCode);
        Assert.False(Directory.Exists(folder));
        OutputPaths.CheckFolder(folder, "--out");
        Assert.True(Directory.Exists(folder));
        Assert.Empty(Directory.GetFileSystemEntries(folder));
    }
}
