using System.Runtime.InteropServices;

namespace Pipeline.Method.Imaging;

/// <summary>
/// JPEG files through libjpeg-turbo's TurboJPEG API. Decoding uses the accurate integer IDCT and smooth chroma
/// upsampling (the library's defaults, as PIL's); a warning such as a truncated file is an error, so a damaged
/// image never enters a dataset half grey. Every error names the file.
/// </summary>
public static unsafe class Jpeg
{
    public static RgbImage Read(string path)
    {
        byte[] file;
        try
        {
            file = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{path}: cannot read the file: {e.Message}", e);
        }
        return Decode(file, path);
    }

    /// <summary>Decodes JPEG bytes (any colour JPEG or grayscale) to RGB; <paramref name="name"/> is used in errors.</summary>
    public static RgbImage Decode(ReadOnlySpan<byte> jpeg, string name)
    {
        var handle = TurboJpeg.InitDecompress();
        if (handle == IntPtr.Zero) throw new InsufficientMemoryException($"{name}: TurboJPEG could not create a decoder");
        try
        {
            fixed (byte* source = jpeg)
            {
                var size = new CULong((nuint)jpeg.Length);
                Check(TurboJpeg.DecompressHeader(handle, source, size, out var width, out var height, out _, out _), handle, name);
                var pixels = new byte[checked(width * height * 3)];
                fixed (byte* target = pixels)
                    Check(TurboJpeg.Decompress(handle, source, size, target, width, 0, height, TurboJpeg.PixelFormatRgb, TurboJpeg.FlagStopOnWarning),
                          handle, name);
                return new RgbImage(height, width, pixels);
            }
        }
        finally
        {
            TurboJpeg.Destroy(handle);
        }
    }

    /// <summary>Encodes RGB with 4:4:4 chroma (no subsampling) and the accurate DCT, for fixtures and datasets written to disk.</summary>
    public static byte[] Encode(RgbImage image, int quality = 95)
    {
        if (quality is < 1 or > 100) throw new ArgumentOutOfRangeException(nameof(quality), quality, "JPEG quality is 1..100");
        var handle = TurboJpeg.InitCompress();
        if (handle == IntPtr.Zero) throw new InsufficientMemoryException("TurboJPEG could not create an encoder");
        byte* jpeg = null;
        try
        {
            var size = new CULong(0);
            fixed (byte* pixels = image.Pixels)
                Check(TurboJpeg.Compress(handle, pixels, image.Width, 0, image.Height, TurboJpeg.PixelFormatRgb, ref jpeg, ref size,
                                         TurboJpeg.Subsampling444, quality, TurboJpeg.FlagAccurateDct), handle, "JPEG encoding");
            return new ReadOnlySpan<byte>(jpeg, checked((int)size.Value)).ToArray();
        }
        finally
        {
            // The output buffer was allocated by TurboJPEG and must go back through tjFree.
            if (jpeg != null) TurboJpeg.Free(jpeg);
            TurboJpeg.Destroy(handle);
        }
    }

    public static void Write(string path, RgbImage image, int quality = 95)
    {
        var bytes = Encode(image, quality);
        try
        {
            File.WriteAllBytes(path, bytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{path}: cannot write the file: {e.Message}", e);
        }
    }

    private static void Check(int status, IntPtr handle, string name)
    {
        if (status != 0) throw new InvalidDataException($"{name}: {TurboJpeg.Describe(handle)}");
    }
}
