using SkiaSharp;

namespace Pipeline.Method.Imaging;

/// <summary>
/// JPEG files through SkiaSharp (libjpeg-turbo inside it). A file cut short is an error, so a damaged image never
/// enters a dataset half grey. Every error names the file.
/// </summary>
public static class Jpeg
{
    public static RgbImage Read(string path) => Decode(SkiaCodec.ReadFile(path), path);

    /// <summary>Decodes JPEG bytes (any colour JPEG or grayscale) to RGB; <paramref name="name"/> is used in errors.</summary>
    public static RgbImage Decode(ReadOnlySpan<byte> jpeg, string name)
    {
        var (height, width, rgba) = SkiaCodec.Decode(jpeg, name, SKEncodedImageFormat.Jpeg);
        return RgbImage.FromRgba(height, width, rgba);
    }

    /// <summary>Encodes RGB with 4:4:4 chroma (no subsampling), for fixtures and datasets written to disk.</summary>
    public static byte[] Encode(RgbImage image, int quality = 95)
    {
        if (quality is < 1 or > 100) throw new ArgumentOutOfRangeException(nameof(quality), quality, "JPEG quality is 1..100");
        var options = new SKJpegEncoderOptions(quality, SKJpegEncoderDownsample.Downsample444, SKJpegEncoderAlphaOption.Ignore);
        return SkiaCodec.Encode(image.Height, image.Width, SKColorType.Rgba8888, image.ToRgba(), pixmap => pixmap.Encode(options));
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
}
