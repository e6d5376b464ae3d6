using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using ImplicitL1.Kernels;
using ImplicitL1.Problems;
using MathNet.Numerics.LinearAlgebra;

namespace ImplicitL1.Benchmarks;

/// <summary>
/// The weighted Gram kernel B·diag(d)·Bᵀ (m×10m) on 1 and 2 threads against Math.NET's managed dense products.
/// GFlop/s = m²·N / time (the upper triangle's m(m+1)/2·N FMAs, 2 flops each); compare with <see cref="FmaPeakBenchmarks"/>.
/// </summary>
public class KernelBenchmarks
{
    private double[] _b = null!, _d = null!, _scratch = null!, _h = null!;
    private Matrix<double> _mb = null!;
    private Vector<double> _md = null!;

    [Params(200, 500)]
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

    [Benchmark(Description = "WeightedGram, 1 thread")]
    public double[] KernelOneThread()
    {
        WeightedGram.Compute(_b, M, 10 * M, _d, _scratch, _h, threads: 1);
        return _h;
    }

    [Benchmark(Description = "WeightedGram, 2 threads")]
    public double[] KernelTwoThreads()
    {
        WeightedGram.Compute(_b, M, 10 * M, _d, _scratch, _h, threads: 2);
        return _h;
    }
}

/// <summary>
/// The machine's peak FMA rate on one core: 12 independent Vector256 FMA chains (enough to cover latency × ports),
/// 1e6 iterations = 12·4·2·1e6 = 9.6e7 flops per call. Peak GFlop/s = 0.096 / time in seconds.
/// </summary>
public class FmaPeakBenchmarks
{
    private const int Iterations = 1_000_000;

    [Benchmark(Description = "12 Vector256 FMA chains × 1e6")]
    public double Peak()
    {
        var x = Vector256.Create(0.999999);
        var y = Vector256.Create(1e-7);
        Vector256<double> a0 = x, a1 = x, a2 = x, a3 = x, a4 = x, a5 = x, a6 = x, a7 = x, a8 = x, a9 = x, a10 = x, a11 = x;
        for (int k = 0; k < Iterations; k++)
        {
            a0 = Vector256.FusedMultiplyAdd(a0, x, y); a1 = Vector256.FusedMultiplyAdd(a1, x, y);
            a2 = Vector256.FusedMultiplyAdd(a2, x, y); a3 = Vector256.FusedMultiplyAdd(a3, x, y);
            a4 = Vector256.FusedMultiplyAdd(a4, x, y); a5 = Vector256.FusedMultiplyAdd(a5, x, y);
            a6 = Vector256.FusedMultiplyAdd(a6, x, y); a7 = Vector256.FusedMultiplyAdd(a7, x, y);
            a8 = Vector256.FusedMultiplyAdd(a8, x, y); a9 = Vector256.FusedMultiplyAdd(a9, x, y);
            a10 = Vector256.FusedMultiplyAdd(a10, x, y); a11 = Vector256.FusedMultiplyAdd(a11, x, y);
        }

        var s = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11;
        return Vector256.Sum(s);
    }
}
