using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace Pipeline.Method.Imaging;

/// <summary>
/// A PNG file's chunks around its image data, never the data itself: the header (IHDR), the palette (PLTE) with
/// its transparency (tRNS), and whether the chunks run complete to IEND. SkiaSharp decodes a palette PNG to
/// colours and encodes none, so <see cref="Png"/> maps colours back to indices through the file's own palette and
/// writes a palette PNG by giving SkiaSharp's 8-bit grayscale encoding of the indices a palette.
/// </summary>
internal static class PngChunks
{
    public const int Grayscale = 0, Truecolour = 2, Indexed = 3, GrayscaleAlpha = 4, TruecolourAlpha = 6;

    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>IHDR's fields, PLTE as RGB triples (empty without one) and tRNS's bytes (empty without one).</summary>
    public sealed record Header(int Width, int Height, int BitDepth, int ColourType, byte[] Palette, byte[] Transparency)
    {
        public string Describe() => $"{ColourType switch
        {
            Grayscale => "grayscale",
            Truecolour => "RGB",
            Indexed => "palette",
            GrayscaleAlpha => "grayscale with alpha",
            TruecolourAlpha => "RGBA",
            _ => $"colour type {ColourType}",
        }} with {BitDepth} bits per sample";
    }

    /// <summary>The header chunks of a PNG file; a file that is not a PNG or ends before IEND is an error naming it.</summary>
    public static Header Read(ReadOnlySpan<byte> file, string name)
    {
        if (file.Length < Signature.Length + 25 || !file[..Signature.Length].SequenceEqual(Signature) || TypeAt(file, Signature.Length) != "IHDR")
            throw new InvalidDataException($"{name}: not a PNG file");
        var ihdr = file.Slice(Signature.Length + 8, 13);
        var (palette, transparency) = (Array.Empty<byte>(), Array.Empty<byte>());
        for (var at = Signature.Length; ;)
        {
            if (at + 12 > file.Length) throw new InvalidDataException($"{name}: the PNG is cut short: it ends before its IEND chunk");
            var length = BinaryPrimitives.ReadUInt32BigEndian(file[at..]);
            var type = TypeAt(file, at);
            if (length > int.MaxValue || at + 12L + length > file.Length)
                throw new InvalidDataException($"{name}: the PNG is cut short: its {type} chunk at byte {at} runs past the end of the file");
            var body = file.Slice(at + 8, (int)length);
            if (type == "PLTE") palette = body.ToArray();
            else if (type == "tRNS") transparency = body.ToArray();
            else if (type == "IEND") break;
            at += 12 + (int)length;
        }
        return new Header(BinaryPrimitives.ReadInt32BigEndian(ihdr), BinaryPrimitives.ReadInt32BigEndian(ihdr[4..]), ihdr[8], ihdr[9], palette, transparency);
    }

    /// <summary>
    /// An 8-bit grayscale PNG made a palette PNG: 8-bit gray and 8-bit palette rows are the same bytes, so only the
    /// header's colour type changes and PLTE is added. Only IHDR, PLTE, IDAT and IEND are kept: an ancillary chunk
    /// written for gray (such as sBIT's one significant-bits byte) would be invalid for a palette image.
    /// </summary>
    public static byte[] WithPalette(byte[] grayPng, byte[] palette)
    {
        var header = Read(grayPng, "the encoded mask");
        if (header.ColourType != Grayscale || header.BitDepth != 8) throw new ArgumentException($"expected an 8-bit grayscale PNG, got {header.Describe()}");
        using var png = new MemoryStream();
        png.Write(Signature);
        for (var at = Signature.Length; ;)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(grayPng.AsSpan(at));
            var type = TypeAt(grayPng, at);
            var body = grayPng.AsSpan(at + 8, length);
            if (type == "IHDR")
            {
                var ihdr = body.ToArray();
                ihdr[9] = Indexed;
                WriteChunk(png, "IHDR", ihdr);
                WriteChunk(png, "PLTE", palette);
            }
            else if (type is "IDAT" or "IEND") WriteChunk(png, type, body);
            if (type == "IEND") return png.ToArray();
            at += 12 + length;
        }
    }

    private static string TypeAt(ReadOnlySpan<byte> file, int at) => Encoding.ASCII.GetString(file.Slice(at + 4, 4));

    private static void WriteChunk(Stream png, string type, ReadOnlySpan<byte> body)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(word, (uint)body.Length);
        png.Write(word);
        var typed = new byte[4 + body.Length];
        Encoding.ASCII.GetBytes(type, typed);
        body.CopyTo(typed.AsSpan(4));
        png.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.HashToUInt32(typed));
        png.Write(word);
    }
}
