using static TorchSharp.torch;

namespace Pipeline.Method.Training;

/// <summary>Copies of a model's buffers (batch norm's running statistics), put back by <see cref="Restore"/>.</summary>
internal sealed class BufferSnapshot : IDisposable
{
    private readonly List<(Tensor Live, Tensor Saved)> buffers;

    public BufferSnapshot(nn.Module model)
    {
        using var noGrad = no_grad();
        buffers = model.buffers().Select(b => (b, b.clone().DetachFromDisposeScope())).ToList();
    }

    public void Restore()
    {
        using var noGrad = no_grad();
        foreach (var (live, saved) in buffers) live.copy_(saved);
    }

    public void Dispose()
    {
        foreach (var (_, saved) in buffers) saved.Dispose();
    }
}
