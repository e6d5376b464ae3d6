namespace ImplicitL1.IO;

/// <summary>Opening and creating data files, with I/O failures turned into one-line <see cref="DataFormatException"/>s.</summary>
internal static class DataFileAccess
{
    /// <summary>Opens <paramref name="path"/> for reading, runs <paramref name="read"/> on it and closes it.</summary>
    /// <exception cref="DataFormatException">Unreadable when the file cannot be opened or an I/O error occurs while reading.</exception>
    public static T Read<T>(string path, Func<Stream, T> read)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new DataFormatException(DataErrorKind.Unreadable, $"{path}: cannot open file: {OneLine(e.Message)}");
        }

        using (stream)
        {
            try
            {
                return read(stream);
            }
            catch (IOException e)
            {
                throw new DataFormatException(DataErrorKind.Unreadable, $"{path}: read error: {OneLine(e.Message)}");
            }
        }
    }

    /// <summary>Opens <paramref name="path"/> for reading as text (UTF-8, BOM detected), runs <paramref name="read"/> on it and closes it.</summary>
    public static T ReadText<T>(string path, Func<TextReader, T> read) =>
        Read(path, stream =>
        {
            using var reader = new StreamReader(stream, detectEncodingFromByteOrderMarks: true);
            return read(reader);
        });

    /// <summary>Creates (or overwrites) <paramref name="path"/> and runs <paramref name="write"/> on it.</summary>
    /// <exception cref="DataFormatException">
    /// Unreadable when the file cannot be created or written (the library has no separate kind for write failures).
    /// </exception>
    public static void Write(string path, Action<Stream> write)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            write(stream);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new DataFormatException(DataErrorKind.Unreadable, $"{path}: cannot write file: {OneLine(e.Message)}");
        }
    }

    /// <summary>Collapses line breaks so that a message stays on one line.</summary>
    public static string OneLine(string message) =>
        message.ReplaceLineEndings(" ").Trim();
}
