using System.Diagnostics;
using ImplicitL1.Nsp;
using ImplicitL1.Problems;

namespace ImplicitL1.Tests.Theory;

/// <summary>ρ_s = +∞ exactly when ker A holds a vector on ≤ s coordinates (issue 8); GLOP's logs stay off the terminal.</summary>
public class NspDegenerateTests
{
    private static RegressionProblem WithColumns(RegressionProblem problem, Func<int, int, double, double> entry)
    {
        var a = new double[problem.Rows * problem.Cols];
        for (int i = 0; i < problem.Rows; i++)
        {
            for (int j = 0; j < problem.Cols; j++)
            {
                a[(i * problem.Cols) + j] = entry(i, j, problem[i, j]);
            }
        }

        return new RegressionProblem(a, problem.Rows, problem.Cols, problem.Y);
    }

    private static void AssertInfinite(RegressionProblem problem, NspResult result)
    {
        Assert.Equal(SolverStatus.Success, result.Status);
        Assert.True(result.Exact);
        Assert.Equal(double.PositiveInfinity, result.RhoS);
        Assert.Equal(double.PositiveInfinity, result.Lower);
        Assert.False(result.HasNsp);
        var v = result.WorstVector;
        Assert.Equal(problem.Cols, v.Length);
        var av = new double[problem.Rows];
        problem.Multiply(v, av);
        Assert.True(av.Max(Math.Abs) <= 1e-12 * v.Max(Math.Abs), "the reported vector is in ker A");
        Assert.All(Enumerable.Range(0, problem.Cols).Except(result.WorstSupport), i => Assert.Equal(0.0, v[i]));
        Assert.Contains(result.WorstSupport, i => v[i] != 0);
    }

    [Theory]
    [InlineData(NspMode.Auto, 1)]
    [InlineData(NspMode.Exact, 2)]
    [InlineData(NspMode.Decide, 2)]
    [InlineData(NspMode.Bounds, 3)]
    public void A_zero_column_gives_rho_infinity_exactly(NspMode mode, int order)
    {
        var problem = WithColumns(TestInstances.Gaussian(4, 8, 1, 1).Problem, (_, j, a) => j == 3 ? 0.0 : a);
        var result = NullSpaceConstant.Solve(problem, new NspOptions { Order = order, Mode = mode });
        AssertInfinite(problem, result);
        Assert.Contains(3, result.WorstSupport);
    }

    [Theory]
    [InlineData(NspMode.Exact)]
    [InlineData(NspMode.Bounds)]
    public void Duplicate_columns_give_rho_infinity_from_order_two(NspMode mode)
    {
        var problem = WithColumns(TestInstances.Gaussian(4, 8, 1, 1).Problem, (i, j, a) => j == 3 ? -2.0 * TestInstances.Gaussian(4, 8, 1, 1).Problem[i, 5] : a);
        var result = NullSpaceConstant.Solve(problem, new NspOptions { Order = 2, Mode = mode });
        AssertInfinite(problem, result);
        Assert.Equal([3, 5], result.WorstSupport);

        // Order 1 stays finite: v = 2e₃ + e₅ ∈ ker A gives ‖v_T‖₁/‖v_{Tᶜ}‖₁ = 2 for T = {3}, so ρ₁ ≥ 2.
        var one = NullSpaceConstant.Solve(problem, new NspOptions { Order = 1, Mode = NspMode.Exact });
        Assert.True(double.IsFinite(one.RhoS!.Value));
        Assert.True(one.RhoS >= 2.0 - 1e-9, $"ρ₁ = {one.RhoS}");
    }

    [Fact]
    public void Three_dependent_columns_make_rho_3_infinite_but_not_rho_2()
    {
        var base_ = TestInstances.Gaussian(5, 9, 1, 2).Problem;
        var problem = WithColumns(base_, (i, j, a) => j == 6 ? base_[i, 1] + base_[i, 4] : a);
        var three = NullSpaceConstant.Solve(problem, new NspOptions { Order = 3, Mode = NspMode.Exact });
        Assert.True(three.Exact);
        Assert.Equal(double.PositiveInfinity, three.RhoS);
        Assert.False(three.HasNsp);
        var two = NullSpaceConstant.Solve(problem, new NspOptions { Order = 2, Mode = NspMode.Exact });
        Assert.True(double.IsFinite(two.RhoS!.Value));
        Assert.Equal(SolverStatus.Success, two.Status);
    }

    [Fact]
    public void Nsp_command_prints_no_solver_log_lines()
    {
        using var dir = new Cli.CliRunner.TempDir();
        var problem = WithColumns(TestInstances.Gaussian(4, 8, 1, 1).Problem, (_, j, a) => j == 3 ? 0.0 : a);
        var path = dir.File("a.csv");
        File.WriteAllLines(path, Enumerable.Range(0, problem.Rows).Select(i =>
            string.Join(",", Enumerable.Range(0, problem.Cols).Select(j => problem[i, j].ToString("R", System.Globalization.CultureInfo.InvariantCulture)))));
        var yPath = dir.File("y.csv");
        File.WriteAllLines(yPath, problem.Y.ToArray().Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
        foreach (var args in new[] { new[] { "--order", "2" }, new[] { "--order", "1" }, new[] { "-m", "6", "-n", "14", "--order", "3" } })
        {
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "implicit-l1.dll"));
            info.ArgumentList.Add("nsp");
            if (args[0] == "--order")
            {
                foreach (var a in new[] { "-A", path, "-y", yPath })
                {
                    info.ArgumentList.Add(a);
                }
            }

            foreach (var a in args)
            {
                info.ArgumentList.Add(a);
            }

            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            string stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.Equal(0, process.ExitCode);
            var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.All(lines, l => Assert.StartsWith("progress:", l.TrimStart('\r')));
            Assert.NotEmpty(stdout.Result);
        }
    }
}
