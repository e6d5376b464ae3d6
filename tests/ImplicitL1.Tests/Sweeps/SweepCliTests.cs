using System.Diagnostics;
using ImplicitL1.Cli;
using ImplicitL1.Sweeps;
using ImplicitL1.Tests.Cli;
using Microsoft.Data.Sqlite;

namespace ImplicitL1.Tests.Sweeps;

/// <summary>Acceptance tests of sweep/merge/export: crash safety, sharding, thread independence, refusals.</summary>
public class SweepCliTests
{
    /// <summary>120 exact limits (m = 20, N = 50): about 3 s on one thread, so a kill lands mid-run.</summary>
    private const string CrashSpec = """
        {
          "problem": { "m": 20, "n": 50, "s": 3, "seed": {"from": 1, "to": 15} },
          "method": { "solver": "limit", "depth": [2, 3], "alpha": [1e-2, 1e-4, 1e-6, 1e-8] }
        }
        """;

    /// <summary>All three solvers on small instances.</summary>
    private const string MixedSpec = """
        {
          "problem": { "m": 10, "n": 25, "s": 2, "noise": [0, 0.05], "seed": [1, 2] },
          "method": { "solver": ["limit", "gf", "gd"], "depth": [2, 3], "alpha": [1e-2, 1e-3], "max_iterations": 3000 }
        }
        """;

