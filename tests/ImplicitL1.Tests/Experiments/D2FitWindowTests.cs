using ImplicitL1.BasisPursuit;
using ImplicitL1.Experiments.Claims;
using ImplicitL1.Limit;
using Xunit.Abstractions;

namespace ImplicitL1.Tests.Experiments;

/// <summary>The D = 2 asymptotic windows measured end to end on noisy instances (the claims' acceptance).</summary>
public class D2FitWindowTests(ITestOutputHelper output)
{
    [Fact]
    public void Noisy_instance_exponent_is_one_minus_varrho_on_its_window_and_not_at_realistic_alpha()
    {
        // 40×100, s = 5, η = 0.4, seed 1: ϱ ≈ 0.975, |S| = m.
        var row = RateD2Claim.Evaluate(new RateD2Claim.Point(40, 100, 5, 0.4, 1));
        double k = RateD2Claim.Exponent(row);
        output.WriteLine($"ϱ = {row.Varrho:R}, window {row.Window}, exponent {k:R}");
        Assert.True(row.Unique);
        Assert.InRange(row.Varrho, 0.97, 0.98);
        Assert.True(Math.Abs(k - (1 - row.Varrho)) <= 0.002 && RateD2Claim.Agrees(row.Varrho, k), $"fitted {k} vs 1 − ϱ = {1 - row.Varrho}");
        Assert.True(row.Log10Alphas[0] < -300, $"window starts at 10^{row.Log10Alphas[0]}");
        Assert.Equal(D2FitWindow.Points, row.Log10Errors.Length);

        // The same instance on the old grid α = 1e-8 … 1e-12 is pre-asymptotic: its slope misses 1 − ϱ by more than 1%.
        var problem = TestInstances.Gaussian(40, 100, 5, 1, 0.4).Problem;
        var bp = BasisPursuitSolver.Solve(problem);
        double[] shallow = [-8, -9, -10, -11, -12];
        var limits = DualNewton.Solve(problem, 2.0, [.. shallow.Select(l => LogAlpha.FromLog10(l))], basisPursuit: bp);
        double early = RateD2Claim.Exponent(shallow, [.. limits.Points.Select(p => p.Log10ErrorToL1!.Value)]);
        output.WriteLine($"slope over 1e-8 … 1e-12: {early:R}");
        Assert.False(RateD2Claim.Agrees(row.Varrho, early));
    }

    [Fact]
    public void Crossover_rule_moves_the_window_past_a_competitor_with_a_larger_constant()
    {
        // 100×400, s = 10, η = 0.4, seed 6 (ϱ ≈ 0.988): a coordinate with exponent ≈ 1 − 0.9864 leads down to α ≈ 10^-4500.
        var problem = TestInstances.Gaussian(100, 400, 10, 6, 0.4).Problem;
        var bp = BasisPursuitSolver.Solve(problem);
        var window = D2FitWindow.Choose(problem, bp)!;
        output.WriteLine($"ϱ = {bp.Varrho!.Value:R}: base 10^{window.BaseLog10:F0}, crossover 10^{window.CrossoverLog10:F0}, window {window}");
        Assert.NotNull(window.CrossoverLog10);
        Assert.True(window.CrossoverLog10 < window.BaseLog10 && window.StartLog10 == window.CrossoverLog10);
        double gap = 1 - bp.Varrho.Value;
        var errors = RateD2Claim.Log10Errors(problem, bp, window.Alphas);
        Assert.True(RateD2Claim.Agrees(bp.Varrho.Value, RateD2Claim.Exponent([.. window.Alphas.Select(a => a.Log10)], errors)));
        // On the support rule's window alone the competitor still dominates: exponent ≈ 1 − 0.9864, 12% off.
        var baseWindow = new D2FitWindow.Window(window.BaseLog10, window.BaseLog10 - (D2FitWindow.SpanDecades / gap), window.BaseLog10, null);
        var early = DualNewton.Solve(problem, 2.0, baseWindow.Alphas, basisPursuit: bp);
        double k = RateD2Claim.Exponent([.. baseWindow.Alphas.Select(a => a.Log10)], [.. early.Points.Select(p => p.Log10ErrorToL1!.Value)]);
        output.WriteLine($"exponent on the support rule's window {baseWindow}: {k:R} vs 1 − ϱ = {gap:R}");
        Assert.False(RateD2Claim.Agrees(bp.Varrho.Value, k));
    }

    [Fact]
    public void Window_follows_the_support_rule_without_noise_and_is_null_without_a_unique_solution()
    {
        // Noiseless 20×50, s = 3: |S| < m, so only the support rule applies.
        var problem = TestInstances.Gaussian(20, 50, 3, 1).Problem;
        var bp = BasisPursuitSolver.Solve(problem);
        var window = D2FitWindow.Choose(problem, bp)!;
        double gap = 1 - bp.Varrho!.Value;
        var xs = bp.Support.Select(i => Math.Abs(bp.X[i])).ToArray();
        double expected = -(D2FitWindow.ErrorDecades + Math.Log10(Math.Sqrt(xs.Sum(v => v * v)) / xs.Min())) / gap;
        Assert.Null(window.CrossoverLog10);
        Assert.Equal(expected, window.StartLog10, 12);
        Assert.Equal(expected - (D2FitWindow.SpanDecades / gap), window.EndLog10, 12);
        Assert.Equal(window.StartLog10, window.Alphas[0].Log10, 12);
        Assert.Equal(window.EndLog10, window.Alphas[^1].Log10, 12);
        Assert.Equal(D2FitWindow.Points, window.Alphas.Length);

        var flat = new ImplicitL1.Problems.RegressionProblem(new double[,] { { 1.0, 1.0 } }, [1.0]);
        Assert.Null(D2FitWindow.Choose(flat, BasisPursuitSolver.Solve(flat)));
    }
}
