using ImplicitL1.BasisPursuit;
using ImplicitL1.Methods;
using ImplicitL1.Problems;

namespace ImplicitL1.Tests.Docs;

/// <summary>The README's method-dispatcher example, compiled here; <see cref="ReadmeExampleTests"/> keeps the two identical.</summary>
internal static class ReadmeMethodExample
{
    public static (MethodOutcome Limit, MethodOutcome Gd) Run()
    {
        var instance = ProblemGenerator.Generate(new GeneratorOptions { M = 20, N = 50, S = 3, Seed = 1 });
        // README:methods-begin
        var bp = BasisPursuitSolver.Solve(instance.Problem);                       // references: computed once, by you
        var limit = MethodRunner.Run(instance.Problem, new MethodSpec { Kind = MethodKind.Limit, Depth = 3, Alpha = 1e-4 },
            new MethodReferences { BasisPursuit = bp });
        var gd = MethodRunner.Run(instance.Problem, new MethodSpec { Kind = MethodKind.Gd, Depth = 3, Alpha = 1e-4 },
            new MethodReferences { BasisPursuit = bp, Limit = limit.X });          // gd.DistanceToLimit, gd.Trajectory
        // README:methods-end
        return (limit, gd);
    }
}
