using System.Globalization;

namespace ImplicitL1.Cli.Options;

/// <summary>
/// Parsing of option values in the flag's own words: every failure is a <see cref="CliException"/> reading
/// "--depth must be a number ≥ 2, got 'abc'" (exit <see cref="ExitCodes.InvalidValue"/>), or "--depth needs a value:
/// a number ≥ 2" (exit <see cref="ExitCodes.Usage"/>). Numbers are invariant-culture ("1e-3", "0.5"; no thousands
/// separators). Use these from a command's own parsing (lists, log-form values) so that its messages match the
/// ones <see cref="CliApp"/> gives for typed options.
/// </summary>
public static class OptionValues
{
    /// <summary>"a number ≥ 2", "an integer ≥ 1", "a number": what an option accepts, for messages and help.</summary>
    public static string Accepted(bool integer, ValueRange range)
    {
        string kind = integer ? "an integer" : "a number";
        string bounds = range.ToString();
        return bounds.Length == 0 ? kind : kind + " " + bounds;
    }

    /// <summary>"one of table, json, csv": the accepted names of an enum option (lower case, as typed).</summary>
    public static string Accepted(Type enumType) =>
        "one of " + string.Join(", ", System.Enum.GetNames(enumType).Select(n => n.ToLowerInvariant()));

    /// <summary>Parses a number in <paramref name="range"/>, or throws naming <paramref name="flag"/>.</summary>
    public static double Number(string? text, string flag, ValueRange range) =>
        Parse<double>(text, flag, Accepted(integer: false, range), t =>
            double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && range.Contains(v) ? v : null);

    /// <summary>Parses an integer in <paramref name="range"/>, or throws naming <paramref name="flag"/>.</summary>
    public static long Integer(string? text, string flag, ValueRange range) =>
        Parse<long>(text, flag, Accepted(integer: true, range), t =>
            long.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v) && range.Contains(v) ? v : null);

    /// <summary>Parses a comma-separated list of numbers, each in <paramref name="range"/> ("1e-2,1e-4").</summary>
    public static double[] NumberList(string? text, string flag, ValueRange range)
    {
        string accepted = "a comma-separated list of numbers " + range;
        if (text is null)
        {
            throw Missing(flag, accepted.TrimEnd());
        }

        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.All(p => p.Length == 0))
        {
            throw Invalid(flag, accepted.TrimEnd(), text);
        }

        return [.. parts.Select(p => p.Length == 0 ? throw Invalid(flag, accepted.TrimEnd(), text) : Number(p, flag, range))];
    }

    /// <summary>Parses an enum value by name, case-insensitively ("json" → Json); digits are refused.</summary>
    public static T Enum<T>(string? text, string flag)
        where T : struct, Enum =>
        Parse<T>(text, flag, Accepted(typeof(T)), t =>
            System.Enum.GetNames<T>().FirstOrDefault(n => n.Equals(t, StringComparison.OrdinalIgnoreCase)) is { } name
                ? System.Enum.Parse<T>(name)
                : null);

    /// <summary>Throws unless <paramref name="value"/> lies in <paramref name="range"/> (for values already parsed).</summary>
    public static void Check(double value, string flag, ValueRange range, bool integer = false)
    {
        if (!range.Contains(value))
        {
            throw Invalid(flag, Accepted(integer, range), value.ToString("R", CultureInfo.InvariantCulture));
        }
    }

    private static T Parse<T>(string? text, string flag, string accepted, Func<string, T?> parse)
        where T : struct =>
        text is null ? throw Missing(flag, accepted) : parse(text.Trim()) ?? throw Invalid(flag, accepted, text);

    /// <summary>"--flag must be ACCEPTED, got 'TEXT'" with exit code <see cref="ExitCodes.InvalidValue"/>.</summary>
    public static CliException Invalid(string flag, string accepted, string text) =>
        new(ExitCodes.InvalidValue, $"{flag} must be {accepted}, got '{text}'.");

    /// <summary>"--flag needs a value: ACCEPTED" with exit code <see cref="ExitCodes.Usage"/>.</summary>
    public static CliException Missing(string flag, string accepted) =>
        new(ExitCodes.Usage, $"{flag} needs a value: {accepted}.");
}
