using System.Runtime.InteropServices;
using Pipeline.TorchExtensions;

namespace Pipeline.Method.Training;

/// <summary>
/// accumulate: auto's search: the largest number of images per pass, from the whole batch down by halving (so it
/// divides the batch as a power-of-two share), whose trial runs without running out of device memory. Any other error
/// ends the search, as does running out of memory at one image per pass.
/// </summary>
public static class MicroBatchSearch
{
    public static int Largest(int start, Action<int> trial)
    {
        for (var size = Math.Max(1, start); ; size /= 2)
        {
            try
            {
                trial(size);
                return size;
            }
            catch (ExternalException e) when (TorchOutOfMemoryException.IsOutOfMemory(e) && size > 1)
            {
            }
        }
    }
}
