using System.Numerics.Tensors;
using ImplicitL1.BasisPursuit;
using ImplicitL1.Limit;
using ImplicitL1.Problems;

namespace ImplicitL1.Experiments;

/// <summary>The minimizer of the BP face that gradient flow at depth D selects as α → 0.</summary>
public sealed record DepthSelection
{
    /// <summary>D.</summary>
    public required double Depth { get; init; }

    /// <summary>lim_{α→0} x∞(α) solved on the face (<see cref="FaceSelection"/>); <see cref="Estimate"/> when that failed.</summary>
    public required double[] Selected { get; init; }

    /// <summary>x∞ at the smallest α whose limit verified, polished along the face: the path's own evidence.</summary>
    public required double[] Estimate { get; init; }

    /// <summary>The α of <see cref="Estimate"/> (NaN when no point verified).</summary>
    public required double EstimateAlpha { get; init; }

    /// <summary>‖<see cref="Estimate"/> − <see cref="Selected"/>‖₂.</summary>
    public required double EstimateDistance { get; init; }

    /// <summary>x∞(α) at every α, in decreasing α.</summary>
    public required IReadOnlyList<LimitPoint> Path { get; init; }

    /// <summary>‖x∞(α_k) − x∞(α_{k−1})‖₂ for consecutive verified α (length: verified points − 1).</summary>
    public required double[] Changes { get; init; }

    /// <summary>‖Selected‖₁ − min ‖z‖₁: how far the estimate is from the face (≈ 0).</summary>
    public required double L1Excess { get; init; }

    /// <summary>
    /// Success when at least two α verified (points that did not, e.g. D ≥ 4 at α = 1e-12 where float64 cannot resolve
    /// the face coordinates without a support polish, keep their own status in <see cref="Path"/>); otherwise the
    /// first failing status.
    /// </summary>
    public required SolverStatus Status { get; init; }
}

/// <summary>The face and each depth's selection, with the pairwise distances between selections.</summary>
/// <param name="Face">The BP face.</param>
/// <param name="Selections">One per requested depth, in order.</param>
/// <param name="Distances">Distances[i][j] = ‖Selected_i − Selected_j‖₂.</param>
public sealed record SelectionReport(BasisPursuitFace Face, IReadOnlyList<DepthSelection> Selections, double[][] Distances)
{
    /// <summary>Success when the face was described and every depth's selection verified; otherwise the first failing status (the face's, a depth's, or Cancelled).</summary>
    public required SolverStatus Status { get; init; }

    /// <summary>One line on the outcome.</summary>
    public required string Message { get; init; }

    /// <summary>Work: Iterations = dual Newton iterations over all depths and α, LP counters of the face, WallTime.</summary>
    public required SolverStats Stats { get; init; }
}

/// <summary>Options of <see cref="MinimizerSelection.Solve"/>.</summary>
public sealed record SelectionOptions
{
    /// <summary>Depths D to compare. Required: each a finite real ≥ 2.</summary>
    public required IReadOnlyList<double> Depths { get; init; }

    /// <summary>The α path (sorted decreasing before use). Default null: <see cref="MinimizerSelection.DefaultAlphas"/>. Each finite and &gt; 0.</summary>
    public IReadOnlyList<double>? Alphas { get; init; }

    /// <summary>Options of the limits' <see cref="DualNewton"/>. Default null (its defaults).</summary>
    public LimitOptions? Limit { get; init; }

    /// <summary>Receives a <see cref="SolverProgress"/> (stage "selection") after each depth. Default none.</summary>
    public IProgress<SolverProgress>? Progress { get; init; }

    /// <summary>Checked before each depth; a cancelled run returns <see cref="SolverStatus.Cancelled"/> with the depths done. Default none.</summary>
    public CancellationToken Cancellation { get; init; }
}

/// <summary>
/// Which BP minimizer GF selects when BP is not unique (docs/theory.md §6; Wind, Antun &amp; Hansen 2023) [reconstructed]:
/// solved on the face by <see cref="FaceSelection"/>, with x∞(α) from <see cref="DualNewton"/> along decreasing α and
/// the successive changes as the convergence evidence.
/// Heuristic expectation from α·q_D(t/α) ≈ |t| + (higher order): D = 2 selects argmin Σ|zᵢ|log|zᵢ| on the face,
/// D &gt; 2 selects argmax Σ|zᵢ|^{2/D}, so the selection depends on D.
/// </summary>
public static class MinimizerSelection
{
    /// <summary>Default α path: 1e-2, 1e-4, …, 1e-12.</summary>
    public static IReadOnlyList<double> DefaultAlphas { get; } = [1e-2, 1e-4, 1e-6, 1e-8, 1e-10, 1e-12];

