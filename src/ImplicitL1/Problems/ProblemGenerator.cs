namespace ImplicitL1.Problems;

/// <summary>Random design of A.</summary>
public enum Design
{
    /// <summary>Aᵢⱼ ~ N(0, 1/m).</summary>
    Gaussian,

    /// <summary>Aᵢⱼ = ±1/√m.</summary>
    Rademacher,

    /// <summary>Rows ~ N(0, Σ/m) with Toeplitz Σᵢⱼ = ρ^{|i−j|} (an AR(1) recursion along each row).</summary>
    Correlated,
}

/// <summary>Distribution of the non-zero entries of x*.</summary>
public enum Amplitudes
{
    /// <summary>±1.</summary>
    Sign,

    /// <summary>N(0, 1).</summary>
    Gaussian,
}

/// <summary>Parameters of a seeded instance; the same options give the same bytes.</summary>
public sealed record GeneratorOptions
{
    /// <summary>m, number of measurements. Must be ≥ 1.</summary>
    public int M { get; init; } = 20;

    /// <summary>N, number of unknowns. Must be ≥ 1.</summary>
    public int N { get; init; } = 50;

    /// <summary>s, sparsity of x*. Must be in [0, N].</summary>
    public int S { get; init; } = 3;

    /// <summary>Design of A. Default Gaussian.</summary>
    public Design Design { get; init; } = Design.Gaussian;

    /// <summary>ρ of the correlated design, in (−1, 1). Default 0.5.</summary>
    public double Correlation { get; init; } = 0.5;

    /// <summary>Amplitudes of x*. Default ±1.</summary>
    public Amplitudes Amplitudes { get; init; } = Amplitudes.Sign;

    /// <summary>η in y = A x* + η·g/√m, g ~ N(0, I). Default 0. Must be ≥ 0.</summary>
    public double Noise { get; init; }

    /// <summary>Seed of the whole instance. Default 0.</summary>
    public long Seed { get; init; }
}

/// <summary>A generated instance: the problem and the planted sparse vector.</summary>
public sealed record GeneratedInstance(RegressionProblem Problem, double[] XStar, int[] Support, GeneratorOptions Options);

/// <summary>
/// Seeded instances y = A x* + η·g/√m with s-sparse x*. Draw order: A (row-major), support, amplitudes, noise — so
/// changing η or s keeps A, and changing η keeps x*.
/// </summary>
public static class ProblemGenerator
{
    /// <summary>Generates the instance described by <paramref name="options"/>.</summary>
    public static GeneratedInstance Generate(GeneratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        int m = options.M, n = options.N;
        var rng = new SeededRandom(options.Seed);
        var a = new double[m * n];
        double scale = 1.0 / Math.Sqrt(m);
        double rho = options.Correlation, innovation = Math.Sqrt(1.0 - (rho * rho));
        for (int i = 0; i < m; i++)
        {
            double previous = 0.0;
            for (int j = 0; j < n; j++)
            {
                double value = options.Design switch
                {
                    Design.Rademacher => rng.NextSign(),
                    Design.Correlated => j == 0 ? rng.NextGaussian() : (rho * previous) + (innovation * rng.NextGaussian()),
                    _ => rng.NextGaussian(),
                };
                previous = value;
                a[(i * n) + j] = value * scale;
            }
        }

        var support = SampleSupport(rng, n, options.S);
        var xStar = new double[n];
        foreach (int i in support)
        {
            xStar[i] = options.Amplitudes == Amplitudes.Gaussian ? rng.NextGaussian() : rng.NextSign();
        }

        var y = new double[m];
        for (int i = 0; i < m; i++)
        {
            double sum = 0.0;
            foreach (int j in support)
            {
                sum += a[(i * n) + j] * xStar[j];
            }

            y[i] = sum;
        }

        if (options.Noise > 0)
        {
            for (int i = 0; i < m; i++)
            {
                y[i] += options.Noise * rng.NextGaussian() * scale;
            }
        }

        return new GeneratedInstance(new RegressionProblem(a, m, n, y), xStar, support, options);
    }

    private static int[] SampleSupport(SeededRandom rng, int n, int s)
    {
        var indices = Enumerable.Range(0, n).ToArray();
        for (int k = 0; k < s; k++)
        {
            int j = k + rng.NextInt(n - k);
            (indices[k], indices[j]) = (indices[j], indices[k]);
        }

        var support = indices[..s];
        Array.Sort(support);
        return support;
    }

    private static void Validate(GeneratorOptions o)
    {
        if (o.M < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(o.M), o.M, "m must be at least 1.");
        }

        if (o.N < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(o.N), o.N, "N must be at least 1.");
        }

        if (o.S < 0 || o.S > o.N)
        {
            throw new ArgumentOutOfRangeException(nameof(o.S), o.S, $"s must be in [0, N] = [0, {o.N}].");
        }

        if (!(o.Noise >= 0) || !double.IsFinite(o.Noise))
        {
            throw new ArgumentOutOfRangeException(nameof(o.Noise), o.Noise, "The noise level η must be finite and ≥ 0.");
        }

        if (!(Math.Abs(o.Correlation) < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(o.Correlation), o.Correlation, "The correlation ρ must be in (−1, 1).");
        }
    }
}
