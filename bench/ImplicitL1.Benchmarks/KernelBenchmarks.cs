using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using ImplicitL1.Kernels;
using ImplicitL1.Problems;
using MathNet.Numerics.LinearAlgebra;

namespace ImplicitL1.Benchmarks;

/// <summary>
/// The weighted Gram kernel B·diag(d)·Bᵀ (m×10m: 200×2000, 500×5000) on 1 and 2 threads against Math.NET's managed dense products.
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
/// The weighted Gram kernel at the size of a <c>limit</c> Newton step, m = 1000, N = 20000 (no Math.NET baseline: it takes
/// minutes). GFlop/s = m²·N / time = 20 / time in seconds; compare with <see cref="FmaPeakBenchmarks"/> from the same run.
/// </summary>
public class LargeKernelBenchmarks
{
    private const int M = 1000, N = 20000;
    private double[] _b = null!, _d = null!, _scratch = null!, _h = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new SeededRandom(1);
        _b = Enumerable.Range(0, M * N).Select(_ => rng.NextGaussian()).ToArray();
        _d = Enumerable.Range(0, N).Select(i => 1.0 + (i % 7)).ToArray();
        _scratch = new double[WeightedGram.BlockRows * N];
        _h = new double[M * M];
    }

    [Benchmark(Description = "WeightedGram 1000×20000, 1 thread")]
    public double[] KernelOneThread()
    {
        WeightedGram.Compute(_b, M, N, _d, _scratch, _h, threads: 1);
        return _h;
    }

    [Benchmark(Description = "WeightedGram 1000×20000, 2 threads")]
    public double[] KernelTwoThreads()
    {
        WeightedGram.Compute(_b, M, N, _d, _scratch, _h, threads: 2);
        return _h;
    }
}

/// <summary>
/// The machine's peak FMA rate: 12 independent FMA chains (enough to cover latency × ports), 1e6 iterations.
/// Vector256: 12·4·2·1e6 = 9.6e7 flops per call, peak GFlop/s = 0.096 / time in seconds; Vector512 (one core, or one
/// loop on each of two threads): 1.92e8 flops per loop, peak GFlop/s = 0.192 / time (0.384 / time on two threads).
/// Zen 4 splits a 512-bit FMA into two 256-bit halves, so there both widths peak alike.
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

    [Benchmark(Description = "12 Vector512 FMA chains × 1e6")]
    public double Peak512() => Chains512();

    [Benchmark(Description = "12 Vector512 FMA chains × 1e6, 2 threads")]
    public double Peak512TwoThreads()
    {
        double first = 0, second = 0;
        Parallel.Invoke(() => first = Chains512(), () => second = Chains512());
        return first + second;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double Chains512()
    {
        var x = Vector512.Create(0.999999);
        var y = Vector512.Create(1e-7);
        Vector512<double> a0 = x, a1 = x, a2 = x, a3 = x, a4 = x, a5 = x, a6 = x, a7 = x, a8 = x, a9 = x, a10 = x, a11 = x;
        for (int k = 0; k < Iterations; k++)
        {
            a0 = Vector512.FusedMultiplyAdd(a0, x, y); a1 = Vector512.FusedMultiplyAdd(a1, x, y);
            a2 = Vector512.FusedMultiplyAdd(a2, x, y); a3 = Vector512.FusedMultiplyAdd(a3, x, y);
            a4 = Vector512.FusedMultiplyAdd(a4, x, y); a5 = Vector512.FusedMultiplyAdd(a5, x, y);
            a6 = Vector512.FusedMultiplyAdd(a6, x, y); a7 = Vector512.FusedMultiplyAdd(a7, x, y);
            a8 = Vector512.FusedMultiplyAdd(a8, x, y); a9 = Vector512.FusedMultiplyAdd(a9, x, y);
            a10 = Vector512.FusedMultiplyAdd(a10, x, y); a11 = Vector512.FusedMultiplyAdd(a11, x, y);
        }

        var s = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11;
        return Vector512.Sum(s);
    }
}
