using ImplicitL1.BasisPursuit;
using ImplicitL1.Problems;

namespace ImplicitL1.Tests.BasisPursuit;

/// <summary>The working-set method against the full LP: the same answer on every kind of instance.</summary>
public class WorkingSetTests
{
    private const double XTolerance = 1e-12;
    private const double VarrhoTolerance = 1e-9;

    private static readonly BasisPursuitOptions Full = new() { Method = BasisPursuitMethod.FullLp, VarrhoMethod = VarrhoMethod.FullLp };

    internal static readonly BasisPursuitOptions WorkingSet = new() { Method = BasisPursuitMethod.WorkingSet, VarrhoMethod = VarrhoMethod.RowGeneration };

    public static TheoryData<int, int, int, long, double, int> Instances => new()
    {
        { 20, 50, 3, 1, 0.0, 0 },
        { 20, 50, 3, 4, 0.0, 6 },
        { 40, 100, 5, 2, 0.0, 0 },
        { 40, 100, 5, 3, 0.0, 10 },
        { 100, 400, 10, 1, 0.0, 0 },
        { 100, 400, 10, 5, 0.0, 30 },
        { 200, 2000, 20, 1, 0.0, 0 },
        { 20, 50, 3, 7, 0.1, 0 },
        { 40, 100, 5, 8, 0.05, 12 },
    };

    [Theory]
    [MemberData(nameof(Instances))]
    public void Working_set_equals_the_full_LP(int m, int n, int s, long seed, double noise, int initial)
    {
        var problem = TestInstances.Gaussian(m, n, s, seed, noise).Problem;
        var fast = BasisPursuitSolver.Solve(problem, WorkingSet with { InitialWorkingSet = initial });
        var full = BasisPursuitSolver.Solve(problem, Full);
        AssertSameAnswer(full, fast);
        Assert.StartsWith("working set", fast.Method);
        Assert.Equal("full LP", full.Method);
        Assert.Equal("full LP", full.Varrho!.Method);
        Assert.StartsWith("row generation", fast.Varrho!.Method);
        if (noise > 0)
        {
            Assert.Equal(m, fast.Support.Length); // docs/theory.md §6: noisy y gives |S| = m
        }
    }

    [Fact]
    public void Varrho_row_generation_equals_the_full_LP_and_the_null_space_form()
    {
        foreach (var (m, n, s, seed) in new[] { (20, 50, 3, 2L), (40, 100, 5, 6L), (100, 400, 10, 3L) })
        {
            var problem = TestInstances.Gaussian(m, n, s, seed).Problem;
            var bp = BasisPursuitSolver.Solve(problem);
            var rows = Varrho.Compute(problem, bp.Support, bp.Signs, new VarrhoOptions { Method = VarrhoMethod.RowGeneration, IncludeNullSpaceForm = true });
            var full = Varrho.Compute(problem, bp.Support, bp.Signs, new VarrhoOptions { Method = VarrhoMethod.FullLp });
            Assert.Equal(full.Value, rows.Value, VarrhoTolerance);
            Assert.Equal(rows.Value, rows.NullSpaceValue, VarrhoTolerance);
            Assert.Equal(SolverStatus.Success, rows.Status);
            Assert.True(rows.Stats.LinearPrograms >= 2); // row generation plus the null-space LP
        }
    }

    [Fact]
    public void A_one_one_is_not_unique_for_both()
    {
        var problem = new RegressionProblem(new double[,] { { 1, 1 } }, [1]);
        var fast = BasisPursuitSolver.Solve(problem, WorkingSet);
        var full = BasisPursuitSolver.Solve(problem, Full);
        Assert.Equal(SolverStatus.NotUnique, fast.Status);
        AssertSameAnswer(full, fast);
    }

    [Fact]
    public void Duplicated_support_column_is_not_unique_for_both()
    {
        var inst = TestInstances.Gaussian(20, 50, 3, seed: 4);
        var a = inst.Problem.ToArray();
        var wider = new double[20, 51];
        for (int i = 0; i < 20; i++)
        {
            for (int j = 0; j < 50; j++)
            {
                wider[i, j] = a[i, j];
            }

            wider[i, 50] = a[i, inst.Support[0]];
        }

        var problem = new RegressionProblem(wider, inst.Problem.YArray());
        var fast = BasisPursuitSolver.Solve(problem, WorkingSet with { InitialWorkingSet = 10 });
        var full = BasisPursuitSolver.Solve(problem, Full);
        Assert.Equal(SolverStatus.NotUnique, full.Status);
        Assert.Equal(full.Status, fast.Status);
        Assert.Equal(full.L1Norm, fast.L1Norm, XTolerance);
        // Both pick a vertex of the same face: the two copies together carry x*'s entry.
        Assert.Equal(full.X[inst.Support[0]] + full.X[50], fast.X[inst.Support[0]] + fast.X[50], XTolerance);
        Assert.True(fast.Residual <= 1e-12);
    }

