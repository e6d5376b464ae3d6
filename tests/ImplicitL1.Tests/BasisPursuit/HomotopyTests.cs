using FsCheck;
using FsCheck.Xunit;
using ImplicitL1.BasisPursuit;
using ImplicitL1.Problems;

namespace ImplicitL1.Tests.BasisPursuit;

/// <summary>The ℓ¹ homotopy (BP and ϱ) against the full LP, and its fallback to the LP methods.</summary>
public class HomotopyTests
{
    private const double VarrhoTolerance = 1e-9;
    private const string Fallback = "LP working set used because the homotopy could not certify";

    private static readonly BasisPursuitOptions Full = new() { Method = BasisPursuitMethod.FullLp, VarrhoMethod = VarrhoMethod.FullLp };

    public static TheoryData<int, int, int, long, double, int> Instances => WorkingSetTests.Instances;

    [Theory]
    [MemberData(nameof(Instances))]
    public void Homotopy_equals_the_full_LP(int m, int n, int s, long seed, double noise, int initial)
    {
        var problem = TestInstances.Gaussian(m, n, s, seed, noise).Problem;
        var fast = BasisPursuitSolver.Solve(problem, new BasisPursuitOptions { InitialWorkingSet = initial });
        var full = BasisPursuitSolver.Solve(problem, Full);
        WorkingSetTests.AssertSameAnswer(full, fast);
        Assert.StartsWith("homotopy", fast.Method);
        Assert.StartsWith("homotopy", fast.Varrho!.Method);
        Assert.DoesNotContain("could not certify", fast.Message);
        Assert.Equal(0, fast.LpIterations);
        Assert.True(fast.Stats.Iterations > 0);
    }

    // Seeded random Gaussian instances of every shape, sign or Gaussian amplitudes: support, signs, status identical,
    // x to 1e-12, ϱ to 1e-9, with no fallback.
    [Property(MaxTest = 50)]
    public void Homotopy_equals_the_full_LP_on_random_instances(PositiveInt mSeed, PositiveInt shape, int seed, bool gaussianAmplitudes)
    {
        int m = 5 + (mSeed.Get % 36);
        int n = m + 1 + (shape.Get % (3 * m));
        int s = 1 + (shape.Get / 7 % Math.Max(1, m / 4));
        var problem = ProblemGenerator.Generate(new GeneratorOptions
        {
            M = m,
            N = n,
            S = s,
            Seed = seed,
            Amplitudes = gaussianAmplitudes ? Amplitudes.Gaussian : Amplitudes.Sign,
        }).Problem;
        var fast = BasisPursuitSolver.Solve(problem);
        var full = BasisPursuitSolver.Solve(problem, Full);
        WorkingSetTests.AssertSameAnswer(full, fast);
        Assert.StartsWith("homotopy", fast.Method);
    }

    // ±1/√m entries make exact ties of |A_jᵀr| (rademacher seed 2 ties at λ₀): tied columns join together.
    [Theory]
    [InlineData(Design.Rademacher, 1L)]
    [InlineData(Design.Rademacher, 2L)]
    [InlineData(Design.Correlated, 1L)]
    public void Homotopy_equals_the_full_LP_on_other_designs(Design design, long seed)
    {
        var problem = ProblemGenerator.Generate(new GeneratorOptions { M = 100, N = 400, S = 10, Seed = seed, Design = design }).Problem;
        var fast = BasisPursuitSolver.Solve(problem);
        var full = BasisPursuitSolver.Solve(problem, Full);
        WorkingSetTests.AssertSameAnswer(full, fast);
        Assert.StartsWith("homotopy", fast.Method);
        Assert.StartsWith("homotopy", fast.Varrho!.Method);
    }

