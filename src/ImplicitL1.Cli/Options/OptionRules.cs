using System.Reflection;
using System.Text.RegularExpressions;
using Spectre.Console.Cli;

namespace ImplicitL1.Cli.Options;

/// <summary>
/// What each flag accepts, once for the whole tool (a flag means the same everywhere: --depth is a number ≥ 2 in
/// limit, bounds and train), and the mapping of Spectre's conversion errors to messages in the flag's own words.
/// </summary>
public static partial class OptionRules
{
    /// <summary>Ranges of the numeric flags, by the spelling users type. Flags not listed accept any finite value.</summary>
    public static IReadOnlyDictionary<string, ValueRange> Ranges { get; } = new Dictionary<string, ValueRange>
    {
        ["--depth"] = ValueRange.AtLeast(2),
        ["--m"] = ValueRange.AtLeast(1),
        ["--n"] = ValueRange.AtLeast(1),
        ["--s"] = ValueRange.AtLeast(0),
        ["--noise"] = ValueRange.AtLeast(0),
        ["--correlation"] = ValueRange.Between(-1, 1),
        ["--order"] = ValueRange.AtLeast(1),
        ["--max-lps"] = ValueRange.AtLeast(1),
        ["--eta"] = ValueRange.Above(0),
        ["--gamma"] = ValueRange.Above(0),
        ["--batch"] = ValueRange.AtLeast(1),
        ["--label-noise"] = ValueRange.AtLeast(0),
        ["--max-iter"] = ValueRange.AtLeast(1),
        ["--loss-tol"] = ValueRange.AtLeast(0),
        ["--wall-clock"] = ValueRange.Above(0),
        ["--threads"] = ValueRange.AtLeast(1),
        ["--shard-count"] = ValueRange.AtLeast(1),
    };

    /// <summary>The flag as users type it: --A, --y, --m, --n, --s for the one-letter aliases, else --long-name.</summary>
    public static string DisplayName(CommandOptionAttribute option) =>
        option.ShortNames.FirstOrDefault(s => CliApp.OneLetterAliases.Contains(s, StringComparison.Ordinal)) is { } letter
            ? "--" + letter
            : option.LongNames.Count > 0 ? "--" + option.LongNames[0] : "-" + option.ShortNames[0];

    /// <summary>What the option behind <paramref name="property"/> accepts ("a number ≥ 2", "one of table, json, csv"), or null for text.</summary>
    public static string? Accepted(PropertyInfo property, string flag)
    {
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        var range = Ranges.TryGetValue(flag, out var r) ? r : ValueRange.Any;
        return type switch
        {
            _ when type.IsEnum => OptionValues.Accepted(type),
            _ when type == typeof(int) || type == typeof(long) => OptionValues.Accepted(integer: true, range),
            _ when type == typeof(double) => OptionValues.Accepted(integer: false, range),
            // A list flag with a range (limit's --depth 2,3): the same words with "a comma-separated list of numbers".
            _ when type == typeof(string) && Ranges.ContainsKey(flag) => "a comma-separated list of numbers " + range,
            _ => null,
        };
    }

    /// <summary>Checks every numeric option of <paramref name="settings"/> against <see cref="Ranges"/> (after binding, before the command runs).</summary>
    public static void Validate(CommandSettings settings)
    {
        foreach (var (property, option) in Options(settings.GetType()))
        {
            string flag = DisplayName(option);
            if (!Ranges.TryGetValue(flag, out var range))
            {
                continue;
            }

            switch (property.GetValue(settings))
            {
                case double d:
                    OptionValues.Check(d, flag, range);
                    break;
                case int i:
                    OptionValues.Check(i, flag, range, integer: true);
                    break;
                case long l:
                    OptionValues.Check(l, flag, range, integer: true);
                    break;
            }
        }
    }

    /// <summary>
    /// Rewrites Spectre's "Failed to convert 'abc' to Double" (or the '__default_command' it reports for a missing
    /// value) as "--depth must be a number ≥ 2, got 'abc'" / "--depth needs a value: …", finding the flag in the
    /// command line; null when the exception is of another kind or the flag cannot be found.
    /// </summary>
    public static CliException? Explain(CommandAppException exception, IReadOnlyList<string> args, Type? settingsType)
    {
        var match = ConversionFailure().Match(exception.Message);
        if (!match.Success || settingsType is null)
        {
            return null;
        }

        string value = match.Groups[1].Value;
        bool missing = value == "__default_command";
        var options = Options(settingsType).ToList();
        for (int i = 0; i < args.Count; i++)
        {
            string token = args[i];
            int eq = token.IndexOf('=', StringComparison.Ordinal);
            string name = eq > 0 ? token[..eq] : token;
            var found = options.FirstOrDefault(o => Matches(o.Option, name));
            if (found.Property is null)
            {
                continue;
            }

            string? given = eq > 0 ? token[(eq + 1)..] : i + 1 < args.Count ? args[i + 1] : null;
            bool isMissing = given is null || (eq < 0 && options.Any(o => Matches(o.Option, given.Split('=')[0])));
            if (missing ? !isMissing : given != value)
            {
                continue;
            }

            string flag = DisplayName(found.Option);
            if (Accepted(found.Property, flag) is not { } accepted)
            {
                return null;
            }

            return missing ? OptionValues.Missing(flag, accepted) : OptionValues.Invalid(flag, accepted, value);
        }

        return null;
    }

    /// <summary>
    /// Throws "--out needs a value: FILE" (exit 2) when an option that takes a value is last on the command line or
    /// followed by another option of the command: Spectre would otherwise bind text options to null silently.
    /// </summary>
    public static void CheckValuesPresent(IReadOnlyList<string> args, Type? settingsType)
    {
        if (settingsType is null)
        {
            return;
        }

        var options = Options(settingsType).Where(o => o.Property.PropertyType != typeof(bool)).ToList();
        var all = Options(settingsType).Select(o => o.Option).ToList();
        for (int i = 0; i < args.Count; i++)
        {
            var found = options.FirstOrDefault(o => Matches(o.Option, args[i]));
            if (found.Property is null)
            {
                continue;
            }

            bool missing = i + 1 == args.Count || args[i + 1] is "-h" or "--help" || all.Any(o => Matches(o, args[i + 1].Split('=')[0]));
            if (missing)
            {
                string flag = DisplayName(found.Option);
                throw OptionValues.Missing(flag, Accepted(found.Property, flag) ?? found.Option.ValueName ?? "a value");
            }
        }
    }

    private static bool Matches(CommandOptionAttribute option, string token) =>
        token.StartsWith("--", StringComparison.Ordinal)
            ? option.LongNames.Contains(token[2..], StringComparer.Ordinal)
            : token.Length == 2 && token[0] == '-' && option.ShortNames.Contains(token[1..], StringComparer.Ordinal);

    private static IEnumerable<(PropertyInfo Property, CommandOptionAttribute Option)> Options(Type settingsType) =>
        settingsType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Property: p, Option: p.GetCustomAttribute<CommandOptionAttribute>()!))
            .Where(p => p.Option is not null);

    [GeneratedRegex("^Failed to convert '(.*)' to ", RegexOptions.Singleline)]
    private static partial Regex ConversionFailure();
}

/// <summary>Runs <see cref="OptionRules.Validate"/> on every command's settings before it executes.</summary>
internal sealed class OptionRangeInterceptor : ICommandInterceptor
{
    public void Intercept(CommandContext context, CommandSettings settings) => OptionRules.Validate(settings);

    public void InterceptResult(CommandContext context, CommandSettings settings, ref int result)
    {
    }
}
