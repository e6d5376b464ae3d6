using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ImplicitL1.Cli.Output;

/// <summary>Indented JSON with snake_case names; non-finite numbers become null (JSON has no NaN).</summary>
public sealed class JsonOutput : IDisposable
{
    private readonly MemoryStream _stream = new();
    private readonly Utf8JsonWriter _writer;

    public JsonOutput() =>
        _writer = new Utf8JsonWriter(_stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    public Utf8JsonWriter Writer => _writer;

    public JsonOutput Number(string name, double value)
    {
        _writer.WritePropertyName(name);
        Value(value);
        return this;
    }

    public JsonOutput Number(string name, double? value) => value is double v ? Number(name, v) : Null(name);

    public JsonOutput Integer(string name, long value)
    {
        _writer.WriteNumber(name, value);
        return this;
    }

    public JsonOutput String(string name, string? value)
    {
        _writer.WriteString(name, value);
        return this;
    }

    public JsonOutput Bool(string name, bool value)
    {
        _writer.WriteBoolean(name, value);
        return this;
    }

    public JsonOutput Null(string name)
    {
        _writer.WriteNull(name);
        return this;
    }

    public JsonOutput Numbers(string name, IEnumerable<double> values)
    {
        _writer.WriteStartArray(name);
        foreach (double v in values)
        {
            Value(v);
        }

        _writer.WriteEndArray();
        return this;
    }

    public JsonOutput Integers(string name, IEnumerable<int> values)
    {
        _writer.WriteStartArray(name);
        foreach (int v in values)
        {
            _writer.WriteNumberValue(v);
        }

        _writer.WriteEndArray();
        return this;
    }

    public void Value(double value)
    {
        if (double.IsFinite(value))
        {
            _writer.WriteNumberValue(value);
        }
        else
        {
            _writer.WriteNullValue();
        }
    }

    /// <summary>Flushes and returns the document.</summary>
    public override string ToString()
    {
        _writer.Flush();
        return Encoding.UTF8.GetString(_stream.ToArray());
    }

    public void Dispose()
    {
        _writer.Dispose();
        _stream.Dispose();
    }
}