    [Fact]
    public void Killed_run_resumes_to_the_uninterrupted_rows()
    {
        using var dir = new CliRunner.TempDir();
        var spec = Write(dir, "spec.json", CrashSpec);
        var db = dir.File("killed.db");
        int total = SweepSpec.Parse(CrashSpec, spec).Points.Count;

        using (var process = StartCli("sweep", spec, "--db", db, "--threads", "1", "--shard", "0/1"))
        {
            var clock = Stopwatch.StartNew();
            int seen = 0;
            while (seen < 10 && !process.HasExited && clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                Thread.Sleep(10);
                seen = CountRows(db);
            }

            Assert.False(process.HasExited, $"the sweep ended (exit {(process.HasExited ? process.ExitCode : 0)}) before it could be killed; enlarge the spec");
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        var beforeResume = ReadRows(db);
        Assert.InRange(beforeResume.Count, 10, total - 1);

        var (code, stdout, stderr) = RunProcess(StartCli("sweep", spec, "--db", db, "--threads", "2", "--shard", "0/1"));
        Assert.True(code == ExitCodes.Ok, stderr);
        Assert.Contains($"{beforeResume.Count} already stored, {total - beforeResume.Count} computed", stdout, StringComparison.Ordinal);

        var reference = dir.File("reference.db");
        AssertOk(CliRunner.Run("sweep", spec, "--db", reference, "--shard", "0/1"));
        var resumed = ReadRows(db);
        Assert.Equal(total, resumed.Count);
        Assert.Equal(total, resumed.Select(r => r.Key).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(Export(dir, reference), Export(dir, db));

        // Rows committed before the kill are kept as they were (timing included): not recomputed.
        var final = resumed.ToDictionary(r => r.Key, StringComparer.Ordinal);
        Assert.All(beforeResume, r => Assert.Equal(r, final[r.Key]));
    }

    [Fact]
    public void Three_shard_processes_merged_equal_the_unsharded_run()
    {
        using var dir = new CliRunner.TempDir();
        var spec = Write(dir, "spec.json", MixedSpec);
        var points = SweepSpec.Parse(MixedSpec, spec).Points;
        string[] shards = [dir.File("s0.db"), dir.File("s1.db"), dir.File("s2.db")];

        // Shard 0 by option, shard 1 from a SLURM array (ids 1..3), shard 2 from a Kubernetes indexed job.
        var processes = new[]
        {
            StartCli(["sweep", spec, "--db", shards[0], "--shard", "0/3", "--threads", "1"]),
            StartCli(["sweep", spec, "--db", shards[1], "--threads", "1"],
                new() { ["SLURM_ARRAY_TASK_ID"] = "2", ["SLURM_ARRAY_TASK_MIN"] = "1", ["SLURM_ARRAY_TASK_COUNT"] = "3" }),
            StartCli(["sweep", spec, "--db", shards[2], "--shard-count", "3", "--threads", "1"], new() { ["JOB_COMPLETION_INDEX"] = "2" }),
        };
        var results = processes.Select(RunProcess).ToList();
        Assert.All(results, r => Assert.True(r.Code == ExitCodes.Ok, r.Err));
        for (int i = 0; i < 3; i++)
        {
            var expected = points.Where(p => p.Index % 3 == i).Select(p => p.Key).Order(StringComparer.Ordinal);
            Assert.Equal(expected, ReadRows(shards[i]).Select(r => r.Key));
        }

        var merged = dir.File("merged.db");
        AssertOk(CliRunner.Run(["merge", merged, .. shards]));
        var whole = dir.File("whole.db");
        AssertOk(CliRunner.Run("sweep", spec, "--db", whole, "--shard", "0/1"));
        var csv = Export(dir, whole);
        Assert.Equal(points.Count + 1, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(csv, Export(dir, merged));
    }

    [Fact]
    public void Results_do_not_depend_on_the_thread_count()
    {
        using var dir = new CliRunner.TempDir();
        var spec = Write(dir, "spec.json", MixedSpec);
        AssertOk(CliRunner.Run("sweep", spec, "--db", dir.File("t1.db"), "--threads", "1", "--shard", "0/1"));
        AssertOk(CliRunner.Run("sweep", spec, "--db", dir.File("t2.db"), "--threads", "2", "--shard", "0/1"));
        var one = Export(dir, dir.File("t1.db"));
        Assert.Equal(one, Export(dir, dir.File("t2.db")));

        // The rows carry real numbers from all three solvers.
        var lines = one.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        int solver = Array.IndexOf(header, "solver"), error = Array.IndexOf(header, "error_to_xstar"), status = Array.IndexOf(header, "status");
        foreach (var name in new[] { "limit", "gf", "gd" })
        {
            var rows = lines.Skip(1).Select(l => l.Split(',')).Where(c => c[solver] == name).ToList();
            Assert.Equal(16, rows.Count);
            Assert.All(rows, c => Assert.True(double.Parse(c[error], System.Globalization.CultureInfo.InvariantCulture) > 0));
            Assert.DoesNotContain(rows, c => c[status] == "exception");
        }
    }

    [Fact]
    public void Not_sqlite_corrupt_and_foreign_databases_are_refused()
    {
        using var dir = new CliRunner.TempDir();
        var spec = Write(dir, "spec.json", MixedSpec);

        var text = Write(dir, "notes.db", "this is not a database, just text long enough to look like something\n");
        var r = CliRunner.Run("sweep", spec, "--db", text);
        Assert.Equal(ExitCodes.Corrupt, r.ExitCode);
        Assert.Contains("not an SQLite database", r.Err, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Corrupt, CliRunner.Run("export", text).ExitCode);

        // A real sweep database with a damaged page.
        var good = dir.File("good.db");
        AssertOk(CliRunner.Run("sweep", Write(dir, "crash.json", CrashSpec.Replace("\"to\": 15", "\"to\": 3", StringComparison.Ordinal)), "--db", good, "--shard", "0/1"));
        var bytes = File.ReadAllBytes(good);
        Assert.True(bytes.Length >= 3 * 4096, $"database only {bytes.Length} bytes");
        Array.Fill(bytes, (byte)0x5A, 4096, 4096);
        File.WriteAllBytes(good, bytes);
        r = CliRunner.Run("export", good);
        Assert.Equal(ExitCodes.Corrupt, r.ExitCode);
        Assert.Contains(good, r.Err, StringComparison.Ordinal);

        // Another program's SQLite database: refused and left untouched.
        var foreign = dir.File("foreign.db");
        using (var connection = new SqliteConnection($"Data Source={foreign};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE people (name TEXT); INSERT INTO people VALUES ('ada');";
            command.ExecuteNonQuery();
        }

        var before = File.ReadAllBytes(foreign);
        r = CliRunner.Run("sweep", spec, "--db", foreign);
        Assert.Equal(ExitCodes.DatabaseMismatch, r.ExitCode);
        Assert.Contains("not a sweep database", r.Err, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(foreign));
        Assert.Equal(ExitCodes.DatabaseMismatch, CliRunner.Run("export", foreign).ExitCode);
        Assert.Equal(ExitCodes.Unreadable, CliRunner.Run("export", dir.File("missing.db")).ExitCode);
    }

    [Fact]
    public void Databases_of_different_specs_are_not_mixed()
    {
        using var dir = new CliRunner.TempDir();
        var specA = Write(dir, "a.json", MixedSpec);
        var specB = Write(dir, "b.json", MixedSpec.Replace("\"seed\": [1, 2]", "\"seed\": [1, 3]", StringComparison.Ordinal));
        var a = dir.File("a.db");
        var b = dir.File("b.db");
        AssertOk(CliRunner.Run("sweep", specA, "--db", a, "--shard", "0/8"));
        AssertOk(CliRunner.Run("sweep", specB, "--db", b, "--shard", "1/8"));

        var r = CliRunner.Run("merge", dir.File("out.db"), a, b);
        Assert.Equal(ExitCodes.DatabaseMismatch, r.ExitCode);
        Assert.Contains("different spec", r.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("out.db")));

        r = CliRunner.Run("sweep", specB, "--db", a, "--shard", "2/8");
        Assert.Equal(ExitCodes.DatabaseMismatch, r.ExitCode);
        Assert.Contains("different spec", r.Err, StringComparison.Ordinal);

        // Merging into an existing database of another spec is refused too.
        r = CliRunner.Run("merge", b, a);
        Assert.Equal(ExitCodes.DatabaseMismatch, r.ExitCode);
    }

    [Fact]
    public void Malformed_spec_fails_with_key_and_line()
    {
        using var dir = new CliRunner.TempDir();
        var spec = Write(dir, "bad.json", "{\n  \"method\": {\n    \"depth\": 2,\n    \"alpha\": [1e-2, -1e-4]\n  }\n}\n");
        var r = CliRunner.Run("sweep", spec, "--db", dir.File("x.db"));
        Assert.Equal(ExitCodes.InvalidValue, r.ExitCode);
        Assert.Contains($"{spec}:4: method.alpha: -1e-4 must be > 0", r.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("x.db")));

        r = CliRunner.Run("sweep", dir.File("nope.json"), "--db", dir.File("x.db"));
        Assert.Equal(ExitCodes.Unreadable, r.ExitCode);
    }

    [Theory]
    [InlineData("3/3", "outside 0..2")]
    [InlineData("-1/2", "outside 0..1")]
    [InlineData("1/0", "count must be ≥ 1")]
    [InlineData("two/3", "not of the form i/n")]
    public void Shard_out_of_range_is_refused(string shard, string message)
    {
        using var dir = new CliRunner.TempDir();
        var spec = Write(dir, "spec.json", MixedSpec);
        var r = CliRunner.Run("sweep", spec, "--db", dir.File("x.db"), "--shard", shard);
        Assert.Equal(ExitCodes.InvalidValue, r.ExitCode);
        Assert.Contains(message, r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Unwritable_output_is_refused()
    {
        using var dir = new CliRunner.TempDir();
        var spec = Write(dir, "spec.json", MixedSpec);
        var file = Write(dir, "plain-file", "x");

        // A folder that is a regular file cannot hold a database, even for root.
        var r = CliRunner.Run("sweep", spec, "--db", Path.Combine(file, "r.db"));
        Assert.Equal(ExitCodes.Unwritable, r.ExitCode);
        Assert.Contains("does not exist", r.Err, StringComparison.Ordinal);

        var db = dir.File("r.db");
        AssertOk(CliRunner.Run("sweep", spec, "--db", db, "--shard", "0/16"));
        r = CliRunner.Run("export", db, "--out", Path.Combine(file, "r.csv"));
        Assert.Equal(ExitCodes.Unwritable, r.ExitCode);
        r = CliRunner.Run("merge", Path.Combine(dir.File("no-such-folder"), "m.db"), db);
        Assert.Equal(ExitCodes.Unwritable, r.ExitCode);
    }

    [Fact]
    public void Help_lists_the_sweep_commands()
    {
        var r = CliRunner.Run("--help");
        Assert.Equal(ExitCodes.Ok, r.ExitCode);
        Assert.Contains("sweep", r.Out, StringComparison.Ordinal);
        Assert.Contains("merge", r.Out, StringComparison.Ordinal);
        Assert.Contains("export", r.Out, StringComparison.Ordinal);
        foreach (var command in new[] { "sweep", "merge", "export" })
        {
            r = CliRunner.Run(command, "--help");
            Assert.Equal(ExitCodes.Ok, r.ExitCode);
            Assert.Contains("EXAMPLES", r.Out, StringComparison.Ordinal);
        }
    }

    private static string Write(CliRunner.TempDir dir, string name, string text)
    {
        var path = dir.File(name);
        File.WriteAllText(path, text);
        return path;
    }

    private static void AssertOk((int ExitCode, string Out, string Err) result) =>
        Assert.True(result.ExitCode == ExitCodes.Ok, $"exit {result.ExitCode}: {result.Err}");

    private static string Export(CliRunner.TempDir dir, string db)
    {
        var csv = dir.File(Path.GetFileNameWithoutExtension(db) + "-" + Guid.NewGuid().ToString("N") + ".csv");
        AssertOk(CliRunner.Run("export", db, "--out", csv, "--exclude-timing"));
        return File.ReadAllText(csv);
    }

    private static List<SweepRow> ReadRows(string db)
    {
        using var database = SweepDatabase.OpenExisting(db);
        return database.ReadRows();
    }

    /// <summary>Rows committed so far, read while the writer runs (0 while the file or table is not there yet).</summary>
    private static int CountRows(string db)
    {
        if (!File.Exists(db))
        {
            return 0;
        }

        try
        {
            using var connection = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM results";
            return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (SqliteException)
        {
            return 0;
        }
    }

    internal static Process StartCli(params string[] args) => StartCli(args, []);

    /// <summary>Starts implicit-l1 as its own process (dotnet implicit-l1.dll), scheduler variables cleared.</summary>
    private static Process StartCli(string[] args, Dictionary<string, string> environment)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "implicit-l1.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var name in new[] { "SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_COUNT", "JOB_COMPLETION_INDEX" })
        {
            info.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var process = Process.Start(info)!;
        return process;
    }

    internal static (int Code, string Out, string Err) RunProcess(Process process)
    {
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "implicit-l1 did not finish in 2 minutes");
            return (process.ExitCode, stdout.Result, stderr.Result);
        }
    }
}