    [Fact]
    public void Rank_deficient_A_drops_the_same_rows()
    {
        var inst = TestInstances.Gaussian(10, 30, 2, seed: 5);
        var a = inst.Problem.ToArray();
        var bigger = new double[11, 30];
        for (int j = 0; j < 30; j++)
        {
            for (int i = 0; i < 10; i++)
            {
                bigger[i, j] = a[i, j];
            }

            bigger[10, j] = a[3, j] - (2 * a[7, j]);
        }

        var y = inst.Problem.Y.ToArray().Append(inst.Problem.Y[3] - (2 * inst.Problem.Y[7])).ToArray();
        var problem = new RegressionProblem(bigger, y);
        var fast = BasisPursuitSolver.Solve(problem, WorkingSet);
        var full = BasisPursuitSolver.Solve(problem, Full);
        AssertSameAnswer(full, fast);
        Assert.Single(fast.DroppedRows);
        Assert.Equal(inst.Support, fast.Support);
    }

    [Fact]
    public void Infeasible_y_is_infeasible_for_both()
    {
        var problem = new RegressionProblem(new double[,] { { 1, 2, 3, 4 }, { 2, 4, 6, 8 } }, [1, 1]);
        Assert.Equal(SolverStatus.Infeasible, BasisPursuitSolver.Solve(problem, WorkingSet).Status);
        Assert.Equal(SolverStatus.Infeasible, BasisPursuitSolver.Solve(problem, Full).Status);
    }

    public static TheoryData<double, bool, bool> Scalings()
    {
        var data = new TheoryData<double, bool, bool>();
        foreach (double c in new[] { 1e-150, 1e-30, 1e8, 1e30, 1e150 })
        {
            data.Add(c, true, false);
            data.Add(c, false, true);
            data.Add(c, true, true);
        }

        return data;
    }

    // Tolerances are relative: scaling A by c and y by c' gives x·c'/c, the same support, signs, status and ϱ.
    [Theory]
    [MemberData(nameof(Scalings))]
    public void Scaling_A_and_y_scales_x_and_nothing_else(double c, bool scaleA, bool scaleY)
    {
        var problem = TestInstances.Gaussian(40, 100, 5, seed: 2).Problem;
        var reference = BasisPursuitSolver.Solve(problem);
        double ca = scaleA ? c : 1.0, cy = scaleY ? c : 1.0;
        var scaled = new RegressionProblem(problem.A.ToArray().Select(v => v * ca).ToArray(), problem.Rows, problem.Cols,
            problem.Y.ToArray().Select(v => v * cy).ToArray());
        foreach (var method in new[] { BasisPursuitMethod.Homotopy, BasisPursuitMethod.WorkingSet, BasisPursuitMethod.FullLp })
        {
            var bp = BasisPursuitSolver.Solve(scaled, new BasisPursuitOptions { Method = method });
            Assert.Equal(SolverStatus.Success, bp.Status);
            Assert.StartsWith(method == BasisPursuitMethod.Homotopy ? "homotopy" : method == BasisPursuitMethod.FullLp ? "full LP" : "working set", bp.Method);
            Assert.Equal(reference.Support, bp.Support);
            Assert.Equal(reference.Signs, bp.Signs);
            double factor = cy / ca;
            for (int i = 0; i < problem.Cols; i++)
            {
                Assert.True(Math.Abs((bp.X[i] / factor) - reference.X[i]) <= XTolerance, $"x[{i}] = {bp.X[i]:R} at c = {c:E0}");
            }

            Assert.Equal(reference.Varrho!.Value, bp.Varrho!.Value, VarrhoTolerance);
        }
    }

