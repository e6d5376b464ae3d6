using ImplicitL1.IO;

namespace ImplicitL1.Tests.IO;

public class NpyMemoryLimitTests
{
    [Fact]
    public void A_matrix_larger_than_memory_is_refused_with_the_size_before_allocating()
    {
        using var stream = new MemoryStream();
        NpyFile.WriteArray(stream, [300, 200], new double[300 * 200]);
        try
        {
            NpyFile.MemoryLimitOverride = 2 * 300 * 200 * sizeof(double) - 1;
            stream.Position = 0;
            var error = Assert.Throws<DataFormatException>(() => NpyFile.ReadArray(stream, "A.npy"));
            Assert.Contains("A.npy: shape (300, 200) needs 0.0 GiB to load as float64 but only 0.0 GiB", error.Message);
            Assert.Equal(DataErrorKind.InvalidValues, error.Kind);

            NpyFile.MemoryLimitOverride = 2 * 300 * 200 * sizeof(double);
            stream.Position = 0;
            Assert.Equal(300 * 200, NpyFile.ReadArray(stream, "A.npy").Data.Length);
        }
        finally
        {
            NpyFile.MemoryLimitOverride = null;
        }
    }
}
