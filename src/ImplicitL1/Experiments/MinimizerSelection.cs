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

    /// <summary>x∞ at the smallest α whose limit verified: the estimate of lim_{α→0} x∞(α).</summary>
    public required double[] Selected { get; init; }

    /// <summary>The α of <see cref="Selected"/> (NaN when no point verified).</summary>
    public required double SelectedAlpha { get; init; }

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
public sealed record SelectionReport(BasisPursuitFace Face, IReadOnlyList<DepthSelection> Selections, double[][] Distances);

/// <summary>
/// Which BP minimizer GF selects when BP is not unique (docs/theory.md §6; Wind, Antun &amp; Hansen 2023) [reconstructed]:
/// x∞(α) from <see cref="DualNewton"/> along decreasing α, with the successive changes as the convergence evidence.
/// Heuristic expectation from α·q_D(t/α) ≈ |t| + (higher order): D = 2 selects argmin Σ|zᵢ|log|zᵢ| on the face,
/// D &gt; 2 selects argmax Σ|zᵢ|^{2/D}, so the selection depends on D.
/// </summary>
public static class MinimizerSelection
{
    /// <summary>Default α path: 1e-2, 1e-4, …, 1e-12.</summary>
    public static IReadOnlyList<double> DefaultAlphas { get; } = [1e-2, 1e-4, 1e-6, 1e-8, 1e-10, 1e-12];

    /// <summary>Describes the face and solves the limit path at each depth.</summary>
    public static SelectionReport Select(RegressionProblem problem, IReadOnlyList<double> depths, IReadOnlyList<double>? alphas = null,
        LimitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(depths);
        var path = (alphas ?? DefaultAlphas).OrderByDescending(a => a).ToArray();
        var bp = BasisPursuitSolver.Solve(problem);
        var face = BasisPursuitFaces.Describe(problem, bp);
        if (!face.Status.IsSuccess())
        {
            return new SelectionReport(face, [], []);
        }

        // Rotate/polish on the active set only: DualNewton falls back to plain coordinates when A_{E′} is not injective,
        // instead of treating one vertex's support as the limit's support.
        var guide = bp with { Support = face.ActiveSet, Signs = face.ActiveSet.Select(i => face.EqualitySigns[Array.IndexOf(face.EqualitySet, i)]).ToArray() };
        var selections = new List<DepthSelection>();
        foreach (double depth in depths)
        {
            var limits = DualNewton.Solve(problem, depth, path, options, guide);
            var points = limits.Points;
            var good = points.Where(p => p.Status.IsSuccess()).ToArray();
            var changes = new double[Math.Max(0, good.Length - 1)];
            var diff = new double[problem.Cols];
            for (int k = 1; k < good.Length; k++)
            {
                TensorPrimitives.Subtract(good[k].X, good[k - 1].X, diff);
                changes[k - 1] = TensorPrimitives.Norm(diff);
            }

            var selected = good.Length > 0 ? good[^1].X : points[^1].X;
            var failed = points.FirstOrDefault(p => !p.Status.IsSuccess());
            selections.Add(new DepthSelection
            {
                Depth = depth,
                Selected = selected,
                SelectedAlpha = good.Length > 0 ? good[^1].Alpha : double.NaN,
                Path = points,
                Changes = changes,
                L1Excess = selected.Sum(Math.Abs) - face.L1Norm,
                Status = good.Length >= 2 ? SolverStatus.Success : failed?.Status ?? SolverStatus.NumericalTrouble,
            });
        }

        var distances = selections.Select(a => selections.Select(b =>
        {
            var d = new double[problem.Cols];
            TensorPrimitives.Subtract(a.Selected, b.Selected, d);
            return TensorPrimitives.Norm(d);
        }).ToArray()).ToArray();
        return new SelectionReport(face, selections, distances);
    }
}