    [Fact]
    public void Verification_names_the_failed_check()
    {
        var problem = TestInstances.Gaussian(20, 50, 3, seed: 4).Problem;
        var bp = BasisPursuitSolver.Solve(problem);
        var options = new BasisPursuitOptions();
        Assert.Null(BasisPursuitSolver.Verify(problem, bp, options));

        var x = (double[])bp.X.Clone();
        x[bp.Support[0]] *= 1 + 1e-9;
        Assert.StartsWith("residual check failed", BasisPursuitSolver.Verify(problem, bp with { X = x, Residual = problem.ResidualNorm(x) }, options));

        // A certificate that is off on the support (λ scaled by 1 + 1e-6): A_Sᵀλ ≠ σ.
        var lambda = bp.Varrho!.Certificate.Select(v => v * (1 + 1e-6)).ToArray();
        var bent = bp with { Varrho = bp.Varrho with { Certificate = lambda } };
        Assert.StartsWith("certificate check failed: max_S |A_Sᵀλ − σ|", BasisPursuitSolver.Verify(problem, bent, options));

        var over = bp with { Varrho = bp.Varrho with { Value = 1.01 } };
        Assert.StartsWith("certificate check failed: min ‖A_Sᶜᵀλ‖_∞", BasisPursuitSolver.Verify(problem, over, options));

        // Signs flipped on x and σ: A_Sᵀλ = σ fails first; with λ negated too the gap ‖x‖₁ − yᵀλ is 2‖x‖₁.
        var negX = bp.X.Select(v => -v).ToArray();
        var negated = bp with
        {
            Signs = bp.Signs.Select(v => -v).ToArray(),
            Varrho = bp.Varrho with { Certificate = bp.Varrho.Certificate.Select(v => -v).ToArray() },
        };
        Assert.StartsWith("duality gap check failed", BasisPursuitSolver.Verify(problem, negated, options));
        _ = negX;
    }

    // The thresholds themselves (killed mutants: tol/scale for tol·scale, aMax/‖x‖₁ for aMax·‖x‖₁, tol/‖x‖₁ for the gap):
    // a defect at 0.75× its threshold passes, at 1.25× (residual) or 2× (gap) it fails.
    [Fact]
    public void Verification_thresholds_are_relative_to_the_data()
    {
        var problem = TestInstances.Gaussian(20, 50, 3, seed: 4).Problem;
        var bp = BasisPursuitSolver.Solve(problem);
        var options = new BasisPursuitOptions();
        // Residual threshold: tol·(‖y‖ + max|A_ij|·‖x‖₁).
        double scale = System.Numerics.Tensors.TensorPrimitives.Norm(problem.Y)
            + (Math.Abs(System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(problem.A)) * bp.L1Norm);
        Assert.True(bp.L1Norm > 2, "the instance must have ‖x‖₁ far from 1 to tell · from /");
        Assert.Null(BasisPursuitSolver.Verify(problem, bp with { Residual = 0.75 * options.ResidualTolerance * scale }, options));
        Assert.StartsWith("residual check failed",
            BasisPursuitSolver.Verify(problem, bp with { Residual = 1.25 * options.ResidualTolerance * scale }, options));

        // Gap threshold: tol·‖x‖₁. x scaled by (1 + δ) leaves λ (and A_Sᵀλ = σ) alone and makes the gap δ‖x‖₁.
        double[] Scaled(double delta) => [.. bp.X.Select(v => v * (1 + delta))];
        Assert.Null(BasisPursuitSolver.Verify(problem, bp with { X = Scaled(0.5 * options.CertificateTolerance) }, options));
        Assert.StartsWith("duality gap check failed",
            BasisPursuitSolver.Verify(problem, bp with { X = Scaled(2 * options.CertificateTolerance) }, options));
    }

    [Fact]
    public void Progress_reports_each_round()
    {
        var lines = new List<string>();
        var problem = TestInstances.Gaussian(40, 100, 5, seed: 2).Problem;
        BasisPursuitSolver.Solve(problem, WorkingSet with { Progress = new ListProgress(lines), InitialWorkingSet = 10 });
        Assert.Contains(lines, l => l.StartsWith("BP working set round 1:", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("ϱ row generation round 1:", StringComparison.Ordinal));
    }

    [Fact]
    public void Negative_initial_working_set_is_refused()
    {
        var problem = TestInstances.Tightness(0.5);
        Assert.Throws<ArgumentOutOfRangeException>(() => BasisPursuitSolver.Solve(problem, new BasisPursuitOptions { InitialWorkingSet = -1 }));
    }

    internal static void AssertSameAnswer(BasisPursuitResult full, BasisPursuitResult fast)
    {
        Assert.Equal(full.Status, fast.Status);
        Assert.Equal(full.Support, fast.Support);
        Assert.Equal(full.Signs, fast.Signs);
        Assert.Equal(full.DroppedRows, fast.DroppedRows);
        for (int i = 0; i < full.X.Length; i++)
        {
            Assert.True(Math.Abs(full.X[i] - fast.X[i]) <= XTolerance, $"x[{i}]: full {full.X[i]:R}, working set {fast.X[i]:R}");
        }

        Assert.Equal(full.Varrho!.Value, fast.Varrho!.Value, VarrhoTolerance);
    }

    internal sealed class ListProgress(List<string> lines) : IProgress<SolverProgress>
    {
        public void Report(SolverProgress value) => lines.Add(value.Message);
    }
}
