using ImplicitL1.IO;

namespace ImplicitL1.Tests.IO;

public sealed class MatrixMarketFileTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Write(string text, string name = "m.mtx") => _dir.WriteText(name, text);

    [Fact]
    public void Array_format_is_column_major()
    {
        var a = MatrixMarketFile.ReadMatrix(Write("%%MatrixMarket matrix array real general\n% comment\n2 3\n1\n2\n3\n4\n5\n6\n"));
        Assert.Equal(new double[,] { { 1, 3, 5 }, { 2, 4, 6 } }, a);
    }

    [Fact]
    public void Coordinate_format_sums_duplicates_and_leaves_zeros()
    {
        var a = MatrixMarketFile.ReadMatrix(Write(
            "%%MatrixMarket matrix coordinate real general\n%\n3 2 4\n1 1 1.5\n3 2 -2\n1 1 0.25\n2 1 4e1\n"));
        Assert.Equal(new double[,] { { 1.75, 0 }, { 40, 0 }, { 0, -2 } }, a);
    }

    [Fact]
    public void Symmetric_coordinate_is_mirrored()
    {
        var a = MatrixMarketFile.ReadMatrix(Write("%%MatrixMarket matrix coordinate real symmetric\n3 3 3\n1 1 1\n3 1 7\n2 2 5\n"));
        Assert.Equal(new double[,] { { 1, 0, 7 }, { 0, 5, 0 }, { 7, 0, 0 } }, a);
    }

    [Fact]
    public void Symmetric_array_reads_lower_triangle_column_major()
    {
        var a = MatrixMarketFile.ReadMatrix(Write("%%MatrixMarket matrix array real symmetric\n3 3\n1\n2\n3\n4\n5\n6\n"));
        Assert.Equal(new double[,] { { 1, 2, 3 }, { 2, 4, 5 }, { 3, 5, 6 } }, a);
    }

    [Fact]
    public void Skew_symmetric_negates_the_mirror()
    {
        var a = MatrixMarketFile.ReadMatrix(Write("%%MatrixMarket matrix coordinate real skew-symmetric\n2 2 1\n2 1 3\n"));
        Assert.Equal(new double[,] { { 0, -3 }, { 3, 0 } }, a);
    }

    [Fact]
    public void Integer_and_pattern_fields_are_read_as_doubles()
    {
        var i = MatrixMarketFile.ReadMatrix(Write("%%MatrixMarket matrix coordinate integer general\n1 2 2\n1 1 3\n1 2 -4\n", "i.mtx"));
        Assert.Equal(new double[,] { { 3, -4 } }, i);
        var p = MatrixMarketFile.ReadMatrix(Write("%%MatrixMarket matrix coordinate pattern general\n2 2 2\n1 2\n2 1\n", "p.mtx"));
        Assert.Equal(new double[,] { { 0, 1 }, { 1, 0 } }, p);
    }

    [Fact]
    public void Banner_is_case_insensitive_and_vector_is_read()
    {
        var v = MatrixMarketFile.ReadVector(Write("%%MatrixMarket MATRIX Array Real General\n3 1\n1\n2\n3\n"));
        Assert.Equal(new double[] { 1, 2, 3 }, v);
    }

    [Fact]
    public void Complex_is_unsupported()
    {
        var e = Assert.Throws<DataFormatException>(() =>
            MatrixMarketFile.ReadMatrix(Write("%%MatrixMarket matrix coordinate complex general\n1 1 1\n1 1 1 0\n", "c.mtx")));
        Assert.Equal(DataErrorKind.UnsupportedType, e.Kind);
        Assert.Contains("complex", e.Message);
        Assert.Contains("c.mtx", e.Message);
    }

    [Theory]
    [InlineData("%%MatrixMarket matrix coordinate real general\n2 2 3\n1 1 1\n2 2 2\n", "expected 3 entries but found 2")]
    [InlineData("%%MatrixMarket matrix array real general\n2 2\n1\n2\n3\n", "expected 4 values but found 3")]
    [InlineData("%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1\n", "line 3")]
    [InlineData("%%MatrixMarket matrix coordinate real general\n2 2 1\n3 1 1\n", "row index 3")]
    [InlineData("%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1 x\n", "'x'")]
    [InlineData("%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1 1\n2 2 2\n", "more entries")]
    [InlineData("%%MatrixMarket matrix coordinate real general\n2 2\n", "size line")]
    [InlineData("%%MatrixMarket matrix coordinate real symmetric\n2 3 0\n", "square")]
    [InlineData("1 2 3\n", "banner")]
    [InlineData("", "empty")]
    public void Malformed_files_are_corrupt(string text, string mentioned)
    {
        var e = Assert.Throws<DataFormatException>(() => MatrixMarketFile.ReadMatrix(Write(text, "bad.mtx")));
        Assert.Equal(DataErrorKind.Corrupt, e.Kind);
        Assert.Contains("bad.mtx", e.Message);
        Assert.Contains(mentioned, e.Message);
    }
}
