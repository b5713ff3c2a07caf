using Pipeline.TorchExtensions;
using static TorchSharp.torch;

namespace Pipeline.Method.Training;

/// <summary>
/// Every batch reseeds libtorch's generators from (seed, epoch, batch), and so does every epoch's shuffle, so a run
/// resumed from any checkpoint draws the same shuffles, crops and dropout masks as an uninterrupted one.
/// </summary>
internal static class BatchSeeds
{
    /// <summary>The epoch's order of the training images.</summary>
    public static long[] Shuffle(int seed, int count, int epoch)
    {
        Reseed(seed, epoch, -1);
        using var order = randperm(count);
        return order.ToArray<long>();
    }

    /// <summary>Seeds libtorch's generators for the batch and returns the seed (for the batch's augmentation).</summary>
    public static ulong Reseed(int seed, int epoch, int batch)
    {
        // A fixed mix (not HashCode, which is randomised per process) so seeds are the same in every run.
        var z = (ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)(epoch + 1) * 0xBF58476D1CE4E5B9UL + (ulong)(batch + 2) * 0x94D049BB133111EBUL;
        z = (z ^ (z >> 31)) & 0x7fffffffffffffffUL;
        Seeding.ManualSeedAll((long)z);
        return z;
    }
}
