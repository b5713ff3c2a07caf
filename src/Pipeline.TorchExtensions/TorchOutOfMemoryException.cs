using System.Runtime.InteropServices;

namespace Pipeline.TorchExtensions;

/// <summary>
/// libtorch ran out of device or host memory. TorchSharp reports every libtorch error as an
/// <see cref="ExternalException"/> carrying libtorch's message; this type tells out-of-memory apart, because the
/// retry rule differs (a smaller micro-batch instead of a plain retry).
/// </summary>
public sealed class TorchOutOfMemoryException(string message, Exception inner) : Exception(message, inner)
{
    // CUDA's caching allocator says "CUDA out of memory"; the CPU allocator "not enough memory" or "can't allocate memory".
    private static readonly string[] Markers = ["out of memory", "not enough memory", "can't allocate memory"];

    public static bool IsOutOfMemory(Exception e) =>
        e is TorchOutOfMemoryException || (e is ExternalException && Markers.Any(m => e.Message.Contains(m, StringComparison.OrdinalIgnoreCase)));

    /// <summary>Runs the action, turning libtorch's out-of-memory error into this exception; other errors pass unchanged.</summary>
    public static T Translate<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (ExternalException e) when (IsOutOfMemory(e))
        {
            throw new TorchOutOfMemoryException(TorchErrors.FirstLine(e), e);
        }
    }
}
