using System.Runtime.InteropServices;

namespace Pipeline.Method.Imaging;

/// <summary>
/// The parts of libjpeg-turbo's TurboJPEG API (Debian: libturbojpeg0) that <see cref="Jpeg"/> uses: the 2.x
/// functions, which libjpeg-turbo 3.x still exports. Functions return 0 on success and −1 on an error or warning.
/// </summary>
internal static unsafe partial class TurboJpeg
{
    static TurboJpeg() => CodecLibraries.EnsureRegistered();

    // The runtime library's soname, so that only libturbojpeg0 (not the -dev package) needs to be installed.
    private const string Lib = "libturbojpeg.so.0";

    internal const int PixelFormatRgb = 0;   // TJPF_RGB
    internal const int Subsampling444 = 0;   // TJSAMP_444
    internal const int FlagAccurateDct = 4096;
    internal const int FlagStopOnWarning = 8192;

    [LibraryImport(Lib, EntryPoint = "tjInitCompress")] internal static partial IntPtr InitCompress();
    [LibraryImport(Lib, EntryPoint = "tjInitDecompress")] internal static partial IntPtr InitDecompress();
    [LibraryImport(Lib, EntryPoint = "tjDestroy")] internal static partial int Destroy(IntPtr handle);
    [LibraryImport(Lib, EntryPoint = "tjFree")] internal static partial void Free(byte* buffer);
    [LibraryImport(Lib, EntryPoint = "tjGetErrorStr2")] internal static partial IntPtr ErrorText(IntPtr handle);

    [LibraryImport(Lib, EntryPoint = "tjDecompressHeader3")]
    internal static partial int DecompressHeader(IntPtr handle, byte* jpeg, CULong size, out int width, out int height, out int subsampling, out int colorspace);

    [LibraryImport(Lib, EntryPoint = "tjDecompress2")]
    internal static partial int Decompress(IntPtr handle, byte* jpeg, CULong size, byte* pixels, int width, int pitch, int height, int pixelFormat, int flags);

    [LibraryImport(Lib, EntryPoint = "tjCompress2")]
    internal static partial int Compress(IntPtr handle, byte* pixels, int width, int pitch, int height, int pixelFormat,
                                         ref byte* jpeg, ref CULong size, int subsampling, int quality, int flags);

    internal static string Describe(IntPtr handle) => Marshal.PtrToStringUTF8(ErrorText(handle)) ?? "unknown TurboJPEG error";
}
