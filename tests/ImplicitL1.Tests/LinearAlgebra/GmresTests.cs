using ImplicitL1.LinearAlgebra;
using ImplicitL1.Limit;
using ImplicitL1.Problems;

namespace ImplicitL1.Tests.LinearAlgebra;

public class GmresTests
{
    // A = I·4 + a non-symmetric perturbation, well conditioned.
    private static double[] Matrix(int n, int seed)
    {
        var rng = new SeededRandom(seed);
        var a = Enumerable.Range(0, n * n).Select(_ => 0.3 * rng.NextGaussian() / Math.Sqrt(n)).ToArray();
        for (int i = 0; i < n; i++)
        {
            a[(i * n) + i] += 4.0;
        }

        return a;
    }

    private static Gmres.Map Times(double[] a, int n) => (x, y) =>
    {
        for (int i = 0; i < n; i++)
        {
            double sum = 0;
            for (int j = 0; j < n; j++)
            {
                sum += a[(i * n) + j] * x[j];
            }

            y[i] = sum;
        }
    };

    [Fact]
    public void Solves_a_nonsymmetric_system_to_the_tolerance()
    {
        int n = 30;
        var a = Matrix(n, 3);
        var b = Enumerable.Range(0, n).Select(i => Math.Sin(i + 1.0)).ToArray();
        var x = new double[n];
        var (iterations, converged) = new Gmres(n, 30).Solve(Times(a, n), (u, v) => u.CopyTo(v), b, x, 1e-12);
        Assert.True(converged);
        Assert.InRange(iterations, 2, 30);
        var ax = new double[n];
        Times(a, n)(x, ax);
        Assert.All(Enumerable.Range(0, n), i => Assert.Equal(b[i], ax[i], 1e-10));
    }

    [Fact]
    public void An_exact_preconditioner_needs_one_iteration_and_too_few_iterations_report_failure()
    {
        int n = 12;
        var d = Enumerable.Range(0, n).Select(i => 1.0 + (i * i)).ToArray();
        Gmres.Map diag = (x, y) =>
        {
            for (int i = 0; i < n; i++)
            {
                y[i] = d[i] * x[i];
            }
        };
        Gmres.Map inverse = (x, y) =>
        {
            for (int i = 0; i < n; i++)
            {
                y[i] = x[i] / d[i];
            }
        };
        var b = Enumerable.Range(0, n).Select(i => 1.0).ToArray();
        var x = new double[n];
        Assert.Equal((1, true), new Gmres(n, 5).Solve(diag, inverse, b, x, 1e-12));
        Assert.All(Enumerable.Range(0, n), i => Assert.Equal(1.0 / d[i], x[i], 1e-14));

        // Unpreconditioned, 12 distinct eigenvalues cannot be resolved in 3 iterations.
        var (used, converged) = new Gmres(n, 3).Solve(diag, (u, v) => u.CopyTo(v), b, x, 1e-12);
        Assert.Equal(3, used);
        Assert.False(converged);
    }

    [Fact]
    public void Dual_Newton_takes_most_steps_on_held_factorizations()
    {
        var p = ProblemGenerator.Generate(new GeneratorOptions { M = 100, N = 400, S = 10, Seed = 3 }).Problem;
        var result = DualNewton.Solve(p, 3.0, [1e-8]);
        var point = Assert.Single(result.Points);
        Assert.True(point.Status.IsSuccess(), point.Message);
        Assert.True(point.Stats.KrylovIterations > 0);
        Assert.True(point.Stats.Factorizations < point.Stats.Iterations, $"{point.Stats}");
    }
}
