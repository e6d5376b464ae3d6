using System.Text;
using ImplicitL1.Cli;
using ImplicitL1.IO;

namespace ImplicitL1.Tests.Cli;

/// <summary>Each class of bad input: a one-line message and its own exit code.</summary>
public class CliBadInputTests
{
    private static void AssertFails(int expectedCode, string expectedText, params string[] args)
    {
        var (code, _, err) = CliRunner.Run(args);
        Assert.Equal(expectedCode, code);
        Assert.StartsWith("error: ", err);
        Assert.Contains(expectedText, err);
        Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error: ", StringComparison.Ordinal));
    }

    [Fact]
    public void Alpha_not_positive() => AssertFails(ExitCodes.InvalidValue, "α must be finite and > 0", "limit", "--alpha", "1e-3,0");

    [Fact]
    public void Alpha_not_a_number() => AssertFails(ExitCodes.InvalidValue, "'abc' is not a number", "limit", "--alpha", "abc");

    [Fact]
    public void Depth_below_two() => AssertFails(ExitCodes.InvalidValue, "--depth must be a number ≥ 2, got '1.5'", "limit", "--depth", "1.5");

    // Spectre's conversion errors ("Failed to convert 'abc' to Double", "'__default_command' to Nullable`1") and the
    // library's parameter names ("StepSize") never reach the user: each message names the flag and what it accepts.
    [Theory]
    [InlineData(ExitCodes.InvalidValue, "--depth must be a number ≥ 2, got 'abc'.", "limit", "--depth", "abc")]
    [InlineData(ExitCodes.InvalidValue, "--depth must be a number ≥ 2, got 'abc'.", "limit", "--depth=abc")]
    [InlineData(ExitCodes.InvalidValue, "--depth must be a number ≥ 2, got 'abc'.", "bounds", "--depth", "abc")]
    [InlineData(ExitCodes.InvalidValue, "--depth must be a number ≥ 2, got 'abc'.", "train", "--depth", "abc")]
    [InlineData(ExitCodes.InvalidValue, "--depth must be a number ≥ 2, got '1'.", "bounds", "--depth", "1")]
    [InlineData(ExitCodes.InvalidValue, "--depth must be a number ≥ 2, got 'Infinity'.", "limit", "--depth", "Infinity")]
    [InlineData(ExitCodes.Usage, "--depth needs a value: a comma-separated list of numbers ≥ 2.", "limit", "--depth")]
    [InlineData(ExitCodes.Usage, "--depth needs a value: a comma-separated list of numbers ≥ 2.", "limit", "--depth", "--seed", "1")]
    [InlineData(ExitCodes.InvalidValue, "--format must be one of table, json, csv, got 'xml'.", "limit", "--format", "xml")]
    [InlineData(ExitCodes.InvalidValue, "--format must be one of table, json, csv, got 'xml'.", "generate", "--format", "xml", "--out-a", "a.npy", "--out-y", "y.npy")]
    [InlineData(ExitCodes.Usage, "--format needs a value: one of table, json, csv.", "bp", "--format")]
    [InlineData(ExitCodes.InvalidValue, "--design must be one of gaussian, rademacher, correlated, got 'uniform'.", "bp", "--design", "uniform")]
    [InlineData(ExitCodes.InvalidValue, "--method must be one of gf, gd, sgd, got 'adam'.", "train", "--method", "adam")]
    [InlineData(ExitCodes.InvalidValue, "--eta must be a number > 0, got '0'.", "train", "--method", "gd", "--eta", "0")]
    [InlineData(ExitCodes.InvalidValue, "--m must be an integer ≥ 1, got 'abc'.", "bp", "--m", "abc")]
    [InlineData(ExitCodes.InvalidValue, "--m must be an integer ≥ 1, got '2.5'.", "bp", "--m", "2.5")]
    [InlineData(ExitCodes.InvalidValue, "--m must be an integer ≥ 1, got '0'.", "rho", "--m", "0")]
    [InlineData(ExitCodes.Usage, "--m needs a value: an integer ≥ 1.", "bp", "--m")]
    [InlineData(ExitCodes.InvalidValue, "--n must be an integer ≥ 1, got 'x'.", "nsp", "--n", "x", "--order", "1")]
    [InlineData(ExitCodes.InvalidValue, "--s must be an integer ≥ 0, got '-1'.", "bp", "--s", "-1")]
    [InlineData(ExitCodes.InvalidValue, "--seed must be an integer, got '1.5'.", "bp", "--seed", "1.5")]
    [InlineData(ExitCodes.InvalidValue, "--noise must be a number ≥ 0, got '-0.1'.", "bp", "--noise", "-0.1")]
    [InlineData(ExitCodes.InvalidValue, "--correlation must be a number in (−1, 1), got '1'.", "bp", "--design", "correlated", "--correlation", "1")]
    [InlineData(ExitCodes.InvalidValue, "--order must be an integer ≥ 1, got '0'.", "nsp", "--order", "0")]
    [InlineData(ExitCodes.InvalidValue, "--order must be an integer ≥ 1, got 'two'.", "nsp", "--order", "two")]
    [InlineData(ExitCodes.InvalidValue, "--threads must be an integer ≥ 1, got '0'.", "sweep", "spec.json", "--db", "x.db", "--threads", "0")]
    [InlineData(ExitCodes.Usage, "--A needs a value: FILE.", "bp", "--A", "--seed", "1")]
    [InlineData(ExitCodes.Usage, "--out needs a value: FILE.", "train", "--out")]
    [InlineData(ExitCodes.Usage, "--out needs a value: FILE.", "train", "--out", "--seed", "1")]
    [InlineData(ExitCodes.Usage, "--db needs a value: FILE.", "sweep", "spec.json", "--db")]
    public void Option_values_are_refused_in_the_flags_own_words(int expectedCode, string expectedText, params string[] args) =>
        AssertFails(expectedCode, expectedText, args);

