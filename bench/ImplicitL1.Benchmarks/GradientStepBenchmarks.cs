using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using ImplicitL1.Dynamics;
using ImplicitL1.Problems;
using MathNet.Numerics.LinearAlgebra;

namespace ImplicitL1.Benchmarks;

/// <summary>
/// One gradient-descent step of u² − v² (two passes over A plus O(N) elementwise work) against a naive Math.NET
/// step (dense A·x and Aᵀ·r, allocating) and one streaming read of A (Σ of all entries), the memory-bandwidth
/// reference: a step cannot beat two streaming reads.
/// </summary>
[MemoryDiagnoser]
public class GradientStepBenchmarks
{
    private GradientStepper _stepper = null!, _stepperOneThread = null!;
    private RegressionProblem _problem = null!;
    private Matrix<double> _a = null!;
    private Vector<double> _y = null!, _u = null!, _v = null!;
    private double[] _data = null!;
    private const double Eta = 1e-7;

    /// <summary>m×N of the Gaussian instance.</summary>
    [Params("200x2000", "500x5000")]
    public string Shape { get; set; } = "200x2000";

    [GlobalSetup]
    public void Setup()
    {
        var parts = Shape.Split('x');
        int m = int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
        int n = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        _problem = ProblemGenerator.Generate(new GeneratorOptions { M = m, N = n, S = m / 10, Seed = 1 }).Problem;
        var model = new BalancedParametrization(n, 2.0, 1e-2);
        _stepper = new GradientStepper(_problem, model, Eta);
        _stepperOneThread = new GradientStepper(_problem, model, Eta, threads: 1);
        _data = _problem.A.ToArray();
        _a = Matrix<double>.Build.DenseOfRowMajor(m, n, _data);
        _y = Vector<double>.Build.DenseOfArray(_problem.YArray());
        _u = Vector<double>.Build.Dense(n, 0.1);
        _v = Vector<double>.Build.Dense(n, 0.1);
    }

    /// <summary>Naive step: x = u⊙u − v⊙v, r = Ax − y, g = Aᵀr, u ← u − 2ηu⊙g, v ← v + 2ηv⊙g (Math.NET, allocating).</summary>
    [Benchmark(Baseline = true)]
    public double NaiveMathNet()
    {
        var x = _u.PointwiseMultiply(_u) - _v.PointwiseMultiply(_v);
        var r = (_a * x) - _y;
        var g = _a.TransposeThisAndMultiply(r);
        _u = _u - (2 * Eta * _u.PointwiseMultiply(g));
        _v = _v + (2 * Eta * _v.PointwiseMultiply(g));
        return r[0];
    }

    /// <summary>The library's step (<see cref="GradientStepper.Step"/>).</summary>
    [Benchmark]
    public double LibraryStep() => _stepper.Step();

    /// <summary>The same step on one thread (both row halves inline): the helper thread's gain net of its handoff.</summary>
    [Benchmark]
    public double LibraryStepOneThread() => _stepperOneThread.Step();

    /// <summary>One streaming read of A: the bandwidth reference (a step needs two).</summary>
    [Benchmark]
    public double StreamA() => TensorPrimitives.Sum(_data);
}
