using System.Globalization;

namespace ImplicitL1.Limit;

/// <summary>
/// An initialization scale α &gt; 0 carried as ln α, so that α far below the smallest double (1e-1000, 1e-300000)
/// is exact to one rounding of its logarithm. α is the scale of x's halves, u(0)^D = v(0)^D = α (docs/theory.md §1).
/// </summary>
public readonly record struct LogAlpha : IComparable<LogAlpha>
{
    /// <summary>Smallest accepted log10 α: −1e6 (below it even log α loses the digits Newton needs).</summary>
    public const double MinLog10 = -1e6;

    /// <summary>Largest accepted log10 α: 1e6.</summary>
    public const double MaxLog10 = 1e6;

    private readonly double _value; // the exact double α when it was given as one (0 = unknown)

    private readonly double _log10; // log10 α exactly as given (decimal text or log10), when _hasLog10
    private readonly bool _hasLog10;

    private LogAlpha(double log, double value = 0.0, double log10 = double.NaN)
    {
        Log = log;
        _value = value;
        _hasLog10 = !double.IsNaN(log10);
        _log10 = log10;
    }

    /// <summary>ln α.</summary>
    public double Log { get; }

    /// <summary>log10 α.</summary>
    public double Log10 => _hasLog10 ? _log10 : _value != 0.0 ? Math.Log10(_value) : Log / Math.Log(10.0);

    /// <summary>α as a double; 0 when it underflows and +∞ when it overflows (see <see cref="IsRepresentable"/>).</summary>
    public double Value => _value != 0.0 ? _value : Math.Exp(Log);

    /// <summary>True when α is a normal, finite double.</summary>
    public bool IsRepresentable => Value is var v && double.IsNormal(v);

    /// <summary>α from its value. Must be finite and &gt; 0.</summary>
    public static LogAlpha FromValue(double alpha, string paramName = "alpha")
    {
        if (!(alpha > 0) || !double.IsFinite(alpha))
        {
            throw new ArgumentOutOfRangeException(paramName, alpha,
                "The initialization scale α must be a finite number greater than 0 (pass log α for values below 1e-308).");
        }

        return new LogAlpha(Math.Log(alpha), alpha);
    }

    /// <summary>α = 10^<paramref name="log10"/>. Must lie in [−1e6, 1e6].</summary>
    public static LogAlpha FromLog10(double log10, string paramName = "log10")
    {
        if (!(log10 >= MinLog10 && log10 <= MaxLog10))
        {
            throw new ArgumentOutOfRangeException(paramName, log10,
                string.Create(CultureInfo.InvariantCulture, $"log10 α must lie in [{MinLog10:G}, {MaxLog10:G}]."));
        }

        return new LogAlpha(log10 * Math.Log(10.0), 0.0, log10);
    }

    /// <summary>α = e^<paramref name="log"/>. Must be finite and within the log10 range.</summary>
    public static LogAlpha FromLog(double log, string paramName = "log") =>
        double.IsFinite(log) && log / Math.Log(10.0) is var l10 && l10 >= MinLog10 && l10 <= MaxLog10
            ? new LogAlpha(log)
            : throw new ArgumentOutOfRangeException(paramName, log, "ln α must be finite with log10 α in [−1e6, 1e6].");

    /// <summary>
    /// Parses decimal text such as "1e-1000" or "2.5E-300" exactly as log10: log10(mantissa) + exponent, so values
    /// below the double range are accepted. Returns false with a reason for malformed, zero or negative text.
    /// </summary>
    public static bool TryParse(string? text, out LogAlpha alpha, out string error)
    {
        alpha = default;
        error = "";
        string s = (text ?? "").Trim();
        if (s.Length == 0)
        {
            error = "is empty";
            return false;
        }

        int e = s.IndexOfAny(['e', 'E']);
        string mantissaText = e < 0 ? s : s[..e];
        long exponent = 0;
        if (e >= 0 && !long.TryParse(s[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent))
        {
            error = $"'{s}' is not a number (the exponent after 'e' is missing or malformed)";
            return false;
        }

        if (mantissaText.Length == 0 || mantissaText.Contains('e', StringComparison.OrdinalIgnoreCase)
            || !double.TryParse(mantissaText, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out double mantissa))
        {
            error = $"'{s}' is not a number";
            return false;
        }

        if (!double.IsFinite(mantissa) || mantissa <= 0)
        {
            error = $"'{s}' is not greater than 0 (α is the initial scale u(0)^D = v(0)^D)";
            return false;
        }

        double log10 = Math.Log10(mantissa) + exponent;
        if (!(log10 >= MinLog10 && log10 <= MaxLog10))
        {
            error = string.Create(CultureInfo.InvariantCulture, $"'{s}' is outside the supported range 1e{MinLog10:G} ≤ α ≤ 1e{MaxLog10:G}");
            return false;
        }

        // ln α = ln(mantissa) + exponent·ln 10: one rounding each, no overflow.
        double exact = double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsNormal(v) ? v : 0.0;
        alpha = exact != 0.0 ? new LogAlpha(Math.Log(exact), exact, log10) : new LogAlpha(Math.Log(mantissa) + (exponent * Math.Log(10.0)), 0.0, log10);
        return true;
    }

    /// <summary>Equal when ln α is equal.</summary>
    public bool Equals(LogAlpha other) => Log.Equals(other.Log);

    /// <inheritdoc/>
    public override int GetHashCode() => Log.GetHashCode();

    /// <inheritdoc/>
    public int CompareTo(LogAlpha other) => Log.CompareTo(other.Log);

    /// <summary>α as "1e-300" style text, exact for representable α ("10^-1000" style beyond).</summary>
    public override string ToString() => IsRepresentable
        ? Value.ToString("E3", CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"10^{Log10:G10}");
}
