using System.Globalization;
using System.Text;

namespace ImplicitL1.IO;

/// <summary>A Python tuple literal, kept apart from a list so that <c>shape</c> can be told from other values.</summary>
internal sealed class PyTuple(List<object?> items)
{
    public List<object?> Items { get; } = items;
}

/// <summary>
/// Parses the small subset of Python literals found in a <c>.npy</c> header: a dict with string keys whose values are
/// strings, <c>True</c>/<c>False</c>/<c>None</c>, integers, tuples and lists. Whitespace-tolerant; trailing commas allowed.
/// </summary>
internal sealed class PyLiteralParser
{
    private readonly string _text;
    private int _pos;

    private PyLiteralParser(string text) => _text = text;

    /// <summary>Parses <paramref name="text"/> as a dict literal.</summary>
    /// <exception cref="FormatException">The text is not a well-formed dict literal.</exception>
    public static Dictionary<string, object?> ParseDict(string text)
    {
        var parser = new PyLiteralParser(text);
        parser.SkipWhitespace();
        if (parser.Peek() != '{')
        {
            throw new FormatException("header is not a dict literal (does not start with '{')");
        }

        var dict = parser.ParseDictBody();
        parser.SkipWhitespace();
        if (parser._pos != text.Length)
        {
            throw new FormatException($"unexpected text after the header dict at offset {parser._pos}");
        }

        return dict;
    }

    private Dictionary<string, object?> ParseDictBody()
    {
        Expect('{');
        var dict = new Dictionary<string, object?>(StringComparer.Ordinal);
        while (true)
        {
            SkipWhitespace();
            if (Peek() == '}')
            {
                _pos++;
                return dict;
            }

            if (ParseValue() is not string key)
            {
                throw new FormatException("header dict has a key that is not a string");
            }

            SkipWhitespace();
            Expect(':');
            var value = ParseValue();
            if (!dict.TryAdd(key, value))
            {
                throw new FormatException($"header dict repeats the key '{key}'");
            }

            SkipWhitespace();
            var c = Peek();
            if (c == ',')
            {
                _pos++;
            }
            else if (c != '}')
            {
                throw Unexpected("',' or '}'");
            }
        }
    }

    private object? ParseValue()
    {
        SkipWhitespace();
        var c = Peek();
        switch (c)
        {
            case '\'' or '"':
                return ParseString();
            case '(':
                return new PyTuple(ParseSequence('(', ')'));
            case '[':
                return ParseSequence('[', ']');
            case '{':
                return ParseDictBody();
        }

        if (c == '-' || c == '+' || char.IsAsciiDigit(c))
        {
            return ParseInteger();
        }

        if (char.IsAsciiLetter(c))
        {
            var start = _pos;
            while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] == '_'))
            {
                _pos++;
            }

            return _text[start.._pos] switch
            {
                "True" => true,
                "False" => false,
                "None" => null,
                var word => throw new FormatException($"unexpected name '{word}' in header"),
            };
        }

        throw Unexpected("a value");
    }

    private List<object?> ParseSequence(char open, char close)
    {
        Expect(open);
        var items = new List<object?>();
        while (true)
        {
            SkipWhitespace();
            if (Peek() == close)
            {
                _pos++;
                return items;
            }

            items.Add(ParseValue());
            SkipWhitespace();
            var c = Peek();
            if (c == ',')
            {
                _pos++;
            }
            else if (c != close)
            {
                throw Unexpected($"',' or '{close}'");
            }
        }
    }

    private long ParseInteger()
    {
        var start = _pos;
        if (Peek() is '-' or '+')
        {
            _pos++;
        }

        while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
        {
            _pos++;
        }

        var digits = _text[start.._pos];
        if (_pos < _text.Length && _text[_pos] is 'L' or 'l')
        {
            _pos++; // Python 2 long suffix, written by old NumPy versions.
        }

        if (!long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            throw new FormatException($"bad integer '{digits}' in header");
        }

        return value;
    }

    private string ParseString()
    {
        var quote = _text[_pos++];
        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length)
            {
                throw new FormatException("unterminated string in header");
            }

            var c = _text[_pos++];
            if (c == quote)
            {
                return sb.ToString();
            }

            if (c == '\\' && _pos < _text.Length)
            {
                c = _text[_pos++];
            }

            sb.Append(c);
        }
    }

    private void SkipWhitespace()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos]))
        {
            _pos++;
        }
    }

    private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

    private void Expect(char c)
    {
        if (Peek() != c)
        {
            throw Unexpected($"'{c}'");
        }

        _pos++;
    }

    private FormatException Unexpected(string expected) =>
        _pos >= _text.Length
            ? new FormatException($"header ends early; expected {expected}")
            : new FormatException($"expected {expected} at offset {_pos} of the header but found '{_text[_pos]}'");
}
