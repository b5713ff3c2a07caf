using Pipeline.Torch.Native;

namespace Pipeline.Torch;

/// <summary>
/// A private CPU random generator (torch.Generator().manual_seed(seed)): draws the same stream as the default
/// generator after torch.manual_seed(seed), without changing the default generator's state.
/// </summary>
public sealed class Generator : IDisposable
{
    private IntPtr handle;

    public Generator(ulong seed)
    {
        Status.Check(NativeMethods.pt_generator_new_cpu(seed, out handle));
    }

    internal IntPtr Handle => handle != IntPtr.Zero ? handle : throw new ObjectDisposedException(nameof(Generator));

    public void Dispose()
    {
        if (handle == IntPtr.Zero) return;
        NativeMethods.pt_generator_free(handle);
        handle = IntPtr.Zero;
    }
}