    /// <summary>Describes the face and solves the limit path at each depth.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A depth below 2 (options.Depths) or an α not finite and &gt; 0 (options.Alphas).</exception>
    public static SelectionReport Solve(RegressionProblem problem, SelectionOptions options)
    {
        Checks.NotNull(problem);
        Checks.NotNull(options);
        var depths = Checks.NotNull(options.Depths, "options.Depths");
        foreach (double d in depths)
        {
            Checks.Depth(d, "options.Depths");
        }

        var path = (options.Alphas ?? DefaultAlphas).OrderByDescending(a => a).ToArray();
        foreach (double a in path)
        {
            Checks.Alpha(a, "options.Alphas");
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var bp = BasisPursuitSolver.Solve(problem);
        var face = BasisPursuitFaces.Solve(problem, new FaceOptions { BasisPursuit = bp });
        if (!face.Status.IsSuccess())
        {
            return new SelectionReport(face, [], [])
            {
                Status = face.Status,
                Message = face.Message,
                Stats = face.Stats with { WallTime = clock.Elapsed },
            };
        }

        long newton = 0;
        bool cancelled = false;

        // Rotate/polish on the active set only: DualNewton falls back to plain coordinates when A_{E′} is not injective,
        // instead of treating one vertex's support as the limit's support.
        var guide = bp with { Support = face.ActiveSet, Signs = face.ActiveSet.Select(i => face.EqualitySigns[Array.IndexOf(face.EqualitySet, i)]).ToArray() };
        var selections = new List<DepthSelection>();
        foreach (double depth in depths)
        {
            if (options.Cancellation.IsCancellationRequested)
            {
                cancelled = true;
                break;
            }

            var limits = DualNewton.Solve(problem, depth, path, options.Limit, guide);
            newton += limits.Points.Sum(p => p.Stats.Iterations);
            var points = limits.Points;
            var good = points.Where(p => p.Status.IsSuccess()).ToArray();
            var changes = new double[Math.Max(0, good.Length - 1)];
            var diff = new double[problem.Cols];
            for (int k = 1; k < good.Length; k++)
            {
                TensorPrimitives.Subtract(good[k].X, good[k - 1].X, diff);
                changes[k - 1] = TensorPrimitives.Norm(diff);
            }

            var last = good.Length > 0 ? good[^1] : points[^1];
            var estimate = FaceSelection.PolishOnFace(problem, face, depth, last.LogAlpha, last.X) ?? last.X;
            var exact = FaceSelection.Solve(problem, face, depth);
            var selected = exact.Status.IsSuccess() ? exact.Selected : estimate;
            var failed = points.FirstOrDefault(p => !p.Status.IsSuccess());
            selections.Add(new DepthSelection
            {
                Depth = depth,
                Selected = selected,
                Estimate = estimate,
                EstimateAlpha = good.Length > 0 ? good[^1].Alpha : double.NaN,
                EstimateDistance = FaceSelection.Distance(estimate, selected).Distance,
                Path = points,
                Changes = changes,
                L1Excess = selected.Sum(Math.Abs) - face.L1Norm,
                Status = good.Length >= 2 ? SolverStatus.Success : failed?.Status ?? SolverStatus.NumericalTrouble,
            });
            options.Progress?.Report(new SolverProgress("selection", selections.Count, selections.Count / (double)depths.Count, $"D = {depth} done"));
        }

        var distances = selections.Select(a => selections.Select(b =>
        {
            var d = new double[problem.Cols];
            TensorPrimitives.Subtract(a.Selected, b.Selected, d);
            return TensorPrimitives.Norm(d);
        }).ToArray()).ToArray();
        var bad = selections.FirstOrDefault(x => !x.Status.IsSuccess());
        return new SelectionReport(face, selections, distances)
        {
            Status = cancelled ? SolverStatus.Cancelled : bad?.Status ?? SolverStatus.Success,
            Message = cancelled ? $"cancelled after {selections.Count} of {depths.Count} depths"
                : bad is null ? $"{selections.Count} depths selected along {path.Length} α" : $"D = {bad.Depth}: fewer than two α verified ({bad.Status.ToSnakeCase()})",
            Stats = face.Stats with { Iterations = newton, WallTime = clock.Elapsed },
        };
    }
}
