using System.Globalization;
using Microsoft.Data.Sqlite;

namespace ImplicitL1.Sweeps;

/// <summary>
/// SQLite store of a sweep: table <c>meta(name, value)</c> holds format, spec_hash and spec_text; table
/// <c>results</c> one row per point, primary key = point key. WAL journal with synchronous=NORMAL: every committed
/// row survives the process being killed, so a rerun skips exactly the committed points. Not thread-safe: one
/// writer; <see cref="SweepRunner"/> serializes its inserts.
/// </summary>
public sealed class SweepDatabase : IDisposable
{
    /// <summary>Schema version stored in meta.format.</summary>
    public const string Format = "implicit-l1-sweep-1";

    private const int SqliteNotADb = 26;
    private const int SqliteCorrupt = 11;
    private const int SqliteCantOpen = 14;
    private const int SqliteReadOnly = 8;
    private const int SqlitePerm = 3;

    private readonly SqliteConnection _connection;

    private SweepDatabase(string path, SqliteConnection connection, string specHash, string specText)
    {
        Path = path;
        _connection = connection;
        SpecHash = specHash;
        SpecText = specText;
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>Hash of the spec that made this database (<see cref="SweepSpec.Hash"/>).</summary>
    public string SpecHash { get; }

    /// <summary>The text of that spec.</summary>
    public string SpecText { get; }

    /// <summary>
    /// Opens <paramref name="path"/> for <paramref name="spec"/>, creating it (and its tables) when it does not exist.
    /// </summary>
    /// <exception cref="SweepDatabaseException">Not SQLite, corrupt, another program's database, another spec's
    /// database, or not writable.</exception>
    public static SweepDatabase OpenOrCreate(string path, SweepSpec spec)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(spec);
        bool exists = File.Exists(path) && new FileInfo(path).Length > 0;
        if (!exists)
        {
            var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
            if (!Directory.Exists(folder))
            {
                throw new SweepDatabaseException(SweepDatabaseError.Unwritable, path,
                    $"cannot create the database: the folder {folder} does not exist (or is not a folder).");
            }
        }

        var connection = Connect(path, SqliteOpenMode.ReadWriteCreate);
        try
        {
            (string Hash, string Text)? meta = null;
            if (exists)
            {
                Guard(path, () =>
                {
                    Execute(connection, "PRAGMA busy_timeout=10000;");
                    CheckIntegrity(connection, path);
                });
                bool anyTable = Guard(path, () => Convert.ToInt64(Scalar(connection,
                    "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'"), CultureInfo.InvariantCulture) > 0);
                meta = anyTable ? ReadMeta(connection, path, requireSweep: true) : null;
            }

            // busy_timeout first: a second process creating the same file waits for the first one's lock.
            Guard(path, () => Execute(connection, "PRAGMA busy_timeout=10000; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"));
            if (meta is null)
            {
                // Creation is one IMMEDIATE transaction (the write lock is taken before the tables are looked at):
                // of two concurrent starts one creates, the other waits and then finds (and checks) its tables.
                bool created = Guard(path, () =>
                {
                    using var tx = connection.BeginTransaction(deferred: false);
                    if (HasTable(connection, tx, "meta"))
                    {
                        tx.Commit();
                        return false;
                    }

                    Execute(connection, tx, """
                        CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
                        CREATE TABLE results (
                            key TEXT PRIMARY KEY, idx INTEGER NOT NULL, bp_status TEXT NOT NULL, varrho REAL,
                            status TEXT NOT NULL, message TEXT NOT NULL, error_to_l1 REAL, error_to_xstar REAL,
                            error_to_limit REAL, iterations INTEGER NOT NULL, residual REAL, elapsed_s REAL NOT NULL);
                        """);
                    InsertMeta(connection, tx, "format", Format);
                    InsertMeta(connection, tx, "spec_hash", spec.Hash);
                    InsertMeta(connection, tx, "spec_text", spec.Text);
                    InsertMeta(connection, tx, "spec_file", spec.FileName);
                    tx.Commit();
                    return true;
                });
                meta = created ? (spec.Hash, spec.Text) : ReadMeta(connection, path, requireSweep: true);
            }

            if (meta!.Value.Hash != spec.Hash)
            {
                throw new SweepDatabaseException(SweepDatabaseError.SpecMismatch, path,
                    $"was made by a different spec (grid hash {meta.Value.Hash[..12]}…, this spec {spec.Hash[..12]}…); use a new database file or the original spec.");
            }

            return new SweepDatabase(path, connection, meta.Value.Hash, meta.Value.Text);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Opens an existing sweep database (export, merge input) and checks it.</summary>
    /// <exception cref="SweepDatabaseException">Missing, not SQLite, corrupt or not a sweep database.</exception>
    public static SweepDatabase OpenExisting(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new SweepDatabaseException(SweepDatabaseError.Missing, path, "does not exist.");
        }

        if (new FileInfo(path).Length == 0)
        {
            throw new SweepDatabaseException(SweepDatabaseError.Corrupt, path, "is empty: not a sweep database.");
        }

        var connection = Connect(path, SqliteOpenMode.ReadWrite);
        try
        {
            Guard(path, () =>
            {
                Execute(connection, "PRAGMA busy_timeout=10000;");
                CheckIntegrity(connection, path);
            });
            var meta = ReadMeta(connection, path, requireSweep: true)!;
            return new SweepDatabase(path, connection, meta.Value.Hash, meta.Value.Text);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Number of stored rows.</summary>
    public int Count => Guard(Path, () => Convert.ToInt32(Scalar(_connection, "SELECT COUNT(*) FROM results"), CultureInfo.InvariantCulture));

    /// <summary>Keys of the stored rows.</summary>
    public HashSet<string> CompletedKeys() => Guard(Path, () =>
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT key FROM results";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    });

    /// <summary>Stores rows in one transaction; a key already present is kept (returns how many were new).</summary>
    public int Insert(IReadOnlyList<SweepRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return Guard(Path, () =>
        {
            using var tx = _connection.BeginTransaction();
            using var command = _connection.CreateCommand();
            command.Transaction = tx;
            command.CommandText = """
                INSERT OR IGNORE INTO results (key, idx, bp_status, varrho, status, message, error_to_l1, error_to_xstar,
                    error_to_limit, iterations, residual, elapsed_s)
                VALUES ($key, $idx, $bp, $varrho, $status, $message, $el1, $exs, $elim, $it, $res, $el)
                """;
            int added = 0;
            foreach (var row in rows)
            {
                command.Parameters.Clear();
                command.Parameters.AddWithValue("$key", row.Key);
                command.Parameters.AddWithValue("$idx", row.Index);
                command.Parameters.AddWithValue("$bp", row.BpStatus);
                command.Parameters.AddWithValue("$varrho", Db(row.Varrho));
                command.Parameters.AddWithValue("$status", row.Status);
                command.Parameters.AddWithValue("$message", row.Message);
                command.Parameters.AddWithValue("$el1", Db(row.ErrorToL1));
                command.Parameters.AddWithValue("$exs", Db(row.ErrorToXStar));
                command.Parameters.AddWithValue("$elim", Db(row.ErrorToLimit));
                command.Parameters.AddWithValue("$it", row.Iterations);
                command.Parameters.AddWithValue("$res", Db(row.Residual));
                command.Parameters.AddWithValue("$el", row.ElapsedSeconds);
                added += command.ExecuteNonQuery();
            }

            tx.Commit();
            return added;
        });
    }

    /// <summary>All rows, sorted by key (ordinal).</summary>
    public List<SweepRow> ReadRows() => Guard(Path, () =>
    {
        var rows = new List<SweepRow>();
        using var command = _connection.CreateCommand();
        command.CommandText = """
            SELECT key, idx, bp_status, varrho, status, message, error_to_l1, error_to_xstar, error_to_limit, iterations,
                residual, elapsed_s FROM results
            """;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(new SweepRow
            {
                Key = reader.GetString(0),
                Index = reader.GetInt32(1),
                BpStatus = reader.GetString(2),
                Varrho = Nullable(reader, 3),
                Status = reader.GetString(4),
                Message = reader.GetString(5),
                ErrorToL1 = Nullable(reader, 6),
                ErrorToXStar = Nullable(reader, 7),
                ErrorToLimit = Nullable(reader, 8),
                Iterations = reader.GetInt64(9),
                Residual = Nullable(reader, 10),
                ElapsedSeconds = reader.GetDouble(11),
            });
        }

        rows.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return rows;
    });

    /// <summary>Closes the file (the WAL is checkpointed and removed by SQLite).</summary>
    public void Dispose() => _connection.Dispose();

    private static SqliteConnection Connect(string path, SqliteOpenMode mode)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = mode,
            Pooling = false,
        }.ToString());
        Guard(path, connection.Open);
        return connection;
    }

