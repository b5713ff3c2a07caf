using System.Runtime.InteropServices;

namespace Pipeline.Torch.Native;

/// <summary>Turns a bridge status into a typed exception carrying libtorch's message.</summary>
internal static class Status
{
    private const int OutOfMemory = 2;

    public static void Check(int status)
    {
        if (status == 0) return;
        var message = Marshal.PtrToStringUTF8(NativeMethods.pt_last_error()) ?? "(no message)";
        throw status == OutOfMemory ? new TorchOutOfMemoryException(message) : new TorchException(message);
    }

    public static unsafe string ReadText(Func<IntPtr, int, int> fill, int capacity = 4096)
    {
        var buffer = new byte[capacity];
        fixed (byte* p = buffer)
        {
            Check(fill((IntPtr)p, capacity));
            return Marshal.PtrToStringUTF8((IntPtr)p) ?? "";
        }
    }
}
