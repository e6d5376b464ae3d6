using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace ImplicitL1.IO;

/// <summary>
/// Reads and writes NumPy <c>.npy</c> files of float64 data. Reads format versions 1.0, 2.0 and 3.0, dtypes
/// <c>&lt;f8</c> and <c>&lt;f4</c> (converted exactly to double), C or Fortran order, shapes (), (n,) and (m, n).
/// Writes version 1.0, <c>&lt;f8</c>, C order, with the header padded so the data starts on a 64-byte boundary.
/// Every failure is a <see cref="DataFormatException"/> with a one-line message naming the file.
/// </summary>
public static class NpyFile
{
    private const int Alignment = 64;

    /// <summary>Tests set this (per thread) to stand in for the memory the GC reports as available.</summary>
    [ThreadStatic]
    internal static long? MemoryLimitOverride;
    private const int MaxHeaderLength = 1 << 20;
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];
    private const string Supported = "only little-endian float64 ('<f8') and float32 ('<f4') are supported";

    /// <summary>Reads a 2-D array as an m×n matrix.</summary>
    /// <exception cref="DataFormatException">Unreadable, Corrupt, UnsupportedType, or InvalidValues when the array is not 2-D.</exception>
    public static double[,] ReadMatrix(string path)
    {
        var array = DataFileAccess.Read(path, s => ReadArray(s, path));
        if (array.Rank != 2)
        {
            throw new DataFormatException(DataErrorKind.InvalidValues,
                $"{path}: expected a matrix (2-D array) but found {Describe(array.Shape)}");
        }

        return VectorShape.ToMatrix(array.Data, array.Shape[0], array.Shape[1]);
    }

    /// <summary>Reads a vector stored with shape (m,), (m, 1) or (1, m).</summary>
    /// <exception cref="DataFormatException">Unreadable, Corrupt, UnsupportedType, or InvalidValues for any other shape.</exception>
    public static double[] ReadVector(string path)
    {
        var array = DataFileAccess.Read(path, s => ReadArray(s, path));
        if (array.Rank == 1 || (array.Rank == 2 && (array.Shape[0] == 1 || array.Shape[1] == 1)))
        {
            return array.Data;
        }

        throw new DataFormatException(DataErrorKind.InvalidValues,
            $"{path}: expected a vector (shape (m,), (m, 1) or (1, m)) but found {Describe(array.Shape)}");
    }

    /// <summary>
    /// Reads one <c>.npy</c> array from <paramref name="stream"/> (positioned at the magic string), leaving the stream
    /// after the data. Arrays of 0, 1 or 2 dimensions are accepted; data are returned in row-major order.
    /// </summary>
    /// <param name="stream">The source.</param>
    /// <param name="name">How to name the source in error messages.</param>
    /// <exception cref="DataFormatException">
    /// Corrupt (bad magic, malformed header, truncated data), UnsupportedType (dtype), InvalidValues (more than 2 dimensions).
    /// </exception>
    public static NpyArray ReadArray(Stream stream, string name = "<stream>")
    {
        ArgumentNullException.ThrowIfNull(stream);
        var header = ReadHeader(stream, name);
        var (descr, fortranOrder, shape) = ParseHeader(header, name);
        var itemSize = CheckDtype(descr, name);

        if (shape.Length > 2)
        {
            throw new DataFormatException(DataErrorKind.InvalidValues,
                $"{name}: {Describe(shape)} is not supported; only vectors (1-D) and matrices (2-D) are");
        }

        long count = 1;
        foreach (var d in shape)
        {
            count *= d;
            if (count > Array.MaxLength)
            {
                throw new DataFormatException(DataErrorKind.InvalidValues,
                    $"{name}: shape {FormatShape(shape)} has too many elements to load");
            }
        }

        // Refuse before allocating: loading holds the float64 data about twice (file buffer, then the problem's copy).
        long needed = 2 * count * sizeof(double);
        long memory = MemoryLimitOverride ?? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (needed > memory)
        {
            throw new DataFormatException(DataErrorKind.InvalidValues,
                $"{name}: shape {FormatShape(shape)} needs {needed / 1073741824.0:F1} GiB to load as float64 but only {memory / 1073741824.0:F1} GiB of memory is available");
        }

        var expectedBytes = count * itemSize;
        if (stream.CanSeek)
        {
            var available = stream.Length - stream.Position;
            if (available < expectedBytes)
            {
                throw Truncated(name, expectedBytes, available, shape, descr);
            }
        }

        var data = new double[count];
        ReadData(stream, data, itemSize, expectedBytes, name, shape, descr);

        if (fortranOrder && shape.Length == 2 && shape[0] > 1 && shape[1] > 1)
        {
            data = ColumnMajorToRowMajor(data, shape[0], shape[1]);
        }

        return new NpyArray(shape, data, descr);
    }

    /// <summary>Writes <paramref name="a"/> as a version 1.0, '&lt;f8', C-order array of shape (m, n).</summary>
    /// <exception cref="DataFormatException">Unreadable when the file cannot be written.</exception>
    public static void Write(string path, double[,] a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var rows = a.GetLength(0);
        var cols = a.GetLength(1);
        var flat = new double[a.Length];
        if (flat.Length > 0)
        {
            Buffer.BlockCopy(a, 0, flat, 0, flat.Length * sizeof(double));
        }

        DataFileAccess.Write(path, s => WriteArray(s, [rows, cols], flat));
    }

    /// <summary>Writes <paramref name="v"/> as a version 1.0, '&lt;f8' array of shape (m,).</summary>
    /// <exception cref="DataFormatException">Unreadable when the file cannot be written.</exception>
    public static void Write(string path, double[] v)
    {
        ArgumentNullException.ThrowIfNull(v);
        DataFileAccess.Write(path, s => WriteArray(s, [v.Length], v));
    }

    /// <summary>Writes a version 1.0 '&lt;f8' C-order array with the given shape and row-major data.</summary>
    public static void WriteArray(Stream stream, ReadOnlySpan<int> shape, ReadOnlySpan<double> data)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var header = BuildHeader(shape);
        stream.Write(Magic);
        stream.WriteByte(1);
        stream.WriteByte(0);
        Span<byte> len = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(len, (ushort)header.Length);
        stream.Write(len);
        stream.Write(Encoding.Latin1.GetBytes(header));

        var buffer = new byte[8 * 4096];
        for (var start = 0; start < data.Length; start += 4096)
        {
            var n = Math.Min(4096, data.Length - start);
            for (var k = 0; k < n; k++)
            {
                BinaryPrimitives.WriteDoubleLittleEndian(buffer.AsSpan(8 * k), data[start + k]);
            }

            stream.Write(buffer, 0, 8 * n);
        }
    }

    /// <summary>The version 1.0 header text (padded with spaces, ending in '\n') for a '&lt;f8' C-order array.</summary>
    internal static string BuildHeader(ReadOnlySpan<int> shape)
    {
        var dict = $"{{'descr': '<f8', 'fortran_order': False, 'shape': {FormatShape(shape.ToArray())}, }}";
        var prefix = Magic.Length + 2 + 2;
        var padding = (Alignment - ((prefix + dict.Length + 1) % Alignment)) % Alignment;
        return dict + new string(' ', padding) + "\n";
    }

    private static string ReadHeader(Stream stream, string name)
    {
        Span<byte> prefix = stackalloc byte[8];
        var got = stream.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false);
        if (got < prefix.Length || !prefix[..6].SequenceEqual(Magic))
        {
            throw new DataFormatException(DataErrorKind.Corrupt,
                $"{name}: not a .npy file (missing the \\x93NUMPY magic string at the start)");
        }

        int major = prefix[6], minor = prefix[7];
        int lengthSize = major switch
        {
            1 => 2,
            2 or 3 => 4,
            _ => throw new DataFormatException(DataErrorKind.Corrupt,
                $"{name}: unknown .npy format version {major}.{minor}; versions 1.0, 2.0 and 3.0 are supported"),
        };

        Span<byte> lenBytes = stackalloc byte[4];
        if (stream.ReadAtLeast(lenBytes[..lengthSize], lengthSize, throwOnEndOfStream: false) < lengthSize)
        {
            throw new DataFormatException(DataErrorKind.Corrupt, $"{name}: file ends inside the header length field");
        }

        long headerLength = lengthSize == 2
            ? BinaryPrimitives.ReadUInt16LittleEndian(lenBytes)
            : BinaryPrimitives.ReadUInt32LittleEndian(lenBytes);
        if (headerLength > MaxHeaderLength)
        {
            throw new DataFormatException(DataErrorKind.Corrupt,
                $"{name}: header length {headerLength} bytes is implausibly large (limit {MaxHeaderLength})");
        }

        var headerBytes = new byte[headerLength];
        var read = stream.ReadAtLeast(headerBytes, headerBytes.Length, throwOnEndOfStream: false);
        if (read < headerBytes.Length)
        {
            throw new DataFormatException(DataErrorKind.Corrupt,
                $"{name}: header is truncated: expected {headerLength} bytes, found {read}");
        }

        if (major == 3)
        {
            try
            {
                return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(headerBytes);
            }
            catch (DecoderFallbackException)
            {
                throw new DataFormatException(DataErrorKind.Corrupt, $"{name}: version 3.0 header is not valid UTF-8");
            }
        }

        return Encoding.Latin1.GetString(headerBytes);
    }

    private static (string Descr, bool FortranOrder, int[] Shape) ParseHeader(string header, string name)
    {
        Dictionary<string, object?> dict;
        try
        {
            dict = PyLiteralParser.ParseDict(header);
        }
        catch (FormatException e)
        {
            throw new DataFormatException(DataErrorKind.Corrupt, $"{name}: malformed header: {e.Message}");
        }

        object? Key(string key) => dict.TryGetValue(key, out var v)
            ? v
            : throw new DataFormatException(DataErrorKind.Corrupt, $"{name}: malformed header: missing key '{key}'");

        var descrValue = Key("descr");
        var descr = descrValue switch
        {
            string s => s,
            List<object?> or PyTuple => throw new DataFormatException(DataErrorKind.UnsupportedType,
                $"{name}: dtype is a structured (record) type; {Supported}"),
            _ => throw new DataFormatException(DataErrorKind.Corrupt, $"{name}: malformed header: 'descr' is not a string"),
        };

        if (Key("fortran_order") is not bool fortranOrder)
        {
            throw new DataFormatException(DataErrorKind.Corrupt, $"{name}: malformed header: 'fortran_order' is not True or False");
        }

        var items = Key("shape") switch
        {
            PyTuple t => t.Items,
            List<object?> l => l,
            _ => throw new DataFormatException(DataErrorKind.Corrupt, $"{name}: malformed header: 'shape' is not a tuple"),
        };

        var shape = new int[items.Count];
        for (var k = 0; k < shape.Length; k++)
        {
            if (items[k] is not long d || d < 0)
            {
                throw new DataFormatException(DataErrorKind.Corrupt,
                    $"{name}: malformed header: shape entry {k} is not a non-negative integer");
            }

            if (d > int.MaxValue)
            {
                throw new DataFormatException(DataErrorKind.InvalidValues,
                    $"{name}: dimension {d} is too large to load");
            }

            shape[k] = (int)d;
        }

        return (descr, fortranOrder, shape);
    }

    /// <summary>The item size of a supported dtype, or an UnsupportedType error saying why it is not supported.</summary>
    private static int CheckDtype(string descr, string name)
    {
        if (descr is "<f8")
        {
            return 8;
        }

        if (descr is "<f4")
        {
            return 4;
        }

        var order = descr.Length > 0 && descr[0] is '<' or '>' or '|' or '=' ? descr[0] : '\0';
        var body = order == '\0' ? descr : descr[1..];
        var kind = body.Length > 0 ? body[0] : '\0';
        var size = body.Length > 1 ? body[1..] : "";

        string why = kind switch
        {
            'i' => "is a signed integer type",
            'u' => "is an unsigned integer type",
            'b' => "is a boolean type",
            'c' => "is a complex type",
            'O' => "is an object (Python pointer) type",
            'U' or 'S' or 'a' => "is a string type",
            'V' => "is a raw void/structured type",
            'M' => "is a datetime type",
            'm' => "is a timedelta type",
            'f' when order == '>' => "is big-endian",
            'f' when size is not ("8" or "4") => $"is a {(int.TryParse(size, out var bytes) ? bytes * 8 + "-bit" : "non-standard")} float",
            'f' when order == '|' => "has no byte order ('|')",
            'f' when order == '=' => "uses native byte order ('='), which NumPy does not write to files",
            'f' => "has no byte-order prefix",
            _ => "is not a recognized NumPy dtype",
        };

        throw new DataFormatException(DataErrorKind.UnsupportedType, $"{name}: dtype '{descr}' {why}; {Supported}");
    }

    private static void ReadData(Stream stream, double[] data, int itemSize, long expectedBytes, string name, int[] shape, string descr)
    {
        var buffer = new byte[1 << 16];
        long total = 0;
        var index = 0;
        var carry = 0;
        while (total < expectedBytes)
        {
            var want = (int)Math.Min(buffer.Length - carry, expectedBytes - total);
            var got = stream.Read(buffer, carry, want);
            if (got == 0)
            {
                throw Truncated(name, expectedBytes, total, shape, descr);
            }

            total += got;
            var usable = carry + got;
            var whole = usable / itemSize * itemSize;
            var span = buffer.AsSpan(0, whole);
            if (itemSize == 8)
            {
                for (var p = 0; p < whole; p += 8)
                {
                    data[index++] = BinaryPrimitives.ReadDoubleLittleEndian(span[p..]);
                }
            }
            else
            {
                for (var p = 0; p < whole; p += 4)
                {
                    data[index++] = BinaryPrimitives.ReadSingleLittleEndian(span[p..]);
                }
            }

            carry = usable - whole;
            buffer.AsSpan(whole, carry).CopyTo(buffer);
        }
    }

    private static DataFormatException Truncated(string name, long expected, long found, int[] shape, string descr) =>
        new(DataErrorKind.Corrupt,
            $"{name}: data is truncated: shape {FormatShape(shape)} of '{descr}' needs {expected} bytes but only {found} were found");

    private static double[] ColumnMajorToRowMajor(double[] data, int rows, int cols)
    {
        var result = new double[data.Length];
        for (var j = 0; j < cols; j++)
        {
            for (var i = 0; i < rows; i++)
            {
                result[(i * cols) + j] = data[(j * rows) + i];
            }
        }

        return result;
    }

    /// <summary>A shape as Python writes it: (), (3,), (2, 3).</summary>
    internal static string FormatShape(IReadOnlyList<int> shape) => shape.Count switch
    {
        0 => "()",
        1 => $"({shape[0].ToString(CultureInfo.InvariantCulture)},)",
        _ => "(" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + ")",
    };

    private static string Describe(IReadOnlyList<int> shape) => shape.Count switch
    {
        0 => "a 0-d array (a scalar)",
        _ => $"a {shape.Count}-D array of shape {FormatShape(shape)}",
    };
}
