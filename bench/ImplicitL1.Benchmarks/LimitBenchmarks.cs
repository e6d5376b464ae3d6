using BenchmarkDotNet.Attributes;
using ImplicitL1.BasisPursuit;
using ImplicitL1.Limit;
using ImplicitL1.Problems;
using MathNet.Numerics.LinearAlgebra;

namespace ImplicitL1.Benchmarks;

/// <summary>
/// The exact limit at α = 1e-6 on (200, 2000) for D = 2 and 3 (continuation from α = 1 included, BP precomputed),
/// against one naive Math.NET evaluation of the Newton matrix A·diag(d)·Aᵀ — the unit of work a Newton step needs.
/// </summary>
[MemoryDiagnoser]
public class LimitBenchmarks
{
    private RegressionProblem _problem = null!;
    private BasisPursuitResult _bp = null!;
    private Matrix<double> _a = null!;
    private Vector<double> _d = null!;

    [Params(2.0, 3.0)]
    public double Depth { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _problem = ProblemGenerator.Generate(new GeneratorOptions { M = 200, N = 2000, S = 10, Seed = 1 }).Problem;
        _bp = BasisPursuitSolver.Solve(_problem);
        _a = Matrix<double>.Build.DenseOfRowMajor(_problem.Rows, _problem.Cols, _problem.A.ToArray());
        _d = Vector<double>.Build.Dense(_problem.Cols, i => 1.0 + (i % 7));
    }

    [Benchmark(Baseline = true, Description = "one naive Math.NET A·diag(d)·Aᵀ")]
    public Matrix<double> NaiveHessian() => _a.Multiply(Matrix<double>.Build.DiagonalOfDiagonalVector(_d)).TransposeAndMultiply(_a);

    [Benchmark(Description = "DualNewton limit at α = 1e-6")]
    public LimitResult Limit() => DualNewton.Solve(_problem, Depth, [1e-6], basisPursuit: _bp);
}
