namespace ImplicitL1.IO;

/// <summary>
/// An array read from a NumPy <c>.npy</c> file: its shape (0, 1 or 2 dimensions) and its values as
/// doubles in C (row-major) order, whatever the order on disk.
/// </summary>
public sealed class NpyArray
{
    internal NpyArray(int[] shape, double[] data, string descr)
    {
        Shape = shape;
        Data = data;
        Descr = descr;
    }

    /// <summary>The array's dimensions: empty for a 0-d scalar, one entry for a vector, two for a matrix.</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>The values in row-major order (converted to double if stored as float32).</summary>
    public double[] Data { get; }

    /// <summary>The dtype descriptor as stored in the file, e.g. <c>&lt;f8</c>.</summary>
    public string Descr { get; }

    /// <summary>The number of dimensions.</summary>
    public int Rank => Shape.Count;
}