    private static void CheckIntegrity(SqliteConnection connection, string path)
    {
        var result = Scalar(connection, "PRAGMA quick_check") as string;
        if (result != "ok")
        {
            throw new SweepDatabaseException(SweepDatabaseError.Corrupt, path, $"is corrupt (SQLite quick_check: {result}).");
        }
    }

    private static (string Hash, string Text)? ReadMeta(SqliteConnection connection, string path, bool requireSweep)
    {
        return Guard(path, () =>
        {
            if (!HasTable(connection, "meta") || !HasTable(connection, "results"))
            {
                return requireSweep ? throw NotASweep(path) : ((string, string)?)null;
            }

            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT name, value FROM meta";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    values[reader.GetString(0)] = reader.GetString(1);
                }
            }

            if (values.Count == 0 && !requireSweep)
            {
                return null;
            }

            if (!values.TryGetValue("format", out var format) || format != Format
                || !values.TryGetValue("spec_hash", out var hash) || !values.TryGetValue("spec_text", out var text))
            {
                throw NotASweep(path);
            }

            return (hash, text);
        });
    }

    private static SweepDatabaseException NotASweep(string path) => new(SweepDatabaseError.NotASweep, path,
        $"is an SQLite database but not a sweep database (meta.format ≠ {Format}).");

    private static bool HasTable(SqliteConnection connection, string name) => HasTable(connection, null, name);

    private static bool HasTable(SqliteConnection connection, SqliteTransaction? tx, string name)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = $name";
        command.Parameters.AddWithValue("$name", name);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) > 0;
    }

    private static void InsertMeta(SqliteConnection connection, SqliteTransaction tx, string name, string value)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = "INSERT INTO meta (name, value) VALUES ($name, $value)";
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$value", value);
        command.ExecuteNonQuery();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction tx, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static object Db(double? value) => value is double v ? v : DBNull.Value;

    private static double? Nullable(SqliteDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetDouble(column);

    private static void Guard(string path, Action action) => Guard<object?>(path, () =>
    {
        action();
        return null;
    });

    /// <summary>Runs SQLite work, turning SQLite's error codes into <see cref="SweepDatabaseException"/>.</summary>
    private static T Guard<T>(string path, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (SqliteException e) when (e.SqliteErrorCode is SqliteNotADb or SqliteCorrupt)
        {
            throw new SweepDatabaseException(SweepDatabaseError.Corrupt, path,
                $"is not an SQLite database or is corrupt (SQLite: {e.Message.TrimEnd('.')}).", e);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is SqliteCantOpen or SqliteReadOnly or SqlitePerm)
        {
            throw new SweepDatabaseException(SweepDatabaseError.Unwritable, path,
                $"cannot be opened for writing (SQLite: {e.Message.TrimEnd('.')}).", e);
        }
    }
}
