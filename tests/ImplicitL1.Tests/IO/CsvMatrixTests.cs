using ImplicitL1.IO;

namespace ImplicitL1.Tests.IO;

public sealed class CsvMatrixTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Reads_matrix_skipping_comments_blank_lines_and_header()
    {
        var path = _dir.WriteText("a.csv", "# generated\nx1, x2 ,x3\n\n1,2.5,-3e-2\n  # note\n4 , 5,6\n");
        var a = CsvMatrix.ReadMatrix(path, header: true);
        Assert.Equal(2, a.GetLength(0));
        Assert.Equal(3, a.GetLength(1));
        Assert.Equal(2.5, a[0, 1]);
        Assert.Equal(-0.03, a[0, 2]);
        Assert.Equal(4, a[1, 0]);
        Assert.Equal(6, a[1, 2]);
    }

    [Fact]
    public void Reads_whitespace_separated_text_and_crlf()
    {
        var path = _dir.WriteText("a.txt", "1.0 2.0\r\n3.0\t4.0\r\n");
        var a = CsvMatrix.ReadMatrix(path);
        Assert.Equal(new double[,] { { 1, 2 }, { 3, 4 } }, a);
    }

    [Fact]
    public void Reads_vector_from_one_column_or_one_row()
    {
        Assert.Equal(new double[] { 1, 2, 3 }, CsvMatrix.ReadVector(_dir.WriteText("c.csv", "y\n1\n2\n3\n"), header: true));
        Assert.Equal(new double[] { 1, 2, 3 }, CsvMatrix.ReadVector(_dir.WriteText("d.csv", "1\n2\n3\n")));
        Assert.Equal(new double[] { 1, 2, 3 }, CsvMatrix.ReadVector(_dir.WriteText("r.csv", "1,2,3")));
    }

    [Fact]
    public void ReadVector_rejects_a_full_matrix()
    {
        var e = Assert.Throws<DataFormatException>(() => CsvMatrix.ReadVector(_dir.WriteText("m.csv", "1,2\n3,4\n")));
        Assert.Equal(DataErrorKind.InvalidValues, e.Kind);
        Assert.Contains("2×2", e.Message);
    }

    [Fact]
    public void Round_trips_with_R_formatting_and_newline_endings()
    {
        var a = new[,] { { 0.1, 1.0 / 3, -1e-310 }, { double.MaxValue, 2, -0.5 } };
        var p = _dir.File("rt.csv");
        CsvMatrix.Write(p, a);
        var text = File.ReadAllText(p);
        Assert.DoesNotContain('\r', text);
        Assert.StartsWith("0.1,0.3333333333333333,", text);
        Assert.Equal(2, text.Count(c => c == '\n'));
        Assert.Equal(a, CsvMatrix.ReadMatrix(p));

        var v = new[] { Math.E, -7.0, 1e-5 };
        var pv = _dir.File("rtv.csv");
        CsvMatrix.Write(pv, v);
        Assert.Equal(v, CsvMatrix.ReadVector(pv));
    }

    [Fact]
    public void Ragged_rows_are_corrupt_naming_the_line()
    {
        var path = _dir.WriteText("rag.csv", "# c\n1,2,3\n4,5\n");
        var e = Assert.Throws<DataFormatException>(() => CsvMatrix.ReadMatrix(path));
        Assert.Equal(DataErrorKind.Corrupt, e.Kind);
        Assert.Contains("rag.csv", e.Message);
        Assert.Contains("line 3", e.Message);
    }

    [Fact]
    public void Non_numeric_cell_is_corrupt_naming_line_and_column()
    {
        var path = _dir.WriteText("nn.csv", "1,2,3\n4,five,6\n");
        var e = Assert.Throws<DataFormatException>(() => CsvMatrix.ReadMatrix(path));
        Assert.Equal(DataErrorKind.Corrupt, e.Kind);
        Assert.Contains("line 2", e.Message);
        Assert.Contains("column 2", e.Message);
        Assert.Contains("'five'", e.Message);
    }

    [Fact]
    public void A_row_of_words_is_refused_unless_a_header_is_announced()
    {
        var path = _dir.WriteText("w.csv", "# y of the run\nvalue\n1\n2\n");
        var e = Assert.Throws<DataFormatException>(() => CsvMatrix.ReadVector(path));
        Assert.Equal(DataErrorKind.Corrupt, e.Kind);
        Assert.Contains("line 2, column 1: 'value' is not a number; if line 2 is a header, say so", e.Message);
        Assert.Equal(new double[] { 1, 2 }, CsvMatrix.ReadVector(path, header: true));
    }

    [Fact]
    public void An_announced_header_must_be_all_names()
    {
        var e = Assert.Throws<DataFormatException>(() => CsvMatrix.ReadMatrix(_dir.WriteText("n.csv", "x1,2\n1,2\n"), header: true));
        Assert.Equal(DataErrorKind.Corrupt, e.Kind);
        Assert.Contains("line 1 should be the announced header", e.Message);
        var numeric = Assert.Throws<DataFormatException>(() => CsvMatrix.ReadMatrix(_dir.WriteText("m.csv", "1,2\n3,4\n"), header: true));
        Assert.Contains("line 1", numeric.Message);
    }

    [Fact]
    public void Header_is_only_skipped_on_the_first_line()
    {
        var path = _dir.WriteText("h.csv", "1,2\na,b\n");
        var e = Assert.Throws<DataFormatException>(() => CsvMatrix.ReadMatrix(path, header: false));
        Assert.Equal(DataErrorKind.Corrupt, e.Kind);
        Assert.Contains("line 2", e.Message);
        Assert.Contains("column 1", e.Message);
    }

    [Fact]
    public void Semicolon_separated_file_is_corrupt_with_hint()
    {
        var e = Assert.Throws<DataFormatException>(() => CsvMatrix.ReadMatrix(_dir.WriteText("s.csv", "1;2\n3;4\n")));
        Assert.Equal(DataErrorKind.Corrupt, e.Kind);
        Assert.Contains("semicolon", e.Message);
    }

    [Fact]
    public void Empty_cell_and_no_data_are_corrupt()
    {
        var e1 = Assert.Throws<DataFormatException>(() => CsvMatrix.ReadMatrix(_dir.WriteText("e.csv", "1,,3\n")));
        Assert.Equal(DataErrorKind.Corrupt, e1.Kind);
        Assert.Contains("empty cell", e1.Message);

        var e2 = Assert.Throws<DataFormatException>(() => CsvMatrix.ReadMatrix(_dir.WriteText("none.csv", "# only\na,b\n")));
        Assert.Equal(DataErrorKind.Corrupt, e2.Kind);
        Assert.Contains("none.csv", e2.Message);
    }

    [Fact]
    public void Invariant_culture_and_non_finite_spellings_are_read()
    {
        var v = CsvMatrix.ReadVector(_dir.WriteText("nf.csv", "1.5\nnan\n-inf\nInfinity\n"));
        Assert.Equal(1.5, v[0]);
        Assert.True(double.IsNaN(v[1]));
        Assert.True(double.IsNegativeInfinity(v[2]));
        Assert.True(double.IsPositiveInfinity(v[3]));

        var e = Assert.Throws<DataFormatException>(() => CsvMatrix.ReadMatrix(_dir.WriteText("de.csv", "\"1,5\"\n")));
        Assert.Equal(DataErrorKind.Corrupt, e.Kind);
    }

    [Fact]
    public void Missing_file_is_unreadable()
    {
        var e = Assert.Throws<DataFormatException>(() => CsvMatrix.ReadMatrix(_dir.File("gone.csv")));
        Assert.Equal(DataErrorKind.Unreadable, e.Kind);
        Assert.Contains("gone.csv", e.Message);
    }
}
