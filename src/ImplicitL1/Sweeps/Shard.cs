using System.Globalization;

namespace ImplicitL1.Sweeps;

/// <summary>
/// Shard i of n: the points whose grid index ≡ i (mod n), round-robin so that expensive regions of the grid (the
/// innermost keys vary fastest) spread evenly. The union of shards 0..n−1 is the whole grid, each point exactly once.
/// </summary>
public readonly record struct Shard
{
    /// <summary>Shard <paramref name="index"/> of <paramref name="count"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">count &lt; 1 or index outside [0, count).</exception>
    public Shard(int index, int count)
    {
        if (count < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"Shard count must be ≥ 1 (got {count}).");
        }

        if (index < 0 || index >= count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index,
                $"Shard index {index} is outside 0..{count - 1} (shard i/n needs 0 ≤ i < n).");
        }

        Index = index;
        Count = count;
    }

    /// <summary>The whole grid (shard 0/1).</summary>
    public static Shard All => new(0, 1);

    public int Index { get; }

    public int Count { get; }

    /// <summary>True when the point with grid index <paramref name="pointIndex"/> belongs to this shard.</summary>
    public bool Contains(int pointIndex) => pointIndex % Count == Index;

    /// <summary>Parses "i/n" (0-based i).</summary>
    /// <exception cref="ArgumentException">Not of the form i/n, or i outside [0, n).</exception>
    public static Shard Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int index)
            || !int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int count))
        {
            throw new ArgumentException($"Shard '{text}' is not of the form i/n (e.g. 0/4).", nameof(text));
        }

        return new Shard(index, count);
    }

    /// <summary>
    /// The shard from a batch scheduler's environment: SLURM job arrays (index SLURM_ARRAY_TASK_ID −
    /// SLURM_ARRAY_TASK_MIN, count SLURM_ARRAY_TASK_COUNT, or <paramref name="count"/> when given), else a Kubernetes
    /// indexed Job (JOB_COMPLETION_INDEX, with <paramref name="count"/> required). Null when neither is set.
    /// </summary>
    /// <exception cref="ArgumentException">A variable is not an integer, the count is missing, or the index is out of range.</exception>
    public static Shard? FromEnvironment(Func<string, string?> environment, int? count = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment("SLURM_ARRAY_TASK_ID") is string slurmId)
        {
            int id = Integer(environment, "SLURM_ARRAY_TASK_ID", slurmId);
            int min = environment("SLURM_ARRAY_TASK_MIN") is string minText ? Integer(environment, "SLURM_ARRAY_TASK_MIN", minText) : 0;
            int total = count ?? (environment("SLURM_ARRAY_TASK_COUNT") is string countText
                ? Integer(environment, "SLURM_ARRAY_TASK_COUNT", countText)
                : throw new ArgumentException("SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not; give the shard count.", nameof(count)));
            return new Shard(id - min, total);
        }

        if (environment("JOB_COMPLETION_INDEX") is string jobIndex)
        {
            int id = Integer(environment, "JOB_COMPLETION_INDEX", jobIndex);
            return count is int n
                ? new Shard(id, n)
                : throw new ArgumentException("JOB_COMPLETION_INDEX is set; the shard count must be given as well (--shard-count).", nameof(count));
        }

        return count is null ? null : throw new ArgumentException(
            "A shard count was given but neither SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX is set; use --shard i/n.", nameof(count));
    }

    /// <summary>"i/n".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");

    private static int Integer(Func<string, string?> environment, string name, string text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw new ArgumentException($"{name}='{text}' is not an integer.", nameof(environment));
}
