using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace ImplicitL1;

/// <summary>
/// The one set of argument checks (dotnet/runtime's ThrowHelper). Misuse throws: a null argument
/// <see cref="ArgumentNullException"/>, a value out of its range <see cref="ArgumentOutOfRangeException"/>, a
/// wrong length or shape <see cref="ArgumentException"/>; each names the parameter and says how to fix it.
/// A numerical outcome is a <see cref="SolverStatus"/>, never an exception.
/// </summary>
public static class Checks
{
    /// <summary>Throws unless <paramref name="value"/> is not null.</summary>
    public static T NotNull<T>([NotNull] T? value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
        where T : class => value ?? throw new ArgumentNullException(paramName);

    /// <summary>Throws unless <paramref name="value"/> is finite.</summary>
    public static double Finite(double value, [CallerArgumentExpression(nameof(value))] string? paramName = null) =>
        double.IsFinite(value) ? value : Throw(paramName, value, "Must be a finite number.");

    /// <summary>Throws unless <paramref name="value"/> is finite and &gt; 0.</summary>
    public static double Positive(double value, [CallerArgumentExpression(nameof(value))] string? paramName = null) =>
        double.IsFinite(value) && value > 0 ? value : Throw(paramName, value, "Must be a finite number greater than 0.");

    /// <summary>Throws unless <paramref name="value"/> is finite and ≥ 0.</summary>
    public static double NonNegative(double value, [CallerArgumentExpression(nameof(value))] string? paramName = null) =>
        double.IsFinite(value) && value >= 0 ? value : Throw(paramName, value, "Must be a finite number ≥ 0.");

    /// <summary>Throws unless <paramref name="value"/> is an integer ≥ 1.</summary>
    public static long AtLeastOne(long value, [CallerArgumentExpression(nameof(value))] string? paramName = null) =>
        value >= 1 ? value : Throw(paramName, value, "Must be at least 1.");

    /// <summary>Throws unless lo ≤ value ≤ hi (a finite value).</summary>
    public static double InRange(double value, double lo, double hi, [CallerArgumentExpression(nameof(value))] string? paramName = null) =>
        double.IsFinite(value) && value >= lo && value <= hi
            ? value
            : Throw(paramName, value, string.Create(CultureInfo.InvariantCulture, $"Must lie in [{lo}, {hi}]."));

    /// <summary>Throws unless the depth is a finite real D ≥ 2 (docs/theory.md §1: x = u^D − v^D needs D ≥ 2).</summary>
    public static double Depth(double depth, [CallerArgumentExpression(nameof(depth))] string? paramName = null) =>
        double.IsFinite(depth) && depth >= 2 ? depth : Throw(paramName, depth, "The depth D must be a real number ≥ 2.");

    /// <summary>Throws unless α is a finite number &gt; 0 (α = u(0)^D, docs/theory.md §1).</summary>
    public static double Alpha(double alpha, [CallerArgumentExpression(nameof(alpha))] string? paramName = null) =>
        double.IsFinite(alpha) && alpha > 0
            ? alpha
            : Throw(paramName, alpha, "The initialization scale α must be a finite number greater than 0 (pass log α for values below 1e-308).");

    /// <summary>Throws unless an optional budget is null (none) or a positive duration.</summary>
    public static TimeSpan? PositiveOrNone(TimeSpan? value, [CallerArgumentExpression(nameof(value))] string? paramName = null) =>
        value is not TimeSpan t || t > TimeSpan.Zero ? value : Throw(paramName, value, "Must be positive (or null for none).");

    /// <summary>Throws unless a vector has the expected length.</summary>
    public static void Length(int actual, int expected, string what, string paramName)
    {
        if (actual != expected)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{what} has {actual} entries but must have {expected}."), paramName);
        }
    }

    [DoesNotReturn]
    private static T Throw<T>(string? paramName, T value, string message) =>
        throw new ArgumentOutOfRangeException(paramName, value, message);
}
