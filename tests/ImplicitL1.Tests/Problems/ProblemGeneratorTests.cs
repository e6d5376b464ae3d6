using ImplicitL1.Problems;

namespace ImplicitL1.Tests.Problems;

public class ProblemGeneratorTests
{
    [Theory]
    [InlineData(Design.Gaussian)]
    [InlineData(Design.Rademacher)]
    [InlineData(Design.Correlated)]
    public void Same_seed_gives_same_bytes_and_another_seed_differs(Design design)
    {
        var o = new GeneratorOptions { M = 8, N = 20, S = 3, Design = design, Noise = 0.1, Seed = 42 };
        var a = ProblemGenerator.Generate(o);
        var b = ProblemGenerator.Generate(o);
        Assert.Equal(a.Problem.A.ToArray(), b.Problem.A.ToArray());
        Assert.Equal(a.Problem.Y.ToArray(), b.Problem.Y.ToArray());
        var c = ProblemGenerator.Generate(o with { Seed = 43 });
        Assert.NotEqual(a.Problem.A.ToArray(), c.Problem.A.ToArray());
    }

    [Fact]
    public void Noise_changes_only_y_and_x_star_is_s_sparse()
    {
        var o = new GeneratorOptions { M = 10, N = 30, S = 4, Seed = 3, Amplitudes = Amplitudes.Gaussian };
        var clean = ProblemGenerator.Generate(o);
        var noisy = ProblemGenerator.Generate(o with { Noise = 0.4 });
        Assert.Equal(clean.Problem.A.ToArray(), noisy.Problem.A.ToArray());
        Assert.Equal(clean.XStar, noisy.XStar);
        Assert.NotEqual(clean.Problem.Y.ToArray(), noisy.Problem.Y.ToArray());
        Assert.Equal(4, clean.XStar.Count(v => v != 0));
        Assert.True(clean.Problem.ResidualNorm(clean.XStar) < 1e-14);
    }

    [Fact]
    public void Designs_have_the_documented_scale_and_correlation()
    {
        var g = ProblemGenerator.Generate(new GeneratorOptions { M = 100, N = 400, S = 1, Seed = 1 }).Problem;
        double meanSquare = g.A.ToArray().Average(v => v * v);
        Assert.Equal(1.0 / 100, meanSquare, 0.0005);
        var r = ProblemGenerator.Generate(new GeneratorOptions { M = 4, N = 10, S = 1, Seed = 1, Design = Design.Rademacher }).Problem;
        Assert.All(r.A.ToArray(), v => Assert.Equal(0.5, Math.Abs(v), 1e-15));
        var c = ProblemGenerator.Generate(new GeneratorOptions { M = 200, N = 300, S = 1, Seed = 1, Design = Design.Correlated, Correlation = 0.7 }).Problem;
        double lag1 = 0, lag0 = 0;
        for (int i = 0; i < 200; i++)
        {
            for (int j = 0; j + 1 < 300; j++)
            {
                lag1 += c[i, j] * c[i, j + 1];
                lag0 += c[i, j] * c[i, j];
            }
        }

        Assert.Equal(0.7, lag1 / lag0, 0.02);
    }

    [Fact]
    public void Invalid_options_name_the_parameter()
    {
        Assert.Throws<ArgumentOutOfRangeException>("M", () => ProblemGenerator.Generate(new GeneratorOptions { M = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>("N", () => ProblemGenerator.Generate(new GeneratorOptions { N = 0 }));
        var e = Assert.Throws<ArgumentOutOfRangeException>("S", () => ProblemGenerator.Generate(new GeneratorOptions { N = 5, S = 6 }));
        Assert.Contains("s must be in [0, N]", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>("Noise", () => ProblemGenerator.Generate(new GeneratorOptions { Noise = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>("Correlation", () => ProblemGenerator.Generate(new GeneratorOptions { Correlation = 1 }));
        Assert.Throws<ArgumentNullException>("options", () => ProblemGenerator.Generate(null!));
    }

    [Fact]
    public void Problem_rejects_non_finite_and_mismatched_data()
    {
        var e = Assert.Throws<InvalidProblemException>(() => new RegressionProblem(new double[,] { { 1, double.NaN } }, [1]));
        Assert.Equal(ProblemError.NonFinite, e.Error);
        Assert.Contains("A[0, 1]", e.Message);
        var f = Assert.Throws<InvalidProblemException>(() => new RegressionProblem(new double[,] { { 1, 2 } }, [1, 2]));
        Assert.Equal(ProblemError.ShapeMismatch, f.Error);
        Assert.Contains("y has 2 entries but A has 1 rows", f.Message);
        Assert.Throws<InvalidProblemException>(() => new RegressionProblem(new double[,] { { 1, 2 } }, [double.PositiveInfinity]));
    }
}
