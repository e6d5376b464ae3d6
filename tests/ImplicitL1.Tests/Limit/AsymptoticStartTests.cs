using ImplicitL1.BasisPursuit;
using ImplicitL1.Bounds;
using ImplicitL1.Limit;
using ImplicitL1.Problems;
using Xunit.Abstractions;

namespace ImplicitL1.Tests.Limit;

/// <summary>Newton started at the target α from the BP certificate (LimitOptions.AsymptoticStart) against the continuation.</summary>
public class AsymptoticStartTests(ITestOutputHelper output)
{
    private static readonly LimitOptions Continuation = new() { AsymptoticStart = false };

    public static TheoryData<int, int, int, long, double> Cases()
    {
        var data = new TheoryData<int, int, int, long, double>();
        foreach (var (m, n, s, seed) in new[] { (20, 50, 3, 1L), (20, 50, 3, 2L), (40, 100, 5, 3L), (100, 400, 10, 1L) })
        {
            foreach (double depth in new[] { 2.0, 3.0, 4.0 })
            {
                data.Add(m, n, s, seed, depth);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Starting_at_the_target_reaches_the_continuations_answer_in_a_few_iterations(int m, int n, int s, long seed, double depth)
    {
        var problem = TestInstances.Gaussian(m, n, s, seed).Problem;
        var bp = BasisPursuitSolver.Solve(problem);
        Assert.Equal(SolverStatus.Success, bp.Status);
        double[] alphas = [0.1, 1e-2, 1e-6, 1e-30];
        foreach (double alpha in alphas)
        {
            var direct = DualNewton.Solve(problem, depth, [alpha], basisPursuit: bp).Points[0];
            var continued = DualNewton.Solve(problem, depth, [alpha], Continuation, bp).Points[0];
            output.WriteLine($"({m},{n},{s}) seed {seed} D={depth} α={alpha:E0}: {direct.Stats.Iterations} Newton iterations from the start, {continued.Stats.Iterations} by continuation");
            Assert.True(direct.Status == SolverStatus.Success, direct.Message);
            Assert.True(continued.Status == SolverStatus.Success, continued.Message);
            for (int i = 0; i < n; i++)
            {
                Assert.True(Math.Abs(direct.X[i] - continued.X[i]) <= 1e-8 * Math.Abs(continued.X[i]),
                    $"x[{i}] = {direct.X[i]:R} from the start, {continued.X[i]:R} by continuation");
            }

            Assert.Equal(continued.ErrorToL1!.Value, direct.ErrorToL1!.Value, 1e-8 * continued.ErrorToL1.Value);
            Assert.True(direct.Stats.Iterations <= 15, $"{direct.Stats.Iterations} Newton iterations from the start");
            if (alpha <= 1e-6)
            {
                Assert.True(direct.Stats.Iterations < continued.Stats.Iterations,
                    $"{direct.Stats.Iterations} iterations from the start, {continued.Stats.Iterations} by continuation");
            }
        }
    }

    [Theory]
    [InlineData(2.0)]
    [InlineData(3.0)]
    public void A_dense_list_of_alpha_steps_from_one_start_and_costs_no_more_than_the_continuation(double depth)
    {
        // Half decades from 0.1 to 1e-8: only the first α starts at itself, the others step from their neighbour.
        var problem = TestInstances.Gaussian(40, 100, 5, 3).Problem;
        var bp = BasisPursuitSolver.Solve(problem);
        double[] alphas = [.. Enumerable.Range(2, 15).Select(k => Math.Pow(10, -0.5 * k))];
        var started = DualNewton.Solve(problem, depth, alphas, basisPursuit: bp).Points;
        var continued = DualNewton.Solve(problem, depth, alphas, Continuation, bp).Points;
        long a = started.Sum(p => p.Stats.Iterations), b = continued.Sum(p => p.Stats.Iterations);
        output.WriteLine($"D = {depth}: {a} Newton iterations with the start, {b} by continuation from α = 1");
        Assert.True(a <= b, $"{a} with the start, {b} by continuation");
        for (int k = 0; k < alphas.Length; k++)
        {
            Assert.True(started[k].Status == SolverStatus.Success, started[k].Message);
            Assert.Equal(continued[k].ErrorToL1!.Value, started[k].ErrorToL1!.Value, 1e-8 * continued[k].ErrorToL1!.Value);
        }
    }

    [Theory]
    [InlineData(3.0)]
    [InlineData(4.0)]
    public void At_alpha_1e_300_the_error_is_alpha_times_the_first_order_delta(double depth)
    {
        // D ≥ 3: x∞(α) = x_ℓ¹ + αΔ + o(α) with Δ from the first-order expansion (a separate computation), so at
        // α = 1e-300 the measured error is α‖Δ‖₂ to many digits; the continuation from α = 1 did not get there.
        var problem = TestInstances.Gaussian(20, 50, 3, 1).Problem;
        var first = FirstOrderExpansion.Solve(problem, new FirstOrderOptions { Depth = depth });
        Assert.True(first.Status == SolverStatus.Success, first.Message);
        var point = DualNewton.Solve(problem, depth, [1e-300]).Points[0];
        Assert.True(point.Status == SolverStatus.Success, point.Message);
        Assert.Equal(1.0, point.ErrorToL1!.Value / (1e-300 * first.DeltaNorm), 1e-6);
    }

    [Theory]
    [InlineData(1e-30)]
    [InlineData(1e30)]
    public void A_supplied_bp_at_far_units_still_starts_at_the_target(double c)
    {
        // Far from unit scale DualNewton normalizes A; the supplied BP certificate must be rescaled with it.
        var unit = TestInstances.Gaussian(40, 100, 5, 2).Problem;
        var scaled = new RegressionProblem(TestInstances.ScaledA(unit, c), unit.YArray());
        foreach (double depth in new[] { 2.0, 3.0 })
        {
            var reference = DualNewton.Solve(unit, depth, [1e-6]).Points[0];
            var bp = BasisPursuitSolver.Solve(scaled);
            var point = DualNewton.Solve(scaled, depth, [1e-6 / c], basisPursuit: bp).Points[0]; // c·A at α/c is A at α
            Assert.True(point.Status == SolverStatus.Success, point.Message);
            Assert.Equal(reference.Stats.Iterations, point.Stats.Iterations);
            for (int i = 0; i < unit.Cols; i++)
            {
                Assert.True(Math.Abs((point.X[i] * c) - reference.X[i]) <= 1e-9 * Math.Abs(reference.X[i]), $"x[{i}]");
            }
        }
    }

    [Fact]
    public void Without_a_strict_certificate_the_answer_is_the_continuations()
    {
        // A non-unique BP (a face of minimizers): the vertex's certificate has ϱ = 1, the start sits on |w| = 1.
        var problem = new RegressionProblem(new double[,] { { 1, 1, 1 }, { 3, 0, 1 } }, [3, 3]);
        var bp = BasisPursuitSolver.Solve(problem);
        Assert.False(bp.IsUnique);
        var withStart = DualNewton.Solve(problem, 3.0, [1e-9], basisPursuit: bp).Points[0];
        var continued = DualNewton.Solve(problem, 3.0, [1e-9], Continuation, bp).Points[0];
        Assert.True(withStart.Status == SolverStatus.Success, withStart.Message);
        Assert.True(continued.Status == SolverStatus.Success, continued.Message);
        for (int i = 0; i < 3; i++)
        {
            Assert.True(Math.Abs(withStart.X[i] - continued.X[i]) <= 1e-9 * Math.Abs(continued.X[i]), $"x[{i}]");
        }
    }
}
