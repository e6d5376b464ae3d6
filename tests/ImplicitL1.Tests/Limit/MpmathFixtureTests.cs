using ImplicitL1.BasisPursuit;
using ImplicitL1.Limit;
using ImplicitL1.Tests.Fixtures;
using Xunit.Abstractions;

namespace ImplicitL1.Tests.Limit;

/// <summary>DualNewton against the 25-digit mpmath references (tests/fixtures/make_mpmath_refs.py).</summary>
public class MpmathFixtureTests(ITestOutputHelper output)
{
    private const double Relative = 1e-10;

    public static TheoryData<string, double> Cases()
    {
        var data = new TheoryData<string, double>();
        foreach (var instance in MpmathReferences.Instances())
        {
            foreach (double depth in instance.Limits.Select(l => l.Depth).Distinct())
            {
                data.Add(instance.Name, depth);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_coordinate_and_every_error_norm_matches_to_1e_10(string name, double depth)
    {
        var instance = MpmathReferences.Instances().Single(i => i.Name == name);
        var refs = instance.Limits.Where(l => l.Depth == depth).ToArray();
        var bp = BasisPursuitSolver.Solve(instance.Problem);
        Assert.True(bp.IsUnique, bp.Message);
        Assert.Equal(instance.Support, bp.Support);
        var list = DualNewton.Solve(instance.Problem, depth, [.. refs.Select(r => LogAlpha.FromLog10(r.Log10Alpha))], basisPursuit: bp);
        for (int k = 0; k < refs.Length; k++)
        {
            var r = refs[k];
            // The smallest α also alone: a single-α solve continues in log α itself and must give the same digits.
            var points = k == refs.Length - 1
                ? [list.Points[k], DualNewton.Solve(instance.Problem, depth, [LogAlpha.FromLog10(r.Log10Alpha)], basisPursuit: bp).Points[0]]
                : new[] { list.Points[k] };
            foreach (var p in points)
            {
                Assert.True(p.Status == SolverStatus.Success, $"{name} D={depth} α=1e{r.Log10Alpha}: {p} {p.Message}");
                double worst = 0;
                for (int i = 0; i < r.X.Length; i++)
                {
                    // log10|x| carries coordinates that the double X cannot; compare in that form.
                    double got = p.XSign[i] * Math.Pow(10, p.Log10AbsX[i]);
                    double rel = Math.Abs(got - r.X[i]) / Math.Abs(r.X[i]);
                    worst = Math.Max(worst, rel);
                    Assert.True(rel <= Relative, $"{name} D={depth} α=1e{r.Log10Alpha} x[{i}] = {got:R}, reference {r.X[i]:R} (rel {rel:E2})");
                }

                var e = p.Error!;
                foreach (var (norm, expected) in new[] { (1, r.ErrorL1), (2, r.ErrorL2), (0, r.ErrorInf) })
                {
                    double rel = Math.Abs(Math.Pow(10, e.Log10(norm) - Math.Log10(expected)) - 1.0);
                    Assert.True(rel <= Relative, $"{name} D={depth} α=1e{r.Log10Alpha} norm {norm}: 10^{e.Log10(norm):R} vs {expected:R} (rel {rel:E2})");
                }

                output.WriteLine($"{name} D={depth} α=1e{r.Log10Alpha}: worst coordinate rel {worst:E2}, error_l2 {r.ErrorL2:E6}");
            }
        }
    }

    [Fact]
    public void Tightness_table_matches_to_1e_12()
    {
        foreach (var t in MpmathReferences.Tightness())
        {
            var p = DualNewton.Solve(TestInstances.Tightness(t.R), t.Depth, [LogAlpha.FromLog10(t.Log10Alpha)]).Points[0];
            Assert.Equal(SolverStatus.Success, p.Status);
            Assert.True(Math.Abs(p.X[0] - t.X1) <= 1e-12 * t.X1, $"r={t.R} D={t.Depth}: x1 {p.X[0]:R} vs {t.X1:R}");
            Assert.True(Math.Abs(p.X[1] - t.X2) <= 1e-12 * t.X2, $"r={t.R} D={t.Depth}: x2 {p.X[1]:R} vs {t.X2:R}");
            Assert.True(Math.Abs(p.ErrorToL1!.Value - t.ErrorL2) <= 1e-12 * t.ErrorL2, $"r={t.R} D={t.Depth}: error {p.ErrorToL1:R} vs {t.ErrorL2:R}");
        }
    }
}
