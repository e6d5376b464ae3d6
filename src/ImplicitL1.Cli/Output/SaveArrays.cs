using System.Buffers.Binary;
using System.ComponentModel;
using System.Globalization;
using System.Text;
using ImplicitL1.Dynamics;
using ImplicitL1.IO;
using Spectre.Console.Cli;

namespace ImplicitL1.Cli.Output;

/// <summary>
/// The <c>--save DIR</c> machinery: a command's vectors and matrices written as <c>.npy</c> files (version 1.0,
/// little-endian, C order: '&lt;f8' for numbers, '&lt;i8' for indices, NaN where JSON would say null), named in the
/// JSON output as <c>"files": {"x": "DIR/x.npy", …}</c>. The JSON keeps its scalars (and its arrays, unchanged); a
/// client such as the Python package reads the arrays from the files, bit for bit, instead of from decimal text.
/// </summary>
public sealed class SaveArrays
{
    private readonly List<KeyValuePair<string, string>> _files = [];

    private SaveArrays(string directory) => Directory = directory;

    /// <summary>The folder as given on the command line.</summary>
    public string Directory { get; }

    /// <summary>Array name → file path (the folder as given, joined with name.npy), in the order written.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Files => _files;

    /// <summary>
    /// Creates <paramref name="directory"/> (and its parents) when missing; null when no --save was given.
    /// </summary>
    /// <exception cref="CliException">InvalidValue for an empty name, Unwritable when the folder cannot be created.</exception>
    public static SaveArrays? Open(string? directory)
    {
        if (directory is null)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(directory))
        {
            throw new CliException(ExitCodes.InvalidValue, "--save needs a folder name.");
        }

        try
        {
            System.IO.Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new CliException(ExitCodes.Unwritable, $"--save {directory}: cannot create the folder: {e.Message.ReplaceLineEndings(" ")}");
        }

        return new SaveArrays(directory);
    }

    /// <summary>Writes name.npy of shape (n,), '&lt;f8'.</summary>
    public SaveArrays Vector(string name, ReadOnlySpan<double> values) => WriteDoubles(name, [values.Length], values);

    /// <summary>Writes name.npy of shape (n,), '&lt;f8', with NaN for null entries.</summary>
    public SaveArrays Vector(string name, IEnumerable<double?> values) =>
        Vector(name, values.Select(v => v ?? double.NaN).ToArray());

    /// <summary>Writes name.npy of shape (n,), '&lt;i8' (indices, signs, step counts).</summary>
    public SaveArrays Integers(string name, IEnumerable<long> values)
    {
        var data = values.ToArray();
        return Write(name, stream =>
        {
            WriteHeader(stream, [data.Length], "<i8");
            var item = new byte[8];
            foreach (long v in data)
            {
                BinaryPrimitives.WriteInt64LittleEndian(item, v);
                stream.Write(item);
            }
        });
    }

    /// <summary>
    /// Writes name.npy of shape (rows.Count, n), '&lt;f8', one row per entry of <paramref name="rows"/>, n the longest
    /// row's length; shorter rows (a failed point's empty x) are padded with NaN.
    /// </summary>
    public SaveArrays Matrix(string name, IReadOnlyList<double[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        int n = rows.Count == 0 ? 0 : rows.Max(r => r.Length);
        var data = new double[rows.Count * n];
        Array.Fill(data, double.NaN);
        for (int i = 0; i < rows.Count; i++)
        {
            rows[i].CopyTo(data, i * n);
        }

        return WriteDoubles(name, [rows.Count, n], data);
    }

    /// <summary>
    /// Writes a trajectory as time, rescaled_time, steps ('&lt;i8'), loss, distance_to_l1, distance_to_limit (NaN where
    /// undefined) and trajectory_x (one row per checkpoint).
    /// </summary>
    public SaveArrays Trajectory(IReadOnlyList<TrajectoryPoint> trajectory)
    {
        ArgumentNullException.ThrowIfNull(trajectory);
        return Vector("time", trajectory.Select(c => c.Time).ToArray())
            .Vector("rescaled_time", trajectory.Select(c => c.RescaledTime).ToArray())
            .Integers("steps", trajectory.Select(c => c.Iteration))
            .Vector("loss", trajectory.Select(c => c.Loss).ToArray())
            .Vector("distance_to_l1", trajectory.Select(c => c.DistanceToL1))
            .Vector("distance_to_limit", trajectory.Select(c => c.DistanceToLimit))
            .Matrix("trajectory_x", [.. trajectory.Select(c => c.X)]);
    }

    /// <summary>Writes <c>"files": {name: path, …}</c> into the open JSON object.</summary>
    public void WriteJson(JsonOutput json)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.Writer.WriteStartObject("files");
        foreach (var (name, file) in _files)
        {
            json.Writer.WriteString(name, file);
        }

        json.Writer.WriteEndObject();
    }

    /// <summary>The version 1.0 header (padded with spaces to a 64-byte data offset, ending in '\n').</summary>
    internal static string Header(ReadOnlySpan<int> shape, string descr)
    {
        string dims = shape.Length == 1
            ? shape[0].ToString(CultureInfo.InvariantCulture) + ","
            : string.Join(", ", shape.ToArray().Select(d => d.ToString(CultureInfo.InvariantCulture)));
        var dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': ({dims}), }}";
        int padding = (64 - ((10 + dict.Length + 1) % 64)) % 64;
        return dict + new string(' ', padding) + "\n";
    }

    private SaveArrays WriteDoubles(string name, ReadOnlySpan<int> shape, ReadOnlySpan<double> data)
    {
        var copy = data.ToArray();
        var dims = shape.ToArray();
        return Write(name, stream => NpyFile.WriteArray(stream, dims, copy));
    }

    private static void WriteHeader(Stream stream, ReadOnlySpan<int> shape, string descr)
    {
        var header = Encoding.Latin1.GetBytes(Header(shape, descr));
        Span<byte> prefix = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, 0, 0];
        BinaryPrimitives.WriteUInt16LittleEndian(prefix[8..], (ushort)header.Length);
        stream.Write(prefix);
        stream.Write(header);
    }

    private SaveArrays Write(string name, Action<Stream> write)
    {
        string path = Path.Combine(Directory, name + ".npy");
        try
        {
            using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            write(stream);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new CliException(ExitCodes.Unwritable, $"{path}: cannot write file: {e.Message.ReplaceLineEndings(" ")}");
        }

        _files.Add(new(name, path));
        return this;
    }
}

/// <summary>Input (A, y) plus <c>--save DIR</c>: the settings of every command that writes its vectors as .npy.</summary>
public class SaveProblemSettings : Commands.ProblemSettings
{
    [CommandOption("--save <DIR>")]
    [Description("Write the vectors as .npy files (float64, C order; NaN for null) into DIR, created if missing; the JSON names them under \"files\".")]
    public string? Save { get; init; }
}
