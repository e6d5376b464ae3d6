using System.Buffers.Binary;
using ImplicitL1.IO;

namespace ImplicitL1.Tests.IO;

public sealed class NpyFileTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly double[,] Expected23 = { { 1.5, -2, 3.25 }, { 4, 5e-300, -6e300 } };

    private static void AssertMatrix(double[,] expected, double[,] actual)
    {
        Assert.Equal(expected.GetLength(0), actual.GetLength(0));
        Assert.Equal(expected.GetLength(1), actual.GetLength(1));
        for (var i = 0; i < expected.GetLength(0); i++)
        {
            for (var j = 0; j < expected.GetLength(1); j++)
            {
                Assert.Equal(expected[i, j], actual[i, j]);
            }
        }
    }

    [Fact]
    public void Reads_f8_C_order_matrix()
    {
        var bytes = NpyBytes.Build("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }",
            NpyBytes.F8(1.5, -2, 3.25, 4, 5e-300, -6e300));
        var a = NpyFile.ReadMatrix(_dir.WriteBytes("c.npy", bytes));
        AssertMatrix(Expected23, a);
    }

    [Fact]
    public void Reads_f8_Fortran_order_matrix_placing_elements_column_major()
    {
        // Column-major storage of Expected23: column 0, then 1, then 2.
        var bytes = NpyBytes.Build("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }",
            NpyBytes.F8(1.5, 4, -2, 5e-300, 3.25, -6e300));
        var a = NpyFile.ReadMatrix(_dir.WriteBytes("f.npy", bytes));
        AssertMatrix(Expected23, a);
        Assert.Equal(-2, a[0, 1]);
        Assert.Equal(4, a[1, 0]);
    }

    [Fact]
    public void Reads_f4_converted_exactly()
    {
        var bytes = NpyBytes.Build("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }",
            NpyBytes.F4(0.5f, -1.25f, 3f, 1024.0078125f));
        var a = NpyFile.ReadMatrix(_dir.WriteBytes("f4.npy", bytes));
        AssertMatrix(new[,] { { 0.5, -1.25 }, { 3, 1024.0078125 } }, a);
    }

    [Fact]
    public void Reads_f4_Fortran_order()
    {
        var bytes = NpyBytes.Build("{'descr': '<f4', 'fortran_order': True, 'shape': (3, 2), }",
            NpyBytes.F4(1, 2, 3, 4, 5, 6));
        var a = NpyFile.ReadMatrix(_dir.WriteBytes("f4f.npy", bytes));
        AssertMatrix(new double[,] { { 1, 4 }, { 2, 5 }, { 3, 6 } }, a);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Reads_version_2_and_3_headers(byte major)
    {
        var bytes = NpyBytes.Build("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }",
            NpyBytes.F8(1.5, -2, 3.25, 4, 5e-300, -6e300), major);
        Assert.Equal(major, bytes[6]);
        var a = NpyFile.ReadMatrix(_dir.WriteBytes($"v{major}.npy", bytes));
        AssertMatrix(Expected23, a);
    }

    [Fact]
    public void Reads_version_3_header_with_utf8()
    {
        // A non-ASCII character inside an (ignored) extra key exercises UTF-8 decoding of the header.
        var bytes = NpyBytes.Build("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'note': 'λ', }",
            NpyBytes.F8(7, 8), major: 3);
        Assert.Equal(new double[] { 7, 8 }, NpyFile.ReadVector(_dir.WriteBytes("u.npy", bytes)));
    }

    [Theory]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }")]
    [InlineData("{'shape': (3,), 'fortran_order': False, 'descr': '<f8'}")]
    [InlineData("{ \"descr\" :'<f8' ,\n 'fortran_order':False,'shape':( 3 , ) }")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 1), }")]
    [InlineData("{'descr': '<f8', 'fortran_order': True, 'shape': (1, 3), }")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (3L,), }")]
    public void Reads_vectors_in_every_accepted_shape_and_header_layout(string header)
    {
        var bytes = NpyBytes.Build(header, NpyBytes.F8(1, 2, 3));
        Assert.Equal(new double[] { 1, 2, 3 }, NpyFile.ReadVector(_dir.WriteBytes("v.npy", bytes)));
    }

    [Fact]
    public void Reads_unpadded_header()
    {
        var bytes = NpyBytes.Build("{'descr':'<f8','fortran_order':False,'shape':(2,)}", NpyBytes.F8(1, 2), pad: false);
        Assert.Equal(new double[] { 1, 2 }, NpyFile.ReadVector(_dir.WriteBytes("np.npy", bytes)));
    }

    [Fact]
    public void ReadArray_returns_shape_and_row_major_data_from_stream()
    {
        var bytes = NpyBytes.Build("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 2), }", NpyBytes.F8(1, 2, 3, 4));
        using var stream = new MemoryStream(bytes);
        var array = NpyFile.ReadArray(stream);
        Assert.Equal(new[] { 2, 2 }, array.Shape);
        Assert.Equal(new double[] { 1, 3, 2, 4 }, array.Data);
        Assert.Equal("<f8", array.Descr);
    }

    [Fact]
    public void ReadArray_reads_0d_scalar_but_ReadMatrix_and_ReadVector_reject_it()
    {
        var bytes = NpyBytes.Build("{'descr': '<f8', 'fortran_order': False, 'shape': (), }", NpyBytes.F8(42));
        using (var stream = new MemoryStream(bytes))
        {
            var array = NpyFile.ReadArray(stream);
            Assert.Empty(array.Shape);
            Assert.Equal(new double[] { 42 }, array.Data);
        }

        var path = _dir.WriteBytes("s.npy", bytes);
        var e1 = Assert.Throws<DataFormatException>(() => NpyFile.ReadMatrix(path));
        Assert.Equal(DataErrorKind.InvalidValues, e1.Kind);
        Assert.Contains("0-d", e1.Message);
        var e2 = Assert.Throws<DataFormatException>(() => NpyFile.ReadVector(path));
        Assert.Equal(DataErrorKind.InvalidValues, e2.Kind);
    }

    [Fact]
    public void ReadVector_rejects_a_full_matrix_and_ReadMatrix_rejects_1d()
    {
        var m = _dir.WriteBytes("m.npy", NpyBytes.Build("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }", NpyBytes.F8(1, 2, 3, 4)));
        var e = Assert.Throws<DataFormatException>(() => NpyFile.ReadVector(m));
        Assert.Equal(DataErrorKind.InvalidValues, e.Kind);
        Assert.Contains("(2, 2)", e.Message);

        var v = _dir.WriteBytes("v.npy", NpyBytes.Build("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", NpyBytes.F8(1, 2)));
        Assert.Equal(DataErrorKind.InvalidValues, Assert.Throws<DataFormatException>(() => NpyFile.ReadMatrix(v)).Kind);
    }

    [Fact]
    public void Round_trips_matrix_and_vector()
    {
        var a = new[,] { { 0.1, double.MaxValue, -0.0 }, { double.Epsilon, Math.PI, -1e-310 } };
        var pa = _dir.File("rt.npy");
        NpyFile.Write(pa, a);
        var back = NpyFile.ReadMatrix(pa);
        AssertMatrix(a, back);
        Assert.True(double.IsNegative(back[0, 2]));

        var v = new[] { 1.0 / 3, -2.5, 1e100 };
        var pv = _dir.File("rtv.npy");
        NpyFile.Write(pv, v);
        Assert.Equal(v, NpyFile.ReadVector(pv));
        using var s = File.OpenRead(pv);
        Assert.Equal(new[] { 3 }, NpyFile.ReadArray(s).Shape);
    }

    [Fact]
    public void Round_trips_empty_matrix()
    {
        var p = _dir.File("empty.npy");
        NpyFile.Write(p, new double[0, 4]);
        var back = NpyFile.ReadMatrix(p);
        Assert.Equal(0, back.GetLength(0));
        Assert.Equal(4, back.GetLength(1));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(1000)]
    public void Written_file_has_v1_header_aligned_to_64_bytes(int n)
    {
        var p = _dir.File("al.npy");
        NpyFile.Write(p, new double[n, 2]);
        var bytes = File.ReadAllBytes(p);
        Assert.Equal(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0 }, bytes[..8]);
        int headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8));
        Assert.Equal(0, (10 + headerLength) % 64);
        Assert.Equal((byte)'\n', bytes[10 + headerLength - 1]);
        var header = System.Text.Encoding.Latin1.GetString(bytes, 10, headerLength);
        Assert.StartsWith($"{{'descr': '<f8', 'fortran_order': False, 'shape': ({n}, 2), }}", header);
        Assert.Equal(10 + headerLength + (n * 2 * 8), bytes.Length);
    }

    [Fact]
    public void Written_vector_header_uses_python_1_tuple()
    {
        var p = _dir.File("v1.npy");
        NpyFile.Write(p, new double[] { 1, 2, 3 });
        var text = System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(p));
        Assert.Contains("'shape': (3,)", text);
    }

    private DataFormatException ReadError(string header, byte[] data, string file = "bad.npy", byte major = 1)
    {
        var path = _dir.WriteBytes(file, NpyBytes.Build(header, data, major));
        var e = Assert.Throws<DataFormatException>(() => NpyFile.ReadMatrix(path));
        Assert.Contains(file, e.Message);
        Assert.DoesNotContain('\n', e.Message);
        return e;
    }

    [Fact]
    public void Truncated_data_is_corrupt_with_expected_and_found_bytes()
    {
        var e = ReadError("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", NpyBytes.F8(1, 2, 3, 4, 5));
        Assert.Equal(DataErrorKind.Corrupt, e.Kind);
        Assert.Contains("48", e.Message);
        Assert.Contains("40", e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void Truncated_data_on_a_non_seekable_stream_is_corrupt()
    {
        var bytes = NpyBytes.Build("{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }", NpyBytes.F4(1, 2, 3));
        using var stream = new NonSeekableStream(bytes);
        var e = Assert.Throws<DataFormatException>(() => NpyFile.ReadArray(stream, "pipe"));
        Assert.Equal(DataErrorKind.Corrupt, e.Kind);
        Assert.Contains("16", e.Message);
        Assert.Contains("12", e.Message);
    }

    [Fact]
    public void Bad_magic_is_corrupt()
    {
        var bytes = NpyBytes.Build("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", NpyBytes.F8(1));
        bytes[1] = (byte)'X';
        var path = _dir.WriteBytes("magic.npy", bytes);
        var e = Assert.Throws<DataFormatException>(() => NpyFile.ReadVector(path));
        Assert.Equal(DataErrorKind.Corrupt, e.Kind);
        Assert.Contains("magic", e.Message);
        Assert.Contains("magic.npy", e.Message);
    }

    [Fact]
    public void Short_file_and_unknown_version_are_corrupt()
    {
        var tiny = _dir.WriteBytes("tiny.npy", [0x93, (byte)'N']);
        Assert.Equal(DataErrorKind.Corrupt, Assert.Throws<DataFormatException>(() => NpyFile.ReadVector(tiny)).Kind);

        var e = ReadError("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", NpyBytes.F8(1), major: 4);
        Assert.Equal(DataErrorKind.Corrupt, e.Kind);
        Assert.Contains("version 4.0", e.Message);
    }

    [Theory]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3)", "ends early")]
    [InlineData("{'descr': '<f8', 'fortran_order': False}", "'shape'")]
    [InlineData("{'descr': '<f8', 'shape': (2, 3)}", "'fortran_order'")]
    [InlineData("{'descr': '<f8', 'fortran_order': 0, 'shape': (2, 3)}", "fortran_order")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': 6}", "not a tuple")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (2, -3)}", "shape entry 1")]
    [InlineData("['descr', '<f8']", "dict")]
    [InlineData("{'descr': '<f8', 'fortran_order': Maybe, 'shape': (2, 3)}", "Maybe")]
    public void Malformed_header_is_corrupt(string header, string mentioned)
    {
        var e = ReadError(header, NpyBytes.F8(1, 2, 3, 4, 5, 6));
        Assert.Equal(DataErrorKind.Corrupt, e.Kind);
        Assert.Contains("header", e.Message);
        Assert.Contains(mentioned, e.Message);
    }

    [Theory]
    [InlineData("<i8", "integer")]
    [InlineData("<i4", "integer")]
    [InlineData("<u2", "unsigned integer")]
    [InlineData(">f8", "big-endian")]
    [InlineData(">f4", "big-endian")]
    [InlineData("<c16", "complex")]
    [InlineData("|O", "object")]
    [InlineData("|b1", "boolean")]
    [InlineData("<U5", "string")]
    [InlineData("<f2", "16-bit float")]
    [InlineData("<f16", "128-bit float")]
    [InlineData("<M8[ns]", "datetime")]
    public void Unsupported_dtype_names_the_dtype_and_reason(string descr, string reason)
    {
        var e = ReadError($"{{'descr': '{descr}', 'fortran_order': False, 'shape': (2, 2), }}", new byte[64], "A.npy");
        Assert.Equal(DataErrorKind.UnsupportedType, e.Kind);
        Assert.Contains($"'{descr}'", e.Message);
        Assert.Contains(reason, e.Message);
        Assert.Contains("'<f8'", e.Message);
    }

    [Fact]
    public void Big_endian_message_matches_documented_form()
    {
        var path = _dir.WriteBytes("A.npy", NpyBytes.Build("{'descr': '>f8', 'fortran_order': False, 'shape': (1,), }", new byte[8]));
        var e = Assert.Throws<DataFormatException>(() => NpyFile.ReadVector(path));
        Assert.Equal(
            $"{path}: dtype '>f8' is big-endian; only little-endian float64 ('<f8') and float32 ('<f4') are supported",
            e.Message);
    }

    [Fact]
    public void Structured_dtype_is_unsupported()
    {
        var e = ReadError("{'descr': [('x', '<f8'), ('y', '<f8')], 'fortran_order': False, 'shape': (2,), }", new byte[32]);
        Assert.Equal(DataErrorKind.UnsupportedType, e.Kind);
        Assert.Contains("structured", e.Message);
    }

    [Fact]
    public void Three_dimensional_shape_is_rejected_clearly()
    {
        var e = ReadError("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2, 2), }", NpyBytes.F8(1, 2, 3, 4, 5, 6, 7, 8));
        Assert.Equal(DataErrorKind.InvalidValues, e.Kind);
        Assert.Contains("3-D", e.Message);
        Assert.Contains("(2, 2, 2)", e.Message);
    }

    [Fact]
    public void Missing_file_is_unreadable()
    {
        var path = _dir.File("nope.npy");
        var e = Assert.Throws<DataFormatException>(() => NpyFile.ReadMatrix(path));
        Assert.Equal(DataErrorKind.Unreadable, e.Kind);
        Assert.Contains("nope.npy", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Finiteness_is_not_checked_here()
    {
        var bytes = NpyBytes.Build("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", NpyBytes.F8(double.NaN, double.PositiveInfinity));
        var v = NpyFile.ReadVector(_dir.WriteBytes("nan.npy", bytes));
        Assert.True(double.IsNaN(v[0]));
        Assert.True(double.IsPositiveInfinity(v[1]));
    }

    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }
    }
}