    // Harder random instances: any design, noisy y (|S| = m), sparsity up to m/2 (past the phase transition, where
    // BP ≠ x*). The answer must equal the full LP's; a fallback is allowed only with its reason in the message.
    [Property(MaxTest = 200)]
    public void Homotopy_equals_the_full_LP_on_hard_random_instances(PositiveInt mSeed, PositiveInt shape, int seed, byte kind)
    {
        int m = 5 + (mSeed.Get % 30);
        int n = m + 1 + (shape.Get % (3 * m));
        int s = 1 + (shape.Get / 7 % Math.Max(1, m / 2));
        var design = (kind % 3) switch { 0 => Design.Gaussian, 1 => Design.Rademacher, _ => Design.Correlated };
        double noise = kind / 3 % 2 == 0 ? 0.0 : 0.1;
        var problem = ProblemGenerator.Generate(new GeneratorOptions { M = m, N = n, S = s, Seed = seed, Design = design, Noise = noise }).Problem;
        var fast = BasisPursuitSolver.Solve(problem);
        var full = BasisPursuitSolver.Solve(problem, Full);
        if (full.Status == SolverStatus.Success)
        {
            WorkingSetTests.AssertSameAnswer(full, fast);
        }
        else
        {
            Assert.Equal(full.Status, fast.Status);
        }

        // Rank-deficient A, y outside range(A) or non-unique BP must fall back; small ±1 designs may (exact ties of more
        // columns than free dimensions, duplicate columns); Gaussian and correlated designs otherwise may not.
        bool mustFallBack = full.DroppedRows.Length > 0 || full.Status != SolverStatus.Success;
        bool homotopy = fast.Method.StartsWith("homotopy", StringComparison.Ordinal);
        Assert.True(mustFallBack ? !homotopy && fast.Message.Contains(Fallback, StringComparison.Ordinal)
            : homotopy || (design == Design.Rademacher && fast.Message.Contains(Fallback, StringComparison.Ordinal)), fast.Message);
    }

    [Theory]
    [InlineData(20, 50, 3, 2L)]
    [InlineData(40, 100, 5, 6L)]
    [InlineData(100, 400, 10, 3L)]
    [InlineData(50, 200, 50, 4L)] // |S| = m: ϱ is the Fuchs value
    public void Varrho_homotopy_equals_the_LPs_and_its_primal_is_feasible(int m, int n, int s, long seed)
    {
        var inst = TestInstances.Gaussian(m, n, s, seed, noise: s == m ? 0.1 : 0.0);
        var problem = inst.Problem;
        var bp = BasisPursuitSolver.Solve(problem, WorkingSetTests.WorkingSet);
        var fast = Varrho.Compute(problem, bp.Support, bp.Signs, new VarrhoOptions { Method = VarrhoMethod.Homotopy, IncludeNullSpaceForm = true });
        var full = Varrho.Compute(problem, bp.Support, bp.Signs, new VarrhoOptions { Method = VarrhoMethod.FullLp, IncludeNullSpaceForm = true });
        Assert.StartsWith("homotopy", fast.Method);
        Assert.Equal(full.Value, fast.Value, VarrhoTolerance);
        Assert.Equal(full.NullSpaceValue, fast.NullSpaceValue, VarrhoTolerance);
        Assert.Equal(fast.Value, fast.NullSpaceValue, VarrhoTolerance * fast.Value);
        Assert.True(fast.SpansRows);

        // v: Av = 0, ‖v_Sᶜ‖₁ = 1, ⟨σ, v_S⟩ = the null-space value.
        var v = fast.NullSpaceVector;
        var av = new double[m];
        problem.Multiply(v, av);
        double aMax = Math.Abs(System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(problem.A));
        Assert.True(System.Numerics.Tensors.TensorPrimitives.Norm(av) <= 1e-10 * aMax * v.Sum(Math.Abs), "Av ≠ 0");
        Assert.Equal(1.0, Enumerable.Range(0, n).Where(i => !bp.Support.Contains(i)).Sum(i => Math.Abs(v[i])), 1e-12);
        Assert.Equal(fast.NullSpaceValue, bp.Support.Select((i, k) => bp.Signs[k] * v[i]).Sum(), 1e-12);
    }

