using ImplicitL1.Dynamics;
using ImplicitL1.IO;
using ImplicitL1.Methods;
using ImplicitL1.Problems;
using ImplicitL1.Sweeps;
using ImplicitL1.Tests.Cli;

namespace ImplicitL1.Tests.Sweeps;

/// <summary>The sweep engine on <see cref="MethodRunner"/>: concurrent creation, file problems, methods and options, spec syntax errors.</summary>
public class SweepEngineTests
{
    private const string SmallSpec = """
        {
          "problem": { "m": 8, "n": 16, "s": 2, "seed": [1, 2] },
          "method": { "solver": "limit", "depth": [2, 3], "alpha": [1e-2, 1e-4] }
        }
        """;

    [Fact]
    public void Two_concurrent_creations_of_one_new_database_both_succeed_and_agree()
    {
        for (int trial = 0; trial < 5; trial++)
        {
            using var dir = new CliRunner.TempDir();
            var spec = SweepSpec.Parse(SmallSpec, dir.File("spec.json"));
            string db = dir.File("new.db");
            using var start = new Barrier(2);
            var errors = new Exception?[2];
            var hashes = new string?[2];
            var threads = Enumerable.Range(0, 2).Select(i => new Thread(() =>
            {
                try
                {
                    start.SignalAndWait();
                    using var database = SweepDatabase.OpenOrCreate(db, spec);
                    hashes[i] = database.SpecHash;
                }
                catch (Exception e)
                {
                    errors[i] = e;
                }
            })).ToArray();
            foreach (var t in threads)
            {
                t.Start();
            }

            foreach (var t in threads)
            {
                t.Join();
            }

            Assert.Null(errors[0]);
            Assert.Null(errors[1]);
            Assert.Equal(spec.Hash, hashes[0]);
            Assert.Equal(spec.Hash, hashes[1]);
        }
    }

    [Fact]
    public void Two_sweep_processes_on_a_new_database_both_exit_0_with_every_point_stored()
    {
        using var dir = new CliRunner.TempDir();
        string spec = dir.File("spec.json");
        File.WriteAllText(spec, SmallSpec);
        string db = dir.File("shared.db");
        var processes = new[] { 0, 1 }.Select(_ => SweepCliTests.StartCli("sweep", spec, "--db", db, "--threads", "1")).ToArray();
        var results = processes.Select(SweepCliTests.RunProcess).ToArray();
        foreach (var (code, _, err) in results)
        {
            Assert.True(code == 0, err);
        }

        using var database = SweepDatabase.OpenExisting(db);
        Assert.Equal(SweepSpec.Parse(SmallSpec, spec).Points.Count, database.Count);
    }

