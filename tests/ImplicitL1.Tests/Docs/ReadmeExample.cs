using ImplicitL1;
using ImplicitL1.BasisPursuit;
using ImplicitL1.Limit;
using ImplicitL1.Problems;

namespace ImplicitL1.Tests.Docs;

/// <summary>The README's library example, compiled here; <see cref="ReadmeExampleTests"/> keeps the two identical.</summary>
internal static class ReadmeExample
{
    public static LimitResult Run()
    {
        // README:begin
        var instance = ProblemGenerator.Generate(new GeneratorOptions { M = 20, N = 50, S = 3, Seed = 1 });
        BasisPursuitResult bp = BasisPursuitSolver.Solve(instance.Problem);      // exact, with certificate
        Console.WriteLine($"{bp.Status}: support [{string.Join(", ", bp.Support)}], ϱ = {bp.Varrho!.Value}");

        LimitResult limits = DualNewton.Solve(instance.Problem, depth: 3, alphas: [1e-4, 1e-8, 1e-12], basisPursuit: bp);
        foreach (LimitPoint p in limits.Points)
        {
            if (p.Status.IsSuccess())
                Console.WriteLine($"α = {p.Alpha:E0}: ‖x∞ − x_ℓ¹‖ = {p.ErrorToL1:E6} (residual {p.Residual:E1})");
            else
                Console.WriteLine($"α = {p.Alpha:E0}: {p.Status} — {p.Message}");
        }

        // README:end
        return limits;
    }
}
