using ImplicitL1.BasisPursuit;
using ImplicitL1.Experiments;
using ImplicitL1.Problems;
using Xunit.Abstractions;

namespace ImplicitL1.Tests.Theory;

public class MinimizerSelectionTests(ITestOutputHelper output)
{
    // Columns (1, 0), (1, 1), (1, 10) lie on the hyperplane λ = (1, 0) with (Aᵀλ)ᵢ = 1; column (0.5, −2) has 0.5.
    // y = (1, 1): the minimizers are z = (9t, 1 − 10t, t, 0), t ∈ [0, 1/10], ‖z‖₁ = 1 — a segment, not a symmetric simplex.
    private static RegressionProblem Segment() =>
        new(new double[,] { { 1.0, 1.0, 1.0, 0.5 }, { 0.0, 1.0, 10.0, -2.0 } }, [1.0, 1.0]);

    [Fact]
    public void Face_is_the_expected_segment()
    {
        var problem = Segment();
        Assert.Equal(SolverStatus.NotUnique, BasisPursuitSolver.Solve(problem).Status);
        var face = BasisPursuitFaces.Solve(problem);
        Assert.Equal(SolverStatus.Success, face.Status);
        Assert.Equal(1.0, face.L1Norm, 12);
        Assert.Equal([0, 1, 2], face.ActiveSet);
        Assert.Equal(1, face.Dimension);
        var vertices = face.Vertices!.OrderBy(v => v[0]).ToArray();
        Assert.Equal(2, vertices.Length);
        AssertClose([0.0, 1.0, 0.0, 0.0], vertices[0], 1e-12);
        AssertClose([0.9, 0.0, 0.1, 0.0], vertices[1], 1e-12);
        var dir = face.DirectionBasis.Single();
        double[] expected = [9.0 / Math.Sqrt(182.0), -10.0 / Math.Sqrt(182.0), 1.0 / Math.Sqrt(182.0), 0.0];
        Assert.Equal(1.0, Math.Abs(dir.Zip(expected, (a, b) => a * b).Sum()), 12);
    }

    [Fact]
    public void Selection_differs_between_depth_two_and_three()
    {
        var report = MinimizerSelection.Solve(Segment(), new SelectionOptions { Depths = [2.0, 3.0, 4.0] });
        foreach (var s in report.Selections)
        {
            output.WriteLine($"D={s.Depth}: selected [{string.Join(", ", s.Selected.Select(v => v.ToString("G10")))}], estimate at α = {s.EstimateAlpha:E0} {s.EstimateDistance:E2} away, changes [{string.Join(", ", s.Changes.Select(c => c.ToString("E2")))}], l1 excess {s.L1Excess:E2}");
            Assert.True(s.Status == SolverStatus.Success, string.Join(" | ", s.Path.Where(p => p.Status != SolverStatus.Success).Select(p => p + " " + p.Message)));
            Assert.True(s.EstimateAlpha <= 1e-10);
            // D = 2 off the face: x₃ ~ α^{1 − 0.5} = 1e-6 at α = 1e-12 (|(Aᵀλ)₃| = 0.5); D ≥ 3: ~α.
            Assert.True(s.EstimateDistance <= (s.Depth == 2.0 ? 3e-6 : 1e-9), $"D={s.Depth}: the path ends {s.EstimateDistance:E2} from the face's selection");
            Assert.True(s.Changes[^1] <= 1e-3, $"D={s.Depth} not converged: last change {s.Changes[^1]}");
        }

        double d23 = report.Distances[0][1];
        output.WriteLine($"‖x_sel(D=2) − x_sel(D=3)‖ = {d23:E3}, ‖x_sel(D=3) − x_sel(D=4)‖ = {report.Distances[1][2]:E3}");
        double uncertainty = report.Selections[0].Changes[^1] + report.Selections[1].Changes[^1];
        Assert.True(d23 >= 1e-2 && d23 >= 100 * uncertainty, $"selections coincide: distance {d23}, last changes {uncertainty}");

        // The selections match the reconstructed face objectives on z = (9t, 1 − 10t, t, 0):
        // D = 2 minimizes Σ z log z, D > 2 maximizes Σ z^{2/D}.
        static double XLogX(double x) => x > 0 ? x * Math.Log(x) : 0.0;
        double t2 = GoldenMax(x => -(XLogX(9 * x) + XLogX(1 - (10 * x)) + XLogX(x)), 0, 0.1);
        output.WriteLine($"D=2: t predicted {t2:G10}, selected {report.Selections[0].Selected[2]:G10}");
        Assert.Equal(t2, report.Selections[0].Selected[2], 1e-8); // golden section resolves a flat maximum to ~√ε
        foreach (var s in report.Selections.Skip(1))
        {
            double p = 2.0 / s.Depth;
            double t = GoldenMax(x => Math.Pow(9 * x, p) + Math.Pow(Math.Max(0, 1 - (10 * x)), p) + Math.Pow(x, p), 0, 0.1);
            output.WriteLine($"D={s.Depth}: t predicted {t:G10}, selected {s.Selected[2]:G10}");
            Assert.Equal(t, s.Selected[2], 1e-8);
        }
    }

    [Fact]
    public void Unique_problem_has_a_point_face()
    {
        var face = BasisPursuitFaces.Solve(TestInstances.Tightness(0.5));
        Assert.Equal(0, face.Dimension);
        AssertClose([1.0, 0.0], face.Vertices!.Single(), 1e-12);
    }

    private static double GoldenMax(Func<double, double> f, double a, double b)
    {
        double g = (Math.Sqrt(5) - 1) / 2;
        for (int i = 0; i < 200; i++)
        {
            double c = b - (g * (b - a)), d = a + (g * (b - a));
            if (f(c) > f(d))
            {
                b = d;
            }
            else
            {
                a = c;
            }
        }

        return (a + b) / 2;
    }

    private static void AssertClose(double[] expected, double[] actual, double tol)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tol, $"[{i}]: {actual[i]:R} vs {expected[i]:R}");
        }
    }
}
