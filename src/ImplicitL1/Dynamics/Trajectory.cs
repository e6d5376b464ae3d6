using System.Collections;
using System.Globalization;

namespace ImplicitL1.Dynamics;

/// <summary>One recorded point of a gradient-flow or gradient-descent trajectory.</summary>
public sealed record TrajectoryPoint
{
    /// <summary>Flow time t (GD: η·k).</summary>
    public required double Time { get; init; }

    /// <summary>t divided by <see cref="Parametrization.TimeScale"/> (t/log(1/α) for D = 2).</summary>
    public required double RescaledTime { get; init; }

    /// <summary>Accepted integrator steps (GD: iterations k) up to this point.</summary>
    public required long Iteration { get; init; }

    /// <summary>½‖Ax − y‖².</summary>
    public required double Loss { get; init; }

    /// <summary>x at this time (a copy).</summary>
    public required double[] X { get; init; }

    /// <summary>‖x − x_ℓ¹‖₂; null when no x_ℓ¹ was passed in <see cref="References"/>.</summary>
    public required double? DistanceToL1 { get; init; }

    /// <summary>‖x − x∞‖₂; null when no x∞ was passed in <see cref="References"/>.</summary>
    public required double? DistanceToLimit { get; init; }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"t={Time:E6} t_rescaled={RescaledTime:E6} iteration={Iteration} loss={Loss:E6} dist_l1={Fmt(DistanceToL1)} dist_limit={Fmt(DistanceToLimit)}");

    internal static string Fmt(double? value) =>
        value is double v ? v.ToString("E6", CultureInfo.InvariantCulture) : "null";
}

/// <summary>
/// The recorded points of a run, in increasing time: the initial point, log-spaced checkpoints (plus any requested
/// times), and the final point. The same type for <see cref="GradientFlow"/> and <see cref="GradientDescent"/>.
/// </summary>
public sealed class Trajectory : IReadOnlyList<TrajectoryPoint>
{
    private readonly List<TrajectoryPoint> _points = [];

    /// <summary>Number of points.</summary>
    public int Count => _points.Count;

    /// <summary>The point at <paramref name="index"/>.</summary>
    public TrajectoryPoint this[int index] => _points[index];

    /// <summary>The last recorded point.</summary>
    public TrajectoryPoint Last => _points[^1];

    /// <inheritdoc/>
    public IEnumerator<TrajectoryPoint> GetEnumerator() => _points.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal void Add(TrajectoryPoint point) => _points.Add(point);
}
