using System.Reflection;
using System.Runtime.InteropServices;

namespace Pipeline.Method.Imaging;

/// <summary>
/// The codecs are imported by their Linux names (libspng.so.0, libturbojpeg.so.0, as Debian installs them);
/// elsewhere the same libraries carry other names (spng.dll and turbojpeg.dll on Windows, .dylib on macOS).
/// </summary>
internal static class CodecLibraries
{
    private static readonly Dictionary<string, string[]> Alternatives = new()
    {
        ["libspng.so.0"] = ["spng", "libspng", "libspng.so"],
        ["libturbojpeg.so.0"] = ["turbojpeg", "libturbojpeg", "libturbojpeg.so"],
    };

    private static int registered;

    /// <summary>Installs the resolver once for this assembly; the codec classes call it before their first import.</summary>
    internal static void EnsureRegistered()
    {
        if (Interlocked.Exchange(ref registered, 1) == 0)
            NativeLibrary.SetDllImportResolver(typeof(CodecLibraries).Assembly, Resolve);
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        if (NativeLibrary.TryLoad(name, assembly, path, out var handle)) return handle;
        foreach (var alternative in Alternatives.GetValueOrDefault(name, []))
            if (NativeLibrary.TryLoad(alternative, assembly, path, out handle)) return handle;
        return IntPtr.Zero;
    }
}