    [Theory]
    [InlineData("{\n  \"method\": {\n    \"depth\": 2,\n    \"alpha\": 1,\n  }\n}", 4, "trailing comma")]
    [InlineData("{\n  \"method\": { \"depth\": [2, 3,], \"alpha\": 1 }\n}", 2, "trailing comma")]
    [InlineData("{\n  \"method\": { \"depth\": 2 \"alpha\": 1 }\n}", 2, "unexpected")]
    [InlineData("{\n  \"method\": { \"depth\": 2", 2, "ends before")]
    public void Syntax_errors_name_line_and_column_in_the_specs_own_words(string text, int line, string words)
    {
        var e = Assert.Throws<SweepSpecException>(() => SweepSpec.Parse(text, "spec.json"));
        Assert.Equal(line, e.Line);
        Assert.NotNull(e.Column);
        Assert.StartsWith($"spec.json:{line}:{e.Column}: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(words, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("BytePositionInLine", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("'}' is invalid", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Trailing_comma_names_the_comma_position()
    {
        var e = Assert.Throws<SweepSpecException>(() => SweepSpec.Parse("{\n  \"method\": {\n    \"alpha\": 1,\n  }\n}", "spec.json"));
        Assert.Equal(3, e.Line);
        Assert.Equal(15, e.Column);
    }

    [Fact]
    public void Problems_from_files_give_the_same_rows_as_the_generated_problem()
    {
        using var dir = new CliRunner.TempDir();
        var instance = ProblemGenerator.Generate(new GeneratorOptions { M = 8, N = 16, S = 2, Seed = 1 });
        MatrixFile.WriteMatrix(dir.File("A.npy"), instance.Problem.ToArray());
        MatrixFile.WriteVector(dir.File("y.npy"), instance.Problem.YArray());
        MatrixFile.WriteVector(dir.File("x.npy"), instance.XStar);
        var files = SweepSpec.Parse("""
            { "problem": { "files": [ { "a": "A.npy", "y": "y.npy", "x_star": "x.npy" }, { "a": "A.npy", "y": "y.npy" } ] },
              "method": { "solver": ["limit", "gf"], "depth": 2, "alpha": 1e-2 } }
            """, dir.File("files.json"));
        var generated = SweepSpec.Parse("""
            { "problem": { "m": 8, "n": 16, "s": 2, "seed": 1 }, "method": { "solver": ["limit", "gf"], "depth": 2, "alpha": 1e-2 } }
            """, dir.File("gen.json"));
        Assert.Equal(4, files.Points.Count);
        Assert.Contains("a=A.npy", files.Points[0].Key, StringComparison.Ordinal);
        var fromFiles = files.Points.Select(SweepRunner.Evaluate).ToArray();
        var fromGenerator = generated.Points.Select(SweepRunner.Evaluate).ToArray();
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(fromGenerator[i].Status, fromFiles[i].Status);
            Assert.Equal(fromGenerator[i].ErrorToL1, fromFiles[i].ErrorToL1);
            Assert.Equal(fromGenerator[i].ErrorToXStar, fromFiles[i].ErrorToXStar);
            Assert.Equal(fromGenerator[i].ErrorToLimit, fromFiles[i].ErrorToLimit);
        }

        Assert.Null(fromFiles[2].ErrorToXStar); // no x_star file: no distance to x*
        Assert.NotNull(fromFiles[3].ErrorToLimit);
        Assert.Throws<SweepSpecException>(() => SweepSpec.Parse("""{ "problem": { "files": [ { "a": "A.npy", "y": "y.npy" } ], "m": 3 }, "method": { "depth": 2, "alpha": 1 } }""", "x.json"));
    }

    [Theory]
    [InlineData(1e-30)]
    [InlineData(1e30)]
    public void Gd_points_from_files_do_not_depend_on_the_units_of_A_and_y(double scale)
    {
        // The default loss stop is 1e-20·½‖y‖²; an absolute 1e-20 stopped at step 0 ("success") when A, y were ×1e-30.
        using var dir = new CliRunner.TempDir();
        var instance = ProblemGenerator.Generate(new GeneratorOptions { M = 8, N = 16, S = 2, Seed = 1 });
        var y = instance.Problem.YArray();
        MatrixFile.WriteMatrix(dir.File("A.npy"), instance.Problem.ToArray());
        MatrixFile.WriteVector(dir.File("y.npy"), y);
        MatrixFile.WriteMatrix(dir.File("As.npy"), TestInstances.ScaledA(instance.Problem, scale));
        MatrixFile.WriteVector(dir.File("ys.npy"), [.. y.Select(v => v * scale)]);
        var spec = SweepSpec.Parse("""
            { "problem": { "files": [ { "a": "A.npy", "y": "y.npy" }, { "a": "As.npy", "y": "ys.npy" } ] },
              "method": { "solver": "gd", "depth": 2, "alpha": 1e-2 } }
            """, dir.File("units.json"));
        Assert.Contains("loss_tolerance=auto", spec.Points[0].Key, StringComparison.Ordinal);
        var unit = SweepRunner.Evaluate(spec.Points[0]);
        var scaled = SweepRunner.Evaluate(spec.Points[1]);
        Assert.Equal("success", unit.Status);
        Assert.Equal(unit.Status, scaled.Status);
        Assert.InRange(unit.Iterations, 100, 99_999);
        Assert.Equal(unit.Iterations, scaled.Iterations);
        Assert.Equal(unit.ErrorToL1!.Value, scaled.ErrorToL1!.Value, 1e-9 * unit.ErrorToL1.Value);
        Assert.Equal(unit.Residual!.Value, scaled.Residual!.Value / scale, (1e-3 * unit.Residual.Value) + 1e-14);
    }

    [Fact]
    public void Sweep_points_carry_every_method_option_into_the_method_spec()
    {
        var spec = SweepSpec.Parse("""
            { "problem": { "m": 8, "n": 16, "s": 2, "seed": 1 },
              "method": { "solver": ["gf", "sgd"], "parametrization": ["balanced", "nonnegative"], "depth": 2, "alpha": 1e-2,
                          "stationary_tolerance": 1e-9, "max_steps": 700, "batch_size": 3, "train_seed": 5, "max_iterations": 400 } }
            """, "opts.json");
        var gf = spec.Points.First(p => p.Solver == SweepSolver.Gf && p.Parametrization == "nonnegative").Method;
        Assert.Equal(MethodKind.Gf, gf.Kind);
        Assert.Equal(ParametrizationKind.NonNegative, gf.Parametrization);
        Assert.Equal(1e-9, gf.Flow.StationaryTolerance);
        Assert.Equal(700, gf.Flow.MaxSteps);
        var sgd = spec.Points.First(p => p.Solver == SweepSolver.Sgd).Method;
        Assert.Equal(MethodKind.Sgd, sgd.Kind);
        Assert.Equal(3, sgd.Descent.BatchSize);
        Assert.Equal(5, sgd.Descent.Seed);
        Assert.Equal(400, sgd.Descent.MaxIterations);
        Assert.Contains("batch_size=3", spec.Points.First(p => p.Solver == SweepSolver.Sgd).Key, StringComparison.Ordinal);
        var row = SweepRunner.Evaluate(spec.Points.First(p => p.Solver == SweepSolver.Sgd));
        Assert.Equal(400, row.Iterations);
    }

    [Fact]
    public void Gd_points_of_one_problem_are_trained_as_a_batch_with_the_rows_of_single_runs()
    {
        using var dir = new CliRunner.TempDir();
        var spec = SweepSpec.Parse("""
            { "problem": { "m": 10, "n": 24, "s": 2, "seed": [1, 2] },
              "method": { "solver": ["gd", "limit"], "depth": [2, 3], "alpha": [1e-1, 1e-2, 1e-3], "max_iterations": 300 } }
            """, dir.File("gd.json"));
        using var database = SweepDatabase.OpenOrCreate(dir.File("gd.db"), spec);
        var summary = SweepRunner.Run(spec, database, new SweepRunOptions { MaxDegreeOfParallelism = 2 });
        int gd = spec.Points.Count(p => p.Solver == SweepSolver.Gd);
        Assert.Equal(12, gd);
        Assert.Equal(gd, summary.Batched); // 2 problems × (6 GD points with equal descent options)
        Assert.Equal(spec.Points.Count, summary.Computed);
        var stored = database.ReadRows().ToDictionary(r => r.Key);
        foreach (var point in spec.Points)
        {
            var alone = SweepRunner.Evaluate(point);
            var row = stored[point.Key];
            Assert.Equal(alone with { ElapsedSeconds = 0 }, row with { ElapsedSeconds = 0 });
        }
    }

    [Fact]
    public void Gf_rows_measure_the_distance_to_the_limit_of_the_same_model()
    {
        var spec = SweepSpec.Parse("""
            { "problem": { "m": 8, "n": 16, "s": 2, "seed": 1 }, "method": { "solver": "gf", "depth": 2, "alpha": 1e-2 } }
            """, "gf.json");
        var row = SweepRunner.Evaluate(spec.Points[0]);
        var (problem, _) = spec.Points[0].LoadProblem();
        var limit = MethodRunner.Run(problem, new MethodSpec { Kind = MethodKind.Limit, Depth = 2, Alpha = 1e-2 });
        var flow = MethodRunner.Run(problem, new MethodSpec { Kind = MethodKind.Gf, Depth = 2, Alpha = 1e-2 }, new MethodReferences { Limit = limit.X });
        Assert.Equal("success", row.Status);
        Assert.Equal(flow.DistanceToLimit, row.ErrorToLimit);
        Assert.True(row.ErrorToLimit < 1e-8, $"{row.ErrorToLimit}");
    }

    [Fact]
    public void Product_with_another_depth_is_refused_in_the_specs_words()
    {
        var e = Assert.Throws<SweepSpecException>(() => SweepSpec.Parse("""
            { "method": { "parametrization": "product",
                          "depth": [2, 3], "alpha": 1e-2 } }
            """, "p.json"));
        Assert.Equal(1, e.Line);
        Assert.Contains("method.parametrization", e.Message, StringComparison.Ordinal);
        Assert.Contains("depth 2", e.Message, StringComparison.Ordinal);
    }
}
