namespace Pipeline.Method.Tests;

/// <summary>
/// A reference Mersenne Twister (MT19937, 32-bit outputs, seeded with the low 32 bits) and the Fisher–Yates
/// loop of PyTorch's CPU randperm, z = random() % (n − i), written from their published definitions so that
/// the keys can be checked without PyTorch.
/// </summary>
internal sealed class Mt19937
{
    private readonly uint[] state = new uint[624];
    private int next = 624;

    public Mt19937(ulong seed)
    {
        state[0] = (uint)seed;
        for (var i = 1; i < 624; i++) state[i] = 1812433253u * (state[i - 1] ^ (state[i - 1] >> 30)) + (uint)i;
    }

    public uint Next()
    {
        if (next >= 624)
        {
            for (var k = 0; k < 624; k++)
            {
                var y = (state[k] & 0x80000000u) | (state[(k + 1) % 624] & 0x7fffffffu);
                state[k] = state[(k + 397) % 624] ^ (y >> 1) ^ ((y & 1) != 0 ? 0x9908b0dfu : 0u);
            }
            next = 0;
        }
        var x = state[next++];
        x ^= x >> 11;
        x ^= (x << 7) & 0x9d2c5680u;
        x ^= (x << 15) & 0xefc60000u;
        x ^= x >> 18;
        return x;
    }

    public static long[] RandPerm(ulong seed, int n)
    {
        var generator = new Mt19937(seed);
        var r = new long[n];
        for (var i = 0; i < n; i++) r[i] = i;
        for (var i = 0; i < n - 1; i++)
        {
            var z = generator.Next() % (uint)(n - i);
            (r[i], r[z + i]) = (r[z + i], r[i]);
        }
        return r;
    }
}
