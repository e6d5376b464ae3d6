using System.Text.Json;
using ImplicitL1.Cli;
using ImplicitL1.Cli.Output;
using ImplicitL1.IO;

namespace ImplicitL1.Tests.Cli;

public class SaveArraysTests
{
    [Fact]
    public void Bp_save_writes_npy_files_that_equal_the_json_arrays_bit_for_bit()
    {
        using var dir = new CliRunner.TempDir();
        var (code, output, _) = CliRunner.Run("bp", "--seed", "4", "--save", dir.File("out"), "--format", "json");
        Assert.Equal(0, code);
        var root = JsonDocument.Parse(output).RootElement;
        var files = root.GetProperty("files");
        Assert.Equal(Path.Combine(dir.File("out"), "x.npy"), files.GetProperty("x").GetString());
        var x = NpyFile.ReadVector(files.GetProperty("x").GetString()!);
        Assert.Equal(root.GetProperty("x").EnumerateArray().Select(e => e.GetDouble()), x);
        var certificate = NpyFile.ReadVector(files.GetProperty("certificate").GetString()!);
        Assert.Equal(root.GetProperty("certificate").EnumerateArray().Select(e => e.GetDouble()), certificate);
        var support = ReadInt64(files.GetProperty("support").GetString()!);
        Assert.Equal(root.GetProperty("support").EnumerateArray().Select(e => e.GetInt64()), support);
    }

    [Fact]
    public void Limit_save_writes_one_row_per_alpha()
    {
        using var dir = new CliRunner.TempDir();
        var (code, output, _) = CliRunner.Run("limit", "--seed", "1", "--depth", "3", "--alpha", "1e-2,1e-5", "--save", dir.Path, "--format", "json");
        Assert.Equal(0, code);
        var root = JsonDocument.Parse(output).RootElement;
        var results = root.GetProperty("results").EnumerateArray().ToArray();
        var x = NpyFile.ReadMatrix(root.GetProperty("files").GetProperty("x").GetString()!);
        Assert.Equal(2, x.GetLength(0));
        Assert.Equal(50, x.GetLength(1));
        for (int k = 0; k < 2; k++)
        {
            var json = results[k].GetProperty("x").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            for (int j = 0; j < 50; j++)
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(json[j]), BitConverter.DoubleToInt64Bits(x[k, j]));
            }
        }

        Assert.Equal(20, NpyFile.ReadMatrix(Path.Combine(dir.Path, "nu.npy")).GetLength(1));
    }

    [Fact]
    public void Train_save_writes_the_trajectory_arrays()
    {
        using var dir = new CliRunner.TempDir();
        var (code, output, _) = CliRunner.Run("train", "--method", "gd", "--seed", "2", "--max-iter", "300", "--save", dir.Path, "--format", "json");
        // 300 steps do not reach the stopping rule: max_iterations, exit 13, with everything written.
        Assert.Equal(ExitCodes.Stopped, code);
        var files = JsonDocument.Parse(output).RootElement.GetProperty("files");
        var time = NpyFile.ReadVector(files.GetProperty("time").GetString()!);
        var trajectory = NpyFile.ReadMatrix(files.GetProperty("trajectory_x").GetString()!);
        var steps = ReadInt64(files.GetProperty("steps").GetString()!);
        Assert.Equal(time.Length, trajectory.GetLength(0));
        Assert.Equal(time.Length, steps.Length);
        Assert.Equal(300, steps[^1]);
        Assert.True(time.Zip(time.Skip(1)).All(p => p.First <= p.Second));
    }

    [Fact]
    public void Header_pads_the_data_to_64_bytes_and_a_one_d_shape_has_a_trailing_comma()
    {
        var header = SaveArrays.Header([3], "<i8");
        Assert.StartsWith("{'descr': '<i8', 'fortran_order': False, 'shape': (3,), }", header);
        Assert.Equal(0, (10 + header.Length) % 64);
        Assert.EndsWith("\n", header);
        Assert.Contains("'shape': (2, 5)", SaveArrays.Header([2, 5], "<f8"));
    }

    [Fact]
    public void Ragged_rows_are_padded_with_nan_and_null_entries_are_nan()
    {
        using var dir = new CliRunner.TempDir();
        var save = SaveArrays.Open(dir.File("sub/folder"))!;
        save.Matrix("m", [[1.0, 2.0], []]).Vector("v", new double?[] { 3.0, null });
        var m = NpyFile.ReadMatrix(dir.File("sub/folder/m.npy"));
        Assert.Equal(new[] { 1.0, 2.0 }, new[] { m[0, 0], m[0, 1] });
        Assert.True(double.IsNaN(m[1, 0]) && double.IsNaN(m[1, 1]));
        var v = NpyFile.ReadVector(dir.File("sub/folder/v.npy"));
        Assert.Equal(3.0, v[0]);
        Assert.True(double.IsNaN(v[1]));
        Assert.Equal(["m", "v"], save.Files.Select(f => f.Key));
    }

    [Fact]
    public void An_unwritable_save_folder_is_exit_code_12()
    {
        using var dir = new CliRunner.TempDir();
        File.WriteAllText(dir.File("file"), "not a folder");
        var (code, _, err) = CliRunner.Run("bp", "--seed", "1", "--save", Path.Combine(dir.File("file"), "sub"), "--format", "json");
        Assert.Equal(ExitCodes.Unwritable, code);
        Assert.Contains("--save", err);
    }

    /// <summary>Reads a '&lt;i8' vector written by SaveArrays (the library reader takes floats only).</summary>
    internal static long[] ReadInt64(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(0x93, bytes[0]);
        int headerLength = bytes[8] | (bytes[9] << 8);
        var header = System.Text.Encoding.Latin1.GetString(bytes, 10, headerLength);
        Assert.Contains("'descr': '<i8'", header);
        int start = 10 + headerLength;
        return [.. Enumerable.Range(0, (bytes.Length - start) / 8).Select(k => BitConverter.ToInt64(bytes, start + (8 * k)))];
    }
}
