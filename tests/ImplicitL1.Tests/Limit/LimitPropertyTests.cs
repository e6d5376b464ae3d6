using FsCheck.Xunit;
using ImplicitL1.Limit;
using ImplicitL1.Problems;

namespace ImplicitL1.Tests.Limit;

/// <summary>
/// Scaling and permutation properties of x∞: x∞(α; cA, y) = x∞(cα; A, y)/c, x∞(α; A, cy) = c·x∞(α/c; A, y),
/// columns permuted → coordinates permuted; duplicated columns carry equal values. Either the transformed answer
/// or a clear failure, never a different "success".
/// </summary>
public class LimitPropertyTests
{
    private static readonly double[] Factors = [1e-150, 1e-30, 1e-8, 1e8, 1e150];
    private static readonly Lazy<RegressionProblem> Base = new(() => TestInstances.Gaussian(20, 50, 3, seed: 7).Problem);

    [Property(MaxTest = 15)]
    public void Scaling_A_or_y_gives_the_scaled_answer(byte factor, byte mode, bool deep)
    {
        double c = Factors[factor % Factors.Length];
        int which = mode % 3; // 0: cA, 1: cy, 2: both
        double depth = deep ? 3.0 : 2.0;
        var problem = Base.Value;
        var alpha = LogAlpha.FromLog10(-8);
        var reference = DualNewton.Solve(problem, depth, [alpha]).Points[0];
        Assert.Equal(SolverStatus.Success, reference.Status);
        var a = problem.A.ToArray();
        var y = problem.YArray();
        if (which != 1)
        {
            a = [.. a.Select(v => v * c)];
        }

        if (which != 0)
        {
            y = [.. y.Select(v => v * c)];
        }

        var scaled = new RegressionProblem(a, problem.Rows, problem.Cols, y);
        // α' with x'(α') = κ·x(α): κ = 1/c for cA (α' = α/c), κ = c for cy (α' = cα), κ = 1 for both.
        double logKappa = which switch { 0 => -Math.Log(c), 1 => Math.Log(c), _ => 0.0 };
        var point = DualNewton.Solve(scaled, depth, [LogAlpha.FromLog(alpha.Log + logKappa)]).Points[0];
        if (point.Status != SolverStatus.Success)
        {
            Assert.False(string.IsNullOrWhiteSpace(point.Message));
            Assert.Null(point.ErrorToL1);
            return;
        }

        double shift = logKappa / Math.Log(10.0);
        for (int i = 0; i < problem.Cols; i++)
        {
            Assert.Equal(reference.XSign[i], point.XSign[i]);
            Assert.True(Math.Abs(point.Log10AbsX[i] - (reference.Log10AbsX[i] + shift)) <= 1e-9,
                $"c={c:E0} mode={which} D={depth} x[{i}]: 10^{point.Log10AbsX[i]:R} vs 10^{reference.Log10AbsX[i] + shift:R}");
        }

        Assert.True(Math.Abs(point.Log10ErrorToL1!.Value - (reference.Log10ErrorToL1!.Value + shift)) <= 1e-9);
    }

    [Property(MaxTest = 10)]
    public void Permuting_columns_permutes_the_answer_and_duplicates_agree(int seed, bool deep)
    {
        var problem = Base.Value;
        double depth = deep ? 4.0 : 2.0;
        var rng = new Random(seed);
        var perm = Enumerable.Range(0, problem.Cols).OrderBy(_ => rng.Next()).ToArray();
        var reference = DualNewton.Solve(problem, depth, [1e-6, 1e-40]).Points;
        var permuted = DualNewton.Solve(problem.PermuteColumns(perm), depth, [1e-6, 1e-40]).Points;
        for (int k = 0; k < 2; k++)
        {
            Assert.Equal(SolverStatus.Success, permuted[k].Status);
            for (int i = 0; i < problem.Cols; i++)
            {
                double expected = reference[k].Log10AbsX[perm[i]];
                Assert.True(Math.Abs(permuted[k].Log10AbsX[i] - expected) <= 1e-9, $"x[{i}] = x_orig[{perm[i]}]: {permuted[k].Log10AbsX[i]} vs {expected}");
            }
        }

        // Duplicate one column: its two copies share w, hence x.
        int j = rng.Next(problem.Cols);
        var a = problem.ToArray();
        var wide = new double[problem.Rows, problem.Cols + 1];
        for (int r = 0; r < problem.Rows; r++)
        {
            for (int col = 0; col < problem.Cols; col++)
            {
                wide[r, col] = a[r, col];
            }

            wide[r, problem.Cols] = a[r, j];
        }

        var dup = DualNewton.Solve(new RegressionProblem(wide, problem.YArray()), depth, [1e-6]).Points[0];
        Assert.True(dup.Status == SolverStatus.Success || !string.IsNullOrWhiteSpace(dup.Message));
        if (dup.Status == SolverStatus.Success)
        {
            Assert.True(Math.Abs(dup.Log10AbsX[j] - dup.Log10AbsX[problem.Cols]) <= 1e-9, $"copies of column {j}: {dup.Log10AbsX[j]} vs {dup.Log10AbsX[problem.Cols]}");
        }
    }
}
