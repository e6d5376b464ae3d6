using System.Globalization;

namespace ImplicitL1;

/// <summary>
/// One progress report of a long-running solver, delivered through the options' <c>Progress</c> (an
/// <see cref="IProgress{T}"/>): the same shape for every solver, so a caller draws one bar or prints one line.
/// </summary>
/// <param name="Stage">What is running, e.g. "gf", "gd", "nsp exact", "nsp bounds".</param>
/// <param name="Iteration">Iterations (steps, LPs) done so far in this stage.</param>
/// <param name="Fraction">Fraction of the stage done in [0, 1] when known in advance; null for open-ended loops.</param>
/// <param name="Message">A short line with the current numbers (time, loss, distance …).</param>
public sealed record SolverProgress(string Stage, long Iteration, double? Fraction, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Stage}: {(Fraction is double f ? $"{100 * f:F0}% " : string.Empty)}{Message}");
}
