namespace Pipeline.Torch;

/// <summary>An error raised inside libtorch (shape mismatch, bad argument, device failure), with its text.</summary>
public class TorchException : Exception
{
    public TorchException(string message) : base(message) { }
}

/// <summary>The device (or host) ran out of memory; callers may retry with a smaller batch.</summary>
public sealed class TorchOutOfMemoryException : TorchException
{
    public TorchOutOfMemoryException(string message) : base(message) { }
}