    [Fact]
    public void Unknown_option_is_usage() => AssertFails(ExitCodes.Usage, "Unknown option", "limit", "--bogus", "1");

    [Fact]
    public void A_without_y_is_usage() => AssertFails(ExitCodes.Usage, "--A and --y must be given together", "bp", "--A", "x.npy");

    [Fact]
    public void Files_and_generator_options_conflict()
    {
        using var dir = new CliRunner.TempDir();
        NpyFile.Write(dir.File("A.npy"), new double[,] { { 1, 2 } });
        NpyFile.Write(dir.File("y.npy"), new[] { 1.0 });
        AssertFails(ExitCodes.Usage, "not both", "bp", "--A", dir.File("A.npy"), "--y", dir.File("y.npy"), "--m", "3");
    }

    [Fact]
    public void Missing_file_is_unreadable() => AssertFails(ExitCodes.Unreadable, "missing.npy", "bp", "--A", "/nonexistent/missing.npy", "--y", "/nonexistent/y.npy");

    [Fact]
    public void Truncated_npy_is_corrupt()
    {
        using var dir = new CliRunner.TempDir();
        NpyFile.Write(dir.File("A.npy"), new double[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        var bytes = File.ReadAllBytes(dir.File("A.npy"));
        File.WriteAllBytes(dir.File("A.npy"), bytes[..^9]);
        NpyFile.Write(dir.File("y.npy"), new[] { 1.0, 2.0 });
        AssertFails(ExitCodes.Corrupt, "A.npy", "bp", "--A", dir.File("A.npy"), "--y", dir.File("y.npy"));
    }

    [Fact]
    public void Integer_npy_is_unsupported()
    {
        using var dir = new CliRunner.TempDir();
        File.WriteAllBytes(dir.File("A.npy"), NpyBytes("<i8", "(1, 2)", new byte[16]));
        NpyFile.Write(dir.File("y.npy"), new[] { 1.0 });
        AssertFails(ExitCodes.UnsupportedType, "<i8", "bp", "--A", dir.File("A.npy"), "--y", dir.File("y.npy"));
    }

    [Fact]
    public void Big_endian_npy_is_unsupported()
    {
        using var dir = new CliRunner.TempDir();
        File.WriteAllBytes(dir.File("A.npy"), NpyBytes(">f8", "(1, 2)", new byte[16]));
        NpyFile.Write(dir.File("y.npy"), new[] { 1.0 });
        AssertFails(ExitCodes.UnsupportedType, "big-endian", "bp", "--A", dir.File("A.npy"), "--y", dir.File("y.npy"));
    }

    [Fact]
    public void NaN_in_A_is_non_finite()
    {
        using var dir = new CliRunner.TempDir();
        NpyFile.Write(dir.File("A.npy"), new double[,] { { 1, double.NaN } });
        NpyFile.Write(dir.File("y.npy"), new[] { 1.0 });
        AssertFails(ExitCodes.NonFinite, "A[0, 1] is NaN", "bp", "--A", dir.File("A.npy"), "--y", dir.File("y.npy"));
    }

    [Fact]
    public void Inf_in_y_is_non_finite()
    {
        using var dir = new CliRunner.TempDir();
        NpyFile.Write(dir.File("A.npy"), new double[,] { { 1, 2 } });
        NpyFile.Write(dir.File("y.npy"), new[] { double.PositiveInfinity });
        AssertFails(ExitCodes.NonFinite, "y[0]", "limit", "--A", dir.File("A.npy"), "--y", dir.File("y.npy"));
    }

    [Fact]
    public void Shape_mismatch()
    {
        using var dir = new CliRunner.TempDir();
        NpyFile.Write(dir.File("A.npy"), new double[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        NpyFile.Write(dir.File("y.npy"), new[] { 1.0, 2.0, 3.0 });
        AssertFails(ExitCodes.ShapeMismatch, "has 3 entries but", "bp", "--A", dir.File("A.npy"), "--y", dir.File("y.npy"));
    }

    [Fact]
    public void Y_outside_the_range_is_infeasible()
    {
        using var dir = new CliRunner.TempDir();
        NpyFile.Write(dir.File("A.npy"), new double[,] { { 1, 2, 3 }, { 2, 4, 6 } });
        NpyFile.Write(dir.File("y.npy"), new[] { 1.0, 0.0 });
        AssertFails(ExitCodes.Infeasible, "not in the range of A", "limit", "--A", dir.File("A.npy"), "--y", dir.File("y.npy"));
        var (code, _, _) = CliRunner.Run("bp", "--A", dir.File("A.npy"), "--y", dir.File("y.npy"), "--format", "json");
        Assert.Equal(ExitCodes.Infeasible, code);
    }

    [Fact]
    public void Rank_deficient_consistent_A_warns_and_solves()
    {
        using var dir = new CliRunner.TempDir();
        NpyFile.Write(dir.File("A.npy"), new double[,] { { 1, 0.5, 0.2 }, { 2, 1, 0.4 } });
        NpyFile.Write(dir.File("y.npy"), new[] { 1.0, 2.0 });
        var (code, _, err) = CliRunner.Run("bp", "--A", dir.File("A.npy"), "--y", dir.File("y.npy"), "--format", "json");
        Assert.Equal(0, code);
        Assert.Contains("rank-deficient: dropped dependent rows [1]", err);
    }

    [Fact]
    public void A_csv_whose_first_line_is_a_word_is_corrupt_unless_header_is_given()
    {
        using var dir = new CliRunner.TempDir();
        File.WriteAllText(dir.File("A.csv"), "1,0.5\n");
        File.WriteAllText(dir.File("y.csv"), "target\n1\n");
        AssertFails(ExitCodes.Corrupt, "y.csv: line 1, column 1: 'target' is not a number; if line 1 is a header, say so (implicit-l1: --header)", "bp", "--A", dir.File("A.csv"), "--y", dir.File("y.csv"));
        File.WriteAllText(dir.File("y1.csv"), "1\n");
        File.WriteAllText(dir.File("Ah.csv"), "a1,a2\n1,0.5\n");
        var (code, output, _) = CliRunner.Run("bp", "--A", dir.File("Ah.csv"), "--y", dir.File("y.csv"), "--header", "--format", "json");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(1.0, System.Text.Json.JsonDocument.Parse(output).RootElement.GetProperty("x")[0].GetDouble(), 12);
        AssertFails(ExitCodes.Corrupt, "y1.csv: line 1 should be the announced header", "bp", "--A", dir.File("Ah.csv"), "--y", dir.File("y1.csv"), "--header");
    }

    [Fact]
    public void Unknown_extension_is_unsupported() => AssertFails(ExitCodes.UnsupportedType, ".xlsx", "bp", "--A", "A.xlsx", "--y", "y.xlsx");

    [Fact]
    public void Generator_values_out_of_range() => AssertFails(ExitCodes.InvalidValue, "s must be in [0, N]", "bp", "--n", "5", "--s", "9");

    private static byte[] NpyBytes(string descr, string shape, byte[] data)
    {
        string header = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}";
        int total = 10 + header.Length + 1;
        header = header.PadRight(header.Length + ((64 - (total % 64)) % 64)) + "\n";
        var bytes = new List<byte> { 0x93 };
        bytes.AddRange(Encoding.ASCII.GetBytes("NUMPY"));
        bytes.AddRange([1, 0, (byte)(header.Length & 0xFF), (byte)(header.Length >> 8)]);
        bytes.AddRange(Encoding.ASCII.GetBytes(header));
        bytes.AddRange(data);
        return [.. bytes];
    }
}