    // Any support and signs, not only BP's (ϱ may exceed 1): the homotopy value equals the dense LP's, relative 1e-9.
    [Property(MaxTest = 200)]
    public void Varrho_homotopy_equals_the_LP_for_random_supports(PositiveInt mSeed, PositiveInt shape, int seed, bool correlated)
    {
        int m = 4 + (mSeed.Get % 27);
        int n = m + 1 + (shape.Get % (3 * m));
        int s = 1 + (shape.Get / 5 % (m - 1));
        var design = correlated ? Design.Correlated : Design.Gaussian;
        var problem = ProblemGenerator.Generate(new GeneratorOptions { M = m, N = n, S = 1, Seed = seed, Design = design }).Problem;
        var rng = new Random(seed);
        var support = Enumerable.Range(0, n).OrderBy(_ => rng.Next()).Take(s).Order().ToArray();
        var signs = support.Select(_ => rng.Next(2) == 0 ? -1 : 1).ToArray();
        var fast = Varrho.Compute(problem, support, signs, new VarrhoOptions { Method = VarrhoMethod.Homotopy });
        var full = Varrho.Compute(problem, support, signs, new VarrhoOptions { Method = VarrhoMethod.FullLp });
        Assert.True(fast.Method.StartsWith("homotopy", StringComparison.Ordinal), fast.Message);
        Assert.Equal(full.Status, fast.Status);
        Assert.True(Math.Abs(full.Value - fast.Value) <= VarrhoTolerance * Math.Max(1, full.Value), $"ϱ: LP {full.Value:R}, homotopy {fast.Value:R}");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.3)]
    [InlineData(0.9)]
    [InlineData(-0.7)]
    public void Varrho_homotopy_is_exact_on_the_tightness_family(double r)
    {
        var v = Varrho.Compute(TestInstances.Tightness(r), [0], [1], new VarrhoOptions { Method = VarrhoMethod.Homotopy, IncludeNullSpaceForm = true });
        Assert.StartsWith("homotopy", v.Method);
        Assert.Equal(Math.Abs(r), v.Value, 1e-15);
        Assert.Equal(Math.Abs(r), v.NullSpaceValue, 1e-15);
    }

    [Fact]
    public void Non_unique_BP_falls_back_and_says_so()
    {
        var problem = new RegressionProblem(new double[,] { { 1, 1 } }, [1]);
        var fast = BasisPursuitSolver.Solve(problem);
        var full = BasisPursuitSolver.Solve(problem, Full);
        Assert.Equal(SolverStatus.NotUnique, fast.Status);
        WorkingSetTests.AssertSameAnswer(full, fast);
        Assert.Contains(Fallback, fast.Message);
        Assert.StartsWith("working set", fast.Method);
    }

    [Fact]
    public void Duplicated_support_column_falls_back_to_the_same_face()
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
        var fast = BasisPursuitSolver.Solve(problem);
        var full = BasisPursuitSolver.Solve(problem, Full);
        Assert.Equal(SolverStatus.NotUnique, fast.Status);
        Assert.Contains(Fallback, fast.Message);
        Assert.Equal(full.L1Norm, fast.L1Norm, 1e-12);
    }

    [Fact]
    public void Rank_deficient_A_falls_back_and_drops_the_same_rows()
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
        var fast = BasisPursuitSolver.Solve(problem);
        var full = BasisPursuitSolver.Solve(problem, Full);
        WorkingSetTests.AssertSameAnswer(full, fast);
        Assert.Single(fast.DroppedRows);
        Assert.Contains(Fallback, fast.Message);
        Assert.Contains("rank(A) = m was not certified", fast.Message);
    }

    [Fact]
    public void Inconsistent_y_falls_back_to_infeasible()
    {
        var problem = new RegressionProblem(new double[,] { { 1, 2, 3, 4 }, { 2, 4, 6, 8 } }, [1, 1]);
        var fast = BasisPursuitSolver.Solve(problem);
        Assert.Equal(SolverStatus.Infeasible, fast.Status);
        Assert.Contains("not in the range of A", fast.Message);
        Assert.Contains("the homotopy could not certify (the path ended with", fast.Message);
    }

    [Fact]
    public void Varrho_homotopy_falls_back_when_A_S_is_not_injective()
    {
        var problem = new RegressionProblem(new double[,] { { 1, 1, 0.5 }, { 0, 0, 1 } }, [1, 0]);
        var v = Varrho.Compute(problem, [0, 1], [1, 1], new VarrhoOptions { Method = VarrhoMethod.Homotopy });
        Assert.Equal(SolverStatus.NotUnique, v.Status);
        Assert.StartsWith("row generation", v.Method);
        Assert.Contains("ϱ homotopy could not certify (A_S is not injective)", v.Message);
    }

    [Fact]
    public void Progress_reports_homotopy_rounds_for_BP_and_varrho()
    {
        var lines = new List<string>();
        var problem = TestInstances.Gaussian(40, 100, 5, seed: 2).Problem;
        BasisPursuitSolver.Solve(problem, new BasisPursuitOptions { Progress = new WorkingSetTests.ListProgress(lines), InitialWorkingSet = 10 });
        Assert.Contains(lines, l => l.StartsWith("bp homotopy round 1:", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("varrho homotopy round 1:", StringComparison.Ordinal));
    }
}
