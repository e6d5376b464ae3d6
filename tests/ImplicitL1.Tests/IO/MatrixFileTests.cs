using ImplicitL1.IO;

namespace ImplicitL1.Tests.IO;

public sealed class MatrixFileTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly double[,] A = { { 1.25, -2 }, { 0.1, 3e-9 }, { 4, 5 } };

    [Theory]
    [InlineData("a.npy")]
    [InlineData("a.NPY")]
    [InlineData("a.csv")]
    [InlineData("a.Csv")]
    [InlineData("a.txt")]
    public void Matrix_round_trips_through_each_writable_format(string name)
    {
        var p = _dir.File(name);
        MatrixFile.WriteMatrix(p, A);
        Assert.Equal(A, MatrixFile.ReadMatrix(p));
    }

    [Theory]
    [InlineData("y.npy")]
    [InlineData("y.csv")]
    [InlineData("y.TXT")]
    public void Vector_round_trips_through_each_writable_format(string name)
    {
        var y = new[] { 0.5, -1.0 / 7, 1e300 };
        var p = _dir.File(name);
        MatrixFile.WriteVector(p, y);
        Assert.Equal(y, MatrixFile.ReadVector(p));
    }

    [Fact]
    public void Dispatches_npy_by_content_format_not_csv()
    {
        var p = _dir.File("a.npy");
        MatrixFile.WriteMatrix(p, A);
        Assert.Equal(0x93, File.ReadAllBytes(p)[0]);
    }

    [Fact]
    public void Reads_mtx()
    {
        var p = _dir.WriteText("a.MTX", "%%MatrixMarket matrix array real general\n1 2\n7\n8\n");
        Assert.Equal(new double[,] { { 7, 8 } }, MatrixFile.ReadMatrix(p));
        Assert.Equal(new double[] { 7, 8 }, MatrixFile.ReadVector(p));
    }

    [Theory]
    [InlineData("a.xlsx", ".xlsx")]
    [InlineData("a", "no extension")]
    public void Unknown_extension_is_unsupported_listing_supported_ones(string name, string mentioned)
    {
        var e = Assert.Throws<DataFormatException>(() => MatrixFile.ReadMatrix(_dir.File(name)));
        Assert.Equal(DataErrorKind.UnsupportedType, e.Kind);
        Assert.Contains(mentioned, e.Message);
        Assert.Contains(".npy, .csv, .txt, .mtx", e.Message);
    }

    [Fact]
    public void Writing_mtx_is_unsupported()
    {
        var e = Assert.Throws<DataFormatException>(() => MatrixFile.WriteMatrix(_dir.File("a.mtx"), A));
        Assert.Equal(DataErrorKind.UnsupportedType, e.Kind);
        Assert.Contains(".mtx", e.Message);
        Assert.False(File.Exists(_dir.File("a.mtx")));
    }

    [Fact]
    public void Write_to_missing_folder_is_reported()
    {
        var e = Assert.Throws<DataFormatException>(() => MatrixFile.WriteVector(Path.Combine(_dir.Path, "no", "y.npy"), [1.0]));
        Assert.Equal(DataErrorKind.Unreadable, e.Kind);
        Assert.Contains("y.npy", e.Message);
    }
}
