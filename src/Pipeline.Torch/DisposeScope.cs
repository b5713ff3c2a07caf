namespace Pipeline.Torch;

/// <summary>
/// Collects every tensor created on this thread while it is the innermost scope and frees them when the
/// scope is disposed, so a training step's temporaries never wait for the garbage collector.
/// Scopes nest per thread; a result that must outlive the step is moved out with MoveToOuterDisposeScope.
/// </summary>
public sealed class DisposeScope : IDisposable
{
    [ThreadStatic] private static DisposeScope? current;

    private readonly HashSet<Tensor> tensors = new(ReferenceEqualityComparer.Instance);
    private readonly DisposeScope? outer;
    private bool disposed;

    internal DisposeScope()
    {
        outer = current;
        current = this;
    }

    internal static DisposeScope? Current => current;

    public int Count => tensors.Count;

    internal void Register(Tensor t) => tensors.Add(t);

    internal bool Remove(Tensor t) => tensors.Remove(t);

    internal DisposeScope? Outer => outer;

    public void Dispose()
    {
        if (disposed) return;
        // Checked before marking this scope disposed, so a corrected retry still frees its tensors and stops being current.
        if (!ReferenceEquals(current, this))
            throw new InvalidOperationException("dispose scopes must be disposed innermost first, on the thread that made them");
        disposed = true;
        current = outer;
        foreach (var t in tensors) t.DisposeFromScope();
        tensors.Clear();
    }
}
