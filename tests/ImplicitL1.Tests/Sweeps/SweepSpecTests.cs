using ImplicitL1.Sweeps;

namespace ImplicitL1.Tests.Sweeps;

public class SweepSpecTests
{
    private const string Valid = """
        {
          "name": "t",
          "problem": { "m": 10, "n": [20, 30], "s": 2, "seed": {"from": 1, "to": 3} },
          "method": { "solver": ["limit", "gd"], "depth": [2, 3.5], "alpha": [1e-2, 1e-6], "step_size": ["auto", 0.01] }
        }
        """;

    [Fact]
    public void Grid_is_the_ordered_product_with_unique_canonical_keys()
    {
        var spec = SweepSpec.Parse(Valid, "spec.json");

        // n (2) × seed (3) × [limit: depth 2 × alpha 2 = 4, gd: 4 × step 2 = 8] = 6 × 12.
        Assert.Equal(72, spec.Points.Count);
        Assert.Equal(Enumerable.Range(0, 72), spec.Points.Select(p => p.Index));
        Assert.Equal(72, spec.Points.Select(p => p.Key).Distinct(StringComparer.Ordinal).Count());
        var first = spec.Points[0];
        Assert.Equal("alpha=0.01;amplitudes=sign;depth=2;design=gaussian;m=10;n=20;noise=0;parametrization=balanced;s=2;seed=1;solver=limit", first.Key);
        Assert.Equal(SweepSolver.Gd, spec.Points[4].Solver);
        Assert.Equal("auto", spec.Points[4].Key.Split(';').Single(p => p.StartsWith("step_size=", StringComparison.Ordinal))[10..]);
        Assert.Equal("auto", spec.Points[4].Key.Split(';').Single(p => p.StartsWith("loss_tolerance=", StringComparison.Ordinal))[15..]);
        Assert.Equal(1e-6, spec.Points[1].Alpha);
        Assert.Contains("depth=3.5", spec.Points[2].Key, StringComparison.Ordinal);
        Assert.Equal(20, spec.Points[11].N);
        Assert.Equal(2, spec.Points[12].Seed);
    }

    [Fact]
    public void Hash_depends_on_the_grid_not_on_formatting()
    {
        var a = SweepSpec.Parse(Valid, "a.json");
        var b = SweepSpec.Parse("// same grid\n" + Valid.Replace("\"t\"", "\"other name\"", StringComparison.Ordinal).Replace("\n", "\n\n", StringComparison.Ordinal), "b.json");
        var c = SweepSpec.Parse(Valid.Replace("1e-6", "1e-7", StringComparison.Ordinal), "c.json");
        Assert.Equal(a.Hash, b.Hash);
        Assert.NotEqual(a.Hash, c.Hash);
    }

