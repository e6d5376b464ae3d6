using System.Text.Json;
using ImplicitL1.Sweeps;

namespace ImplicitL1.Cli.Reproduce;

/// <summary>
/// Runs a claim's grid on the sweep engine: DIR/&lt;claim&gt;/sweep.json (the spec) and DIR/&lt;claim&gt;/sweep.db (SQLite,
/// one row per finished point), so an interrupted <c>reproduce</c> resumes where it stopped and the same grid can be
/// sharded with <c>implicit-l1 sweep</c>. A database left by a different spec (e.g. --quick vs default) is replaced.
/// </summary>
public static class SweepGrid
{
    /// <summary>Evaluates every point of the spec (skipping stored ones) and returns (point, row) in grid order.</summary>
    public static IReadOnlyList<(SweepPoint Point, SweepRow Row)> Run(ClaimOutput output, object spec, int? maxThreads = null)
    {
        string text = JsonSerializer.Serialize(spec, new JsonSerializerOptions { WriteIndented = true });
        string specPath = Path.Combine(output.Directory, "sweep.json");
        File.WriteAllText(specPath, text + "\n");
        var parsed = SweepSpec.Parse(text, specPath);
        string dbPath = Path.Combine(output.Directory, "sweep.db");
        SweepDatabase database;
        try
        {
            database = SweepDatabase.OpenOrCreate(dbPath, parsed);
        }
        catch (SweepDatabaseException e) when (e.Error == SweepDatabaseError.SpecMismatch)
        {
            foreach (string suffix in new[] { string.Empty, "-wal", "-shm" })
            {
                File.Delete(dbPath + suffix);
            }

            database = SweepDatabase.OpenOrCreate(dbPath, parsed);
        }

        using (database)
        {
            SweepRunner.Run(parsed, database, new SweepRunOptions { MaxDegreeOfParallelism = maxThreads });
            var byKey = database.ReadRows().ToDictionary(r => r.Key);
            return [.. parsed.Points.Select(p => (p, byKey[p.Key]))];
        }
    }
}
