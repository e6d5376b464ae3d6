using BenchmarkDotNet.Attributes;
using ImplicitL1.Kernels;
using ImplicitL1.Problems;
using MathNet.Numerics.LinearAlgebra;

namespace ImplicitL1.Benchmarks;

/// <summary>The weighted Gram kernel B·diag(d)·Bᵀ against Math.NET's managed dense products.</summary>
public class KernelBenchmarks
{
    private double[] _b = null!, _d = null!, _scratch = null!, _h = null!;
    private Matrix<double> _mb = null!;
    private Vector<double> _md = null!;

    [Params(200)]
    public int M { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var p = ProblemGenerator.Generate(new GeneratorOptions { M = M, N = 10 * M, S = 1, Seed = 1 }).Problem;
        _b = p.A.ToArray();
        _d = Enumerable.Range(0, p.Cols).Select(i => 1.0 + (i % 7)).ToArray();
        _scratch = new double[WeightedGram.BlockRows * p.Cols];
        _h = new double[M * M];
        _mb = Matrix<double>.Build.DenseOfRowMajor(M, p.Cols, _b);
        _md = Vector<double>.Build.Dense(_d);
    }

    [Benchmark(Baseline = true, Description = "Math.NET (B·diag d)·Bᵀ")]
    public Matrix<double> MathNet() => _mb.Multiply(Matrix<double>.Build.DiagonalOfDiagonalVector(_md)).TransposeAndMultiply(_mb);

    [Benchmark(Description = "WeightedGram (TensorPrimitives dots)")]
    public double[] Kernel()
    {
        WeightedGram.Compute(_b, M, 10 * M, _d, _scratch, _h);
        return _h;
    }
}
