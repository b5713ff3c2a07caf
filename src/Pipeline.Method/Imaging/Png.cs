using Pipeline.TorchExtensions;

namespace Pipeline.Method.Imaging;

/// <summary>
/// PNG files through libspng. Reads name the file in every error; writes go to a temporary file in the
/// same folder that is renamed into place, so a failed or interrupted write never leaves a partial PNG.
/// </summary>
public static unsafe class Png
{
    /// <summary>Any PNG as 8-bit RGB (alpha dropped; palette and gray expanded, 16-bit scaled down by libspng).</summary>
    public static RgbImage ReadRgb(string path) => Decode(path, (ctx, header) =>
        new RgbImage((int)header.Height, (int)header.Width, DecodePixels(ctx, Spng.FormatRgb8, path)));

    /// <summary>
    /// A palette or grayscale PNG (bit depth up to 8) as its raw indices, with its palette (empty for gray).
    /// Other color types are refused: converting colours to labels is not this reader's business.
    /// </summary>
    public static IndexedImage ReadIndexed(string path) => Decode(path, (ctx, header) =>
    {
        if (header.ColorType is not (Spng.ColorIndexed or Spng.ColorGray) || header.BitDepth > 8)
            throw new InvalidDataException(
                $"{path}: expected a palette or grayscale PNG of at most 8 bits, got color type {header.ColorType} with {header.BitDepth} bits");
        var (height, width) = ((int)header.Height, (int)header.Width);
        var indices = Unpack(DecodePixels(ctx, Spng.FormatPng, path), height, width, header.BitDepth);
        var palette = Array.Empty<byte>();
        if (header.ColorType == Spng.ColorIndexed)
        {
            Spng.Palette plte;
            Check(Spng.GetPalette(ctx, &plte), path);
            palette = new byte[plte.Count * 3];
            for (var k = 0; k < plte.Count; k++)
                for (var c = 0; c < 3; c++) palette[k * 3 + c] = plte.Entries[k * 4 + c];
        }
        return new IndexedImage(height, width, indices, palette);
    });

    public static void WriteRgb(string path, RgbImage image) =>
        Write(path, Encode(path, image.Height, image.Width, Spng.ColorRgb, image.Pixels, null));

    /// <summary>An 8-bit palette PNG; every index must name a palette entry.</summary>
    public static void WriteIndexed(string path, IndexedImage image)
    {
        var entries = image.Palette.Length / 3;
        if (entries == 0) throw new ArgumentException($"{path}: a palette PNG needs a palette");
        var largest = image.Indices.Max();
        if (largest >= entries) throw new ArgumentException($"{path}: index {largest} is outside the palette of {entries} colours");
        Write(path, Encode(path, image.Height, image.Width, Spng.ColorIndexed, image.Indices, image.Palette));
    }

    private static T Decode<T>(string path, Func<IntPtr, Spng.Header, T> read)
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
        var ctx = Spng.ContextNew(0);
        if (ctx == IntPtr.Zero) throw new InsufficientMemoryException($"{path}: libspng could not create a decoder");
        // libspng reads the buffer lazily, so it stays pinned until decoding is over.
        try
        {
            fixed (byte* p = file)
            {
                Check(Spng.SetPngBuffer(ctx, p, (nuint)file.Length), path);
                Check(Spng.GetHeader(ctx, out var header), path);
                return read(ctx, header);
            }
        }
        finally
        {
            Spng.ContextFree(ctx);
        }
    }

    private static byte[] DecodePixels(IntPtr ctx, int format, string path)
    {
        Check(Spng.DecodedImageSize(ctx, format, out var length), path);
        var pixels = new byte[checked((int)length)];
        fixed (byte* p = pixels) Check(Spng.DecodeImage(ctx, p, length, format, 0), path);
        return pixels;
    }

    // Rows of 1-, 2- and 4-bit samples are packed most significant bits first, each row starting on a byte.
    private static byte[] Unpack(byte[] packed, int height, int width, int bitDepth)
    {
        if (bitDepth == 8) return packed;
        var rowBytes = (width * bitDepth + 7) / 8;
        var perByte = 8 / bitDepth;
        var mask = (1 << bitDepth) - 1;
        var indices = new byte[height * width];
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var b = packed[y * rowBytes + x / perByte];
                var shift = 8 - bitDepth * (x % perByte + 1);
                indices[y * width + x] = (byte)((b >> shift) & mask);
            }
        return indices;
    }

    private static byte[] Encode(string path, int height, int width, byte colorType, byte[] pixels, byte[]? palette)
    {
        var ctx = Spng.ContextNew(Spng.CtxEncoder);
        if (ctx == IntPtr.Zero) throw new InsufficientMemoryException($"{path}: libspng could not create an encoder");
        try
        {
            Check(Spng.SetOption(ctx, Spng.OptionEncodeToBuffer, 1), path);
            var header = new Spng.Header { Width = (uint)width, Height = (uint)height, BitDepth = 8, ColorType = colorType };
            Check(Spng.SetHeader(ctx, header), path);
            if (palette is not null)
            {
                Spng.Palette plte;
                plte.Count = (uint)(palette.Length / 3);
                for (var k = 0; k < plte.Count; k++)
                    for (var c = 0; c < 3; c++) plte.Entries[k * 4 + c] = palette[k * 3 + c];
                Check(Spng.SetPalette(ctx, &plte), path);
            }
            fixed (byte* p = pixels) Check(Spng.EncodeImage(ctx, p, (nuint)pixels.Length, Spng.FormatPng, Spng.EncodeFinalize), path);
            var buffer = Spng.GetPngBuffer(ctx, out var length, out var error);
            Check(error, path);
            try
            {
                return new ReadOnlySpan<byte>((void*)buffer, checked((int)length)).ToArray();
            }
            finally
            {
                // libspng hands the buffer over; it was allocated with its default allocator, malloc.
                System.Runtime.InteropServices.NativeMemory.Free((void*)buffer);
            }
        }
        finally
        {
            Spng.ContextFree(ctx);
        }
    }

    private static void Write(string path, byte[] png)
    {
        try
        {
            AtomicFile.WriteAllBytes(path, png);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{path}: cannot write the file: {e.Message}", e);
        }
    }

    private static void Check(int error, string path)
    {
        if (error != 0) throw new InvalidDataException($"{path}: not a usable PNG (libspng: {Spng.Describe(error)})");
    }
}
