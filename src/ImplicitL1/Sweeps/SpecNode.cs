using System.Text;
using System.Text.Json;

namespace ImplicitL1.Sweeps;

/// <summary>
/// A JSON value with the 1-based line it starts on: System.Text.Json's DOM keeps no positions, so the spec is read
/// with <see cref="Utf8JsonReader"/> into this small tree and every error can name its line.
/// </summary>
internal sealed class SpecNode
{
    private SpecNode(JsonValueKind kind, int line)
    {
        Kind = kind;
        Line = line;
    }

    public JsonValueKind Kind { get; }

    /// <summary>1-based line of the value's first character.</summary>
    public int Line { get; }

    /// <summary>Members of an object in file order, each with the line of its name.</summary>
    public List<(string Name, int Line, SpecNode Value)> Members { get; } = [];

    public List<SpecNode> Items { get; } = [];

    public string? Text { get; private set; }

    public double Number { get; private set; }

    /// <summary>The integer value when the literal is an integer (no fraction or exponent), else null.</summary>
    public long? Integer { get; private set; }

    /// <summary>An integer literal (used to expand {"from", "to"} ranges).</summary>
    public static SpecNode FromInteger(long value, int line) => new(JsonValueKind.Number, line)
    {
        Text = value.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Number = value,
        Integer = value,
    };

    /// <summary>Parses <paramref name="text"/>; syntax errors become <see cref="SweepSpecException"/> with the line.</summary>
    public static SpecNode Parse(string text, string fileName)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var lineStarts = new List<int> { 0 };
        for (int i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                lineStarts.Add(i + 1);
            }
        }

        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        try
        {
            if (!reader.Read())
            {
                throw new SweepSpecException(fileName, 1, null, "the file is empty; expected a JSON object.");
            }

            var root = ReadValue(ref reader, lineStarts);
            if (reader.Read())
            {
                throw new SweepSpecException(fileName, LineOf(lineStarts, reader.TokenStartIndex), null,
                    "unexpected content after the top-level object.");
            }

            return root;
        }
        catch (JsonException e)
        {
            int line = (int)(e.LineNumber ?? 0) + 1;
            int column = (int)(e.BytePositionInLine ?? 0) + 1;
            throw Syntax(fileName, bytes, lineStarts, line, column);
        }
    }

    /// <summary>A JSON syntax error in the spec's own words, at line and column (1-based; column in bytes).</summary>
    private static SweepSpecException Syntax(string fileName, byte[] bytes, List<int> lineStarts, int line, int column)
    {
        long offset = Math.Min(bytes.Length, (line <= lineStarts.Count ? lineStarts[line - 1] : bytes.Length) + column - 1L);
        long previous = offset - 1;
        while (previous >= 0 && bytes[previous] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            previous--;
        }

        char at = offset < bytes.Length ? (char)bytes[offset] : '\0';
        if (at == ',')
        {
            // The reader may point at the comma itself: look at what follows it.
            long next = offset + 1;
            while (next < bytes.Length && bytes[next] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                next++;
            }

            if (next < bytes.Length && bytes[next] is (byte)'}' or (byte)']')
            {
                previous = offset;
                at = (char)bytes[next];
                line = LineOf(lineStarts, next);
            }
        }

        if (previous >= 0 && bytes[previous] == (byte)',' && at is '}' or ']')
        {
            int commaLine = LineOf(lineStarts, previous);
            int commaColumn = (int)(previous - lineStarts[commaLine - 1]) + 1;
            return new SweepSpecException(fileName, commaLine, null,
                $"a comma before '{at}' (line {line}) ends the {(at == '}' ? "object" : "list")} with nothing after it; JSON allows no trailing comma: remove it.",
                commaColumn);
        }

        if (offset >= bytes.Length)
        {
            return new SweepSpecException(fileName, line, null, "the spec ends before its JSON is complete (a '{', '[' or '\"' is not closed).", column);
        }

        return new SweepSpecException(fileName, line, null,
            $"unexpected '{at}' here: expected a value, a comma between entries, or a closing '}}' or ']' (names and strings need double quotes).",
            column);
    }

    private static SpecNode ReadValue(ref Utf8JsonReader reader, List<int> lineStarts)
    {
        int line = LineOf(lineStarts, reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                {
                    var node = new SpecNode(JsonValueKind.Object, line);
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                    {
                        string name = reader.GetString()!;
                        int nameLine = LineOf(lineStarts, reader.TokenStartIndex);
                        reader.Read();
                        node.Members.Add((name, nameLine, ReadValue(ref reader, lineStarts)));
                    }

                    return node;
                }

            case JsonTokenType.StartArray:
                {
                    var node = new SpecNode(JsonValueKind.Array, line);
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        node.Items.Add(ReadValue(ref reader, lineStarts));
                    }

                    return node;
                }

            case JsonTokenType.String:
                return new SpecNode(JsonValueKind.String, line) { Text = reader.GetString() };
            case JsonTokenType.Number:
                {
                    var raw = Encoding.UTF8.GetString(reader.ValueSpan);
                    bool integral = raw.IndexOfAny(['.', 'e', 'E']) < 0 && reader.TryGetInt64(out _);
                    return new SpecNode(JsonValueKind.Number, line)
                    {
                        Text = raw,
                        Number = reader.GetDouble(),
                        Integer = integral ? reader.GetInt64() : null,
                    };
                }

            case JsonTokenType.True:
                return new SpecNode(JsonValueKind.True, line) { Text = "true" };
            case JsonTokenType.False:
                return new SpecNode(JsonValueKind.False, line) { Text = "false" };
            default:
                return new SpecNode(JsonValueKind.Null, line) { Text = "null" };
        }
    }

    private static int LineOf(List<int> lineStarts, long offset)
    {
        int index = lineStarts.BinarySearch((int)offset);
        return (index >= 0 ? index : ~index - 1) + 1;
    }

    /// <summary>A word for error messages: "a string", "a number", …</summary>
    public string Describe() => Kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => $"the string \"{Text}\"",
        JsonValueKind.Number => $"the number {Text}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {Text}",
        _ => "null",
    };
}
