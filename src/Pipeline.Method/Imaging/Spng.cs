using System.Runtime.InteropServices;

namespace Pipeline.Method.Imaging;

/// <summary>The parts of libspng (Debian: libspng0) that <see cref="Png"/> uses. Every int return is an spng error code.</summary>
internal static unsafe partial class Spng
{
    static Spng() => CodecLibraries.EnsureRegistered();

    // The runtime library's soname, so that only libspng0 (not libspng-dev) needs to be installed.
    private const string Lib = "libspng.so.0";

    internal const int CtxEncoder = 2;
    internal const int FormatRgb8 = 4;
    internal const int FormatPng = 256;
    internal const int EncodeFinalize = 2;
    internal const int OptionEncodeToBuffer = 12;
    internal const byte ColorGray = 0;
    internal const byte ColorRgb = 2;
    internal const byte ColorIndexed = 3;

    [StructLayout(LayoutKind.Sequential)]
    internal struct Header
    {
        public uint Width;
        public uint Height;
        public byte BitDepth;
        public byte ColorType;
        public byte CompressionMethod;
        public byte FilterMethod;
        public byte InterlaceMethod;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct Palette
    {
        public uint Count;
        // 256 entries of red, green, blue and a reserved byte.
        public fixed byte Entries[256 * 4];
    }

    [LibraryImport(Lib, EntryPoint = "spng_ctx_new")] internal static partial IntPtr ContextNew(int flags);
    [LibraryImport(Lib, EntryPoint = "spng_ctx_free")] internal static partial void ContextFree(IntPtr ctx);
    [LibraryImport(Lib, EntryPoint = "spng_set_png_buffer")] internal static partial int SetPngBuffer(IntPtr ctx, byte* buffer, nuint size);
    [LibraryImport(Lib, EntryPoint = "spng_get_png_buffer")] internal static partial IntPtr GetPngBuffer(IntPtr ctx, out nuint length, out int error);
    [LibraryImport(Lib, EntryPoint = "spng_set_option")] internal static partial int SetOption(IntPtr ctx, int option, int value);
    [LibraryImport(Lib, EntryPoint = "spng_get_ihdr")] internal static partial int GetHeader(IntPtr ctx, out Header header);
    [LibraryImport(Lib, EntryPoint = "spng_set_ihdr")] internal static partial int SetHeader(IntPtr ctx, in Header header);
    [LibraryImport(Lib, EntryPoint = "spng_get_plte")] internal static partial int GetPalette(IntPtr ctx, Palette* palette);
    [LibraryImport(Lib, EntryPoint = "spng_set_plte")] internal static partial int SetPalette(IntPtr ctx, Palette* palette);
    [LibraryImport(Lib, EntryPoint = "spng_decoded_image_size")] internal static partial int DecodedImageSize(IntPtr ctx, int format, out nuint length);
    [LibraryImport(Lib, EntryPoint = "spng_decode_image")] internal static partial int DecodeImage(IntPtr ctx, byte* output, nuint length, int format, int flags);
    [LibraryImport(Lib, EntryPoint = "spng_encode_image")] internal static partial int EncodeImage(IntPtr ctx, byte* image, nuint length, int format, int flags);
    [LibraryImport(Lib, EntryPoint = "spng_strerror")] internal static partial IntPtr ErrorText(int error);

    internal static string Describe(int error) => Marshal.PtrToStringUTF8(ErrorText(error)) ?? $"libspng error {error}";
}