    [Theory]
    [InlineData("{\n  \"method\": {\n    \"depth\": 2,\n    \"alpha\": 1e-2,\n    \"alpah\": 1\n  }\n}", "method.alpah", 5)]
    [InlineData("{\n  \"problem\": { \"m\": 10 },\n  \"bogus\": 1,\n  \"method\": { \"depth\": 2, \"alpha\": 1 }\n}", "bogus", 3)]
    [InlineData("{\n  \"problem\": {\n    \"m\": \"ten\"\n  },\n  \"method\": { \"depth\": 2, \"alpha\": 1 }\n}", "problem.m", 3)]
    [InlineData("{\n  \"problem\": { \"m\": 10.5 },\n  \"method\": { \"depth\": 2, \"alpha\": 1 }\n}", "problem.m", 2)]
    [InlineData("{\n  \"method\": {\n    \"depth\": 2,\n    \"alpha\": []\n  }\n}", "method.alpha", 4)]
    [InlineData("{\n  \"method\": {\n    \"depth\": 2,\n    \"alpha\": [1e-2,\n      0]\n  }\n}", "method.alpha", 5)]
    [InlineData("{\n  \"method\": {\n    \"depth\": 2,\n    \"alpha\": -1\n  }\n}", "method.alpha", 4)]
    [InlineData("{\n  \"method\": {\n    \"depth\": [2, 1.5],\n    \"alpha\": 1\n  }\n}", "method.depth", 3)]
    [InlineData("{\n  \"method\": {\n    \"depth\": 2,\n    \"alpha\": 1,\n    \"solver\": \"adam\"\n  }\n}", "method.solver", 5)]
    [InlineData("{\n  \"problem\": { \"n\": 10,\n    \"s\": 11 },\n  \"method\": { \"depth\": 2, \"alpha\": 1 }\n}", "problem.s", 3)]
    [InlineData("{\n  \"problem\": { \"seed\": {\"from\": 5,\n    \"to\": 1} },\n  \"method\": { \"depth\": 2, \"alpha\": 1 }\n}", "problem.seed.to", 3)]
    [InlineData("{\n  \"problem\": { \"m\": 10 }\n}", "method", 1)]
    [InlineData("{\n  \"method\": {\n    \"depth\": 2,\n    \"alpha\": 1,\n    \"alpha\": 2\n  }\n}", "method.alpha", 5)]
    [InlineData("{\n  \"method\": {\n    \"solver\": \"gd\", \"depth\": 2, \"alpha\": 1,\n    \"loss_tolerance\": \"fast\"\n  }\n}", "method.loss_tolerance", 4)]
    [InlineData("{\n  \"method\": {\n    \"solver\": \"gd\", \"depth\": 2, \"alpha\": 1,\n    \"loss_tolerance\": -1\n  }\n}", "method.loss_tolerance", 4)]
    public void Malformed_spec_names_key_and_line(string text, string key, int line)
    {
        var e = Assert.Throws<SweepSpecException>(() => SweepSpec.Parse(text, "spec.json"));
        Assert.Equal(key, e.Key);
        Assert.Equal(line, e.Line);
        Assert.StartsWith($"spec.json:{line}: {key}: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_json_reports_the_line()
    {
        var e = Assert.Throws<SweepSpecException>(() => SweepSpec.Parse("{\n  \"method\": {\n    \"depth\": 2,,\n  }\n}", "spec.json"));
        Assert.Equal(3, e.Line);
        Assert.Null(e.Key);
    }

    [Fact]
    public void Shard_parsing_and_environment()
    {
        Assert.Equal(new Shard(2, 3), Shard.Parse("2/3"));
        Assert.Throws<ArgumentOutOfRangeException>(() => Shard.Parse("3/3"));
        Assert.Throws<ArgumentOutOfRangeException>(() => Shard.Parse("-1/3"));
        Assert.Throws<ArgumentException>(() => Shard.Parse("1-3"));
        var slurm = new Dictionary<string, string> { ["SLURM_ARRAY_TASK_ID"] = "5", ["SLURM_ARRAY_TASK_MIN"] = "4", ["SLURM_ARRAY_TASK_COUNT"] = "3" };
        Assert.Equal(new Shard(1, 3), Shard.FromEnvironment(slurm.GetValueOrDefault));
        var job = new Dictionary<string, string> { ["JOB_COMPLETION_INDEX"] = "2" };
        Assert.Equal(new Shard(2, 4), Shard.FromEnvironment(job.GetValueOrDefault, 4));
        Assert.Throws<ArgumentException>(() => Shard.FromEnvironment(job.GetValueOrDefault));
        Assert.Throws<ArgumentOutOfRangeException>(() => Shard.FromEnvironment(job.GetValueOrDefault, 2));
        Assert.Null(Shard.FromEnvironment(_ => null));
        var shards = Enumerable.Range(0, 3).Select(i => new Shard(i, 3)).ToList();
        Assert.All(Enumerable.Range(0, 20), k => Assert.Single(shards, s => s.Contains(k)));
    }
}
