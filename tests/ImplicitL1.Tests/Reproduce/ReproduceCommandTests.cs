using System.Globalization;
using System.Text.Json;
using ImplicitL1.Cli;
using ImplicitL1.Cli.Reproduce;
using ImplicitL1.Experiments.Claims;
using ImplicitL1.Sweeps;
using ImplicitL1.Tests.Cli;
using Xunit.Abstractions;

namespace ImplicitL1.Tests.Reproduce;

public class ReproduceCommandTests(QuickRunFixture run, ITestOutputHelper output) : IClassFixture<QuickRunFixture>
{
    [Fact]
    public void Quick_run_succeeds_and_writes_one_folder_per_claim_and_the_report()
    {
        output.WriteLine($"reproduce all --quick: {run.Seconds:F2} s\n{run.Out}\n{run.Err}");
        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        foreach (var name in ClaimRegistry.Names)
        {
            Assert.True(Directory.Exists(Path.Combine(run.Root, name)), name);
            Assert.Contains(name, run.Out, StringComparison.Ordinal);
        }

        Assert.True(File.Exists(Path.Combine(run.Root, "index.html")));
    }

    [Fact]
    public void Every_summary_has_the_fields_and_a_boolean_verdict()
    {
        foreach (var name in ClaimRegistry.Names)
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(run.Root, name, "summary.json")));
            var root = doc.RootElement;
            Assert.Equal(name, root.GetProperty("claim").GetString());
            Assert.True(root.GetProperty("holds").ValueKind is JsonValueKind.True or JsonValueKind.False, $"{name}: holds is not a bool");
            Assert.Contains(root.GetProperty("label").GetString(), new[] { "paper", "reconstructed" });
            var measured = root.GetProperty("measured");
            Assert.True(measured.ValueKind is JsonValueKind.Number or JsonValueKind.Null, $"{name}: measured is {measured.ValueKind}");
            Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("expected").GetString()));
            Assert.Equal(JsonValueKind.Object, root.GetProperty("details").ValueKind);
            Assert.Equal(JsonValueKind.Object, root.GetProperty("parameters").ValueKind);
            Assert.Equal(JsonValueKind.Array, root.GetProperty("seeds").ValueKind);
            Assert.Contains(root.GetProperty("label").GetString()!, root.GetProperty("statement").GetString()!, StringComparison.Ordinal);
            foreach (var file in root.GetProperty("figures").EnumerateArray().Concat(root.GetProperty("data").EnumerateArray()))
            {
                var path = Path.Combine(run.Root, name, file.GetString()!);
                Assert.True(new FileInfo(path).Length > 0, path);
            }

            Assert.NotEmpty(root.GetProperty("figures").EnumerateArray());
        }
    }

    [Fact]
    public void Every_csv_parses_with_newline_endings_and_round_trip_numbers()
    {
        var files = Directory.GetFiles(run.Root, "*.csv", SearchOption.AllDirectories);
        Assert.True(files.Length >= ClaimRegistry.Names.Count, $"{files.Length} CSV files");
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotContain('\r', text);
            Assert.EndsWith("\n", text, StringComparison.Ordinal);
            var lines = text[..^1].Split('\n');
            var header = lines[0].Split(',');
            Assert.All(header, h => Assert.Matches("^[a-z0-9_.+-]+$", h.ToLowerInvariant()));
            Assert.True(lines.Length > 1, $"{file}: no rows");
            foreach (var line in lines.Skip(1))
            {
                var cells = line.Split(',');
                Assert.Equal(header.Length, cells.Length);
                foreach (var cell in cells)
                {
                    if (cell is "true" or "false" or "nan" or "inf" or "-inf" or "")
                    {
                        continue;
                    }

                    Assert.True(double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var v), $"{file}: '{cell}' is not a number");
                    Assert.Equal(cell, v.ToString("R", CultureInfo.InvariantCulture));
                }
            }
        }
    }

    [Fact]
    public void Unknown_claim_is_refused_with_the_list_of_claims()
    {
        using var dir = new CliRunner.TempDir();
        var (code, _, err) = CliRunner.Run("reproduce", "rate-d7", "--out", dir.Path);
        Assert.Equal(ExitCodes.InvalidValue, code);
        Assert.Contains("unknown claim 'rate-d7'", err, StringComparison.Ordinal);
        Assert.Contains("rate-d2", err, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void Unwritable_output_folder_is_refused_with_its_exit_code()
    {
        using var dir = new CliRunner.TempDir();
        var file = dir.File("plain-file");
        File.WriteAllText(file, "x");
        var (code, _, err) = CliRunner.Run("reproduce", "nsp", "--quick", "--out", Path.Combine(file, "report"));
        Assert.Equal(ExitCodes.Unwritable, code);
        Assert.Contains("cannot write to the output folder", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_out_is_a_usage_error()
    {
        var (code, _, err) = CliRunner.Run("reproduce", "all", "--quick");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--out", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_lists_the_claims_and_options()
    {
        var (code, text, _) = CliRunner.Run("reproduce", "--help");
        Assert.Equal(ExitCodes.Ok, code);
        foreach (var s in new[] { "<CLAIM>", "--out", "--quick", "gf-limit", "phase-transition" })
        {
            Assert.Contains(s, text, StringComparison.Ordinal);
        }

        var (rootCode, rootHelp, _) = CliRunner.Run("--help");
        Assert.Equal(ExitCodes.Ok, rootCode);
        Assert.Contains("reproduce", rootHelp, StringComparison.Ordinal);
    }

    [Fact]
    public void Point_loop_results_do_not_depend_on_the_thread_count()
    {
        var grid = RateDeepClaim.Grid(quick: true);
        var one = SweepRunner.Map(grid, RateDeepClaim.Evaluate, new SweepRunOptions { MaxDegreeOfParallelism = 1 });
        var two = SweepRunner.Map(grid, RateDeepClaim.Evaluate, new SweepRunOptions { MaxDegreeOfParallelism = 2 });
        Assert.Equal(grid.Count, one.Length);
        for (int i = 0; i < one.Length; i++)
        {
            Assert.Equal(grid[i], one[i].Point);
            Assert.Equal(one[i].Log10Errors, two[i].Log10Errors);
            Assert.Equal(one[i].DeltaNorm, two[i].DeltaNorm);
            Assert.Equal(one[i].Varrho, two[i].Varrho);
        }
    }

    [Fact]
    public void A_single_claim_into_an_existing_report_updates_its_section_and_keeps_the_others()
    {
        using var dir = new CliRunner.TempDir();
        Assert.Equal(ExitCodes.Ok, CliRunner.Run("reproduce", "nsp", "--quick", "--out", dir.Path).ExitCode);
        Assert.Equal(ExitCodes.Ok, CliRunner.Run("reproduce", "tightness", "--quick", "--out", dir.Path).ExitCode);
        string html = File.ReadAllText(Path.Combine(dir.Path, "index.html"));
        Assert.Contains("<section id=\"nsp\">", html, StringComparison.Ordinal);
        Assert.Contains("<section id=\"tightness\">", html, StringComparison.Ordinal);
        Assert.True(html.IndexOf("id=\"tightness\"", StringComparison.Ordinal) < html.IndexOf("id=\"nsp\"", StringComparison.Ordinal), "report order is the claims' order");
        Assert.Equal(ExitCodes.Ok, CliRunner.Run("reproduce", "nsp", "--quick", "--out", dir.Path).ExitCode);
        string again = File.ReadAllText(Path.Combine(dir.Path, "index.html"));
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(again, "<section id=\"nsp\">"));
        Assert.Contains("<section id=\"tightness\">", again, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_labels_appear_once_per_statement_and_details_use_lower_case_booleans()
    {
        string html = File.ReadAllText(Path.Combine(run.Root, "index.html"));
        Assert.DoesNotContain("[reconstructed]</span> [reconstructed]", html, StringComparison.Ordinal);
        Assert.DoesNotContain("[paper]</span> [paper]", html, StringComparison.Ordinal);
        Assert.DoesNotContain("= True", html, StringComparison.Ordinal);
        Assert.DoesNotContain("= False", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Sweep_backed_claims_resume_from_their_database_with_identical_numbers()
    {
        using var dir = new CliRunner.TempDir();
        var (code, _, _) = CliRunner.Run("reproduce", "depth", "--quick", "--out", dir.Path);
        Assert.Equal(ExitCodes.Ok, code);
        string db = Path.Combine(dir.Path, "depth", "sweep.db");
        Assert.True(File.Exists(db));
        Assert.True(File.Exists(Path.Combine(dir.Path, "depth", "sweep.json")));
        string first = File.ReadAllText(Path.Combine(dir.Path, "depth", "errors.csv"));
        using (var database = ImplicitL1.Sweeps.SweepDatabase.OpenExisting(db))
        {
            Assert.Equal(3 * 4 * 15, database.Count); // 3 seeds × 4 depths × 15 α, one row each
        }

        var (again, _, _) = CliRunner.Run("reproduce", "depth", "--quick", "--out", dir.Path);
        Assert.Equal(ExitCodes.Ok, again);
        Assert.Equal(first, File.ReadAllText(Path.Combine(dir.Path, "depth", "errors.csv")));
        using (var database = ImplicitL1.Sweeps.SweepDatabase.OpenExisting(db))
        {
            Assert.Equal(3 * 4 * 15, database.Count);
        }
    }

    [Fact]
    public void Asymptotic_d2_rows_do_not_depend_on_the_thread_count()
    {
        var grid = RateD2Claim.Grid(quick: true);
        var one = SweepRunner.Map(grid, RateD2Claim.Evaluate, new SweepRunOptions { MaxDegreeOfParallelism = 1 });
        var two = SweepRunner.Map(grid, RateD2Claim.Evaluate, new SweepRunOptions { MaxDegreeOfParallelism = 2 });
        for (int i = 0; i < one.Length; i++)
        {
            Assert.Equal(one[i].Log10Alphas, two[i].Log10Alphas);
            Assert.Equal(one[i].Log10Errors, two[i].Log10Errors);
        }
    }

    [Fact]
    public void Single_claim_writes_only_its_folder_and_a_report()
    {
        using var dir = new CliRunner.TempDir();
        var (code, text, err) = CliRunner.Run("reproduce", "tightness", "--quick", "--out", dir.Path);
        Assert.True(code == ExitCodes.Ok, err);
        Assert.Equal(new[] { "index.html", "tightness" }, Directory.GetFileSystemEntries(dir.Path).Select(p => Path.GetFileName(p)!).Order().ToArray());
        Assert.Contains("tightness", text, StringComparison.Ordinal);
    }
}
