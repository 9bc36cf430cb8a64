using System.Text;

namespace Easel.Imaging;

/// <summary>
/// Process- and platform-stable hashing (FNV-1a 64 + SplitMix64), unlike <see cref="string.GetHashCode()"/>.
/// Also a tiny deterministic random stream seeded from the hash.
/// </summary>
internal struct StableHash
{
    private ulong state;

    public StableHash(string text, long seed)
    {
        var hash = 0xCBF29CE484222325UL;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 0x100000001B3UL;
        }

        state = Mix(hash ^ Mix((ulong)seed));
    }

    /// <summary>Next 64 pseudo-random bits (SplitMix64).</summary>
    public ulong NextUInt64()
    {
        state += 0x9E3779B97F4A7C15UL;
        return Mix(state);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [min, max).</summary>
    public double Range(double min, double max) => min + (max - min) * NextDouble();

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
