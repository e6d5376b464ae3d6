namespace ImplicitL1.Problems;

/// <summary>
/// xoshiro256** seeded by SplitMix64 (Blackman &amp; Vigna): the same seed gives the same stream on every platform and
/// .NET version, unlike System.Random. Normal deviates by Box–Muller.
/// </summary>
public sealed class SeededRandom
{
    private ulong _s0, _s1, _s2, _s3;
    private double _spare = double.NaN;

    /// <summary>Creates the stream for <paramref name="seed"/>.</summary>
    public SeededRandom(long seed)
    {
        ulong x = unchecked((ulong)seed);
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    /// <summary>Next 64 random bits.</summary>
    public ulong NextULong()
    {
        ulong result = RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform on [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, n) (rejection sampling, no modulo bias).</summary>
    public int NextInt(int n)
    {
        if (n <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, "Must be greater than zero.");
        }

        ulong limit = ulong.MaxValue - (ulong.MaxValue % (ulong)n);
        ulong r;
        do
        {
            r = NextULong();
        }
        while (r >= limit);
        return (int)(r % (ulong)n);
    }

    /// <summary>Standard normal deviate (Box–Muller, pairs cached).</summary>
    public double NextGaussian()
    {
        if (!double.IsNaN(_spare))
        {
            double s = _spare;
            _spare = double.NaN;
            return s;
        }

        double u1 = 1.0 - NextDouble(); // (0, 1]
        double u2 = NextDouble();
        double radius = Math.Sqrt(-2.0 * Math.Log(u1));
        _spare = radius * Math.Sin(2.0 * Math.PI * u2);
        return radius * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>±1 with probability ½ each.</summary>
    public double NextSign() => (NextULong() >> 63) == 0 ? 1.0 : -1.0;

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
