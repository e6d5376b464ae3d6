using System.Globalization;

namespace ImplicitL1.Cli.Options;

/// <summary>
/// The interval an option's number must lie in, e.g. [2, ∞) for --depth or (−1, 1) for --correlation. Every bound
/// is also a finiteness check: ±∞ and NaN never lie in a range.
/// </summary>
/// <param name="Lower">Lower bound; −∞ for none.</param>
/// <param name="Upper">Upper bound; +∞ for none.</param>
/// <param name="LowerOpen">True when the lower bound itself is excluded (&gt; rather than ≥).</param>
/// <param name="UpperOpen">True when the upper bound itself is excluded (&lt; rather than ≤).</param>
public readonly record struct ValueRange(
    double Lower = double.NegativeInfinity, double Upper = double.PositiveInfinity, bool LowerOpen = false, bool UpperOpen = false)
{
    /// <summary>Any finite number.</summary>
    public static ValueRange Any => new(double.NegativeInfinity, double.PositiveInfinity);

    /// <summary>x ≥ <paramref name="lower"/>.</summary>
    public static ValueRange AtLeast(double lower) => new(Lower: lower);

    /// <summary>x &gt; <paramref name="lower"/>.</summary>
    public static ValueRange Above(double lower) => new(Lower: lower, LowerOpen: true);

    /// <summary>lower &lt; x &lt; upper.</summary>
    public static ValueRange Between(double lower, double upper) => new(lower, upper, LowerOpen: true, UpperOpen: true);

    /// <summary>True when <paramref name="value"/> is finite and inside the range.</summary>
    public bool Contains(double value) =>
        double.IsFinite(value)
        && (LowerOpen ? value > Lower : value >= Lower)
        && (UpperOpen ? value < Upper : value <= Upper);

    /// <summary>The range in words: "≥ 2", "&gt; 0", "in (−1, 1)", or empty for any finite number.</summary>
    public override string ToString()
    {
        bool hasLower = !double.IsNegativeInfinity(Lower);
        bool hasUpper = !double.IsPositiveInfinity(Upper);
        return (hasLower, hasUpper) switch
        {
            (true, true) => $"in {(LowerOpen ? "(" : "[")}{Text(Lower)}, {Text(Upper)}{(UpperOpen ? ")" : "]")}",
            (true, false) => (LowerOpen ? "> " : "≥ ") + Text(Lower),
            (false, true) => (UpperOpen ? "< " : "≤ ") + Text(Upper),
            _ => string.Empty,
        };
    }

    private static string Text(double value) =>
        value < 0 ? "−" + (-value).ToString("R", CultureInfo.InvariantCulture) : value.ToString("R", CultureInfo.InvariantCulture);
}
