using System.Runtime.InteropServices;

namespace Pipeline.TorchExtensions;

/// <summary>
/// What native code writes to the process's standard error (file descriptor 2) while an action runs, captured through a
/// pipe: libtorch's C++ side writes there directly, past .NET's Console. Linux only; elsewhere the action just runs.
/// </summary>
public static partial class NativeStandardError
{
    private const int StandardError = 2;

    /// <summary>Runs the action with fd 2 captured and returns what was written to it; fd 2 is restored whatever happens.</summary>
    public static string Capture(Action action)
    {
        if (!OperatingSystem.IsLinux())
        {
            action();
            return "";
        }
        Span<int> ends = stackalloc int[2];
        if (pipe(ends) != 0)
        {
            action();
            return "";
        }
        var (read, write) = (ends[0], ends[1]);
        var saved = dup(StandardError);
        // Read while the action writes, so that a long message cannot fill the pipe and block it.
        var reader = Task.Run(() =>
        {
            using var stream = new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(read, ownsHandle: true), FileAccess.Read);
            using var text = new StreamReader(stream);
            return text.ReadToEnd();
        });
        try
        {
            dup2(write, StandardError);
            action();
        }
        finally
        {
            dup2(saved, StandardError);
            close(saved);
            close(write);
        }
        return reader.Result;
    }

    /// <summary>Writes text to fd 2 as native code does (for tests of <see cref="Capture"/>).</summary>
    public static void WriteNative(string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        _ = write(StandardError, bytes, bytes.Length);
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int pipe(Span<int> ends);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int dup(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int dup2(int fd, int target);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint write(int fd, byte[] buffer, nint count);
}
