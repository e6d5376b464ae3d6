using ImplicitL1.Problems;

namespace ImplicitL1.Tests;

/// <summary>Shared instances: docs/theory.md §5's tightness family and seeded Gaussian problems.</summary>
internal static class TestInstances
{
    /// <summary>count entries uniform in [−1, 1) from System.Random(seed).</summary>
    public static double[] Uniform(int count, int seed)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => (2 * rng.NextDouble()) - 1)];
    }

    /// <summary>c·A as a dense array (c = 1 gives A itself): for tests that change the units of A and y.</summary>
    public static double[,] ScaledA(RegressionProblem problem, double c)
    {
        var a = new double[problem.Rows, problem.Cols];
        for (int i = 0; i < problem.Rows; i++)
        {
            for (int j = 0; j < problem.Cols; j++)
            {
                a[i, j] = c * problem[i, j];
            }
        }

        return a;
    }

    /// <summary>A = [1, r], y = 1: x_ℓ¹ = e₁, ϱ = r.</summary>
    public static RegressionProblem Tightness(double r) => new(new double[,] { { 1.0, r } }, [1.0]);

    public static GeneratedInstance Gaussian(int m, int n, int s, long seed, double noise = 0.0) =>
        ProblemGenerator.Generate(new GeneratorOptions { M = m, N = n, S = s, Seed = seed, Noise = noise });

    /// <summary>docs/theory.md §5 table: r, D, α, x₁, x₂, ‖x∞ − e₁‖₂.</summary>
    public static TheoryData<double, double, double, double, double, double> TightnessTable => new()
    {
        { 0.5, 2, 1e-2, 0.951731439840, 9.653712031963e-02, 1.079318e-01 },
        { 0.5, 2, 1e-6, 0.999500125484, 9.997490312505e-04, 1.117753e-03 },
        { 0.5, 3, 1e-4, 0.999666431612, 6.671367766582e-04, 7.458816e-04 },
        { 0.5, 4, 1e-6, 0.999998226364, 3.547271088764e-06, 3.965970e-06 },
        { 0.9, 2, 1e-6, 0.812470587680, 2.083660136890e-01, 2.803278e-01 },
        { 0.9, 3, 1e-6, 0.999305207844, 7.719912846513e-04, 1.038608e-03 },
        { 0.9, 4, 1e-4, 0.992454777575, 8.383580472296e-03, 1.127895e-02 },
    };
}
