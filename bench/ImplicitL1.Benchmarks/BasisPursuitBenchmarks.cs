using BenchmarkDotNet.Attributes;
using ImplicitL1.BasisPursuit;
using ImplicitL1.Problems;

namespace ImplicitL1.Benchmarks;

/// <summary>Exact BP (LP → support → least-squares polish → ϱ certificate) against the bare LP vertex.</summary>
[MemoryDiagnoser]
public class BasisPursuitBenchmarks
{
    private RegressionProblem _problem = null!;

    [Params(200)]
    public int M { get; set; }

    [GlobalSetup]
    public void Setup() =>
        _problem = ProblemGenerator.Generate(new GeneratorOptions { M = M, N = 10 * M, S = M / 20, Seed = 1 }).Problem;

    [Benchmark(Baseline = true, Description = "GLOP LP vertex only (unpolished)")]
    public double[] LpOnly() => BasisPursuitSolver.SolveLpOnly(_problem);

    [Benchmark(Description = "exact BP: full LP + dense ϱ LP (the old path)")]
    public BasisPursuitResult ExactFullLp() =>
        BasisPursuitSolver.Solve(_problem, new BasisPursuitOptions { Method = BasisPursuitMethod.FullLp, VarrhoMethod = VarrhoMethod.FullLp });

    [Benchmark(Description = "exact BP: LP working set + row-generation ϱ + certificate")]
    public BasisPursuitResult ExactWorkingSet() =>
        BasisPursuitSolver.Solve(_problem, new BasisPursuitOptions { Method = BasisPursuitMethod.WorkingSet, VarrhoMethod = VarrhoMethod.RowGeneration });

    [Benchmark(Description = "exact BP: ℓ¹ homotopy BP + homotopy ϱ + certificate (the default)")]
    public BasisPursuitResult Exact() => BasisPursuitSolver.Solve(_problem);
}
