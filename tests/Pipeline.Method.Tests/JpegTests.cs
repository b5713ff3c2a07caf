using Pipeline.Method.Imaging;

namespace Pipeline.Method.Tests;

public class JpegTests
{
    // A smooth colour gradient with a hard-edged square: what photos and synthetic scenes contain.
    private static RgbImage Scene(int height, int width)
    {
        var pixels = new byte[height * width * 3];
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var inside = x is >= 10 and < 30 && y is >= 8 and < 24;
                pixels[(y * width + x) * 3] = (byte)(inside ? 230 : 4 * x);
                pixels[(y * width + x) * 3 + 1] = (byte)(inside ? 40 : 5 * y);
                pixels[(y * width + x) * 3 + 2] = (byte)(inside ? 60 : 120);
            }
        return new RgbImage(height, width, pixels);
    }

    private static double MeanAbsoluteError(RgbImage a, RgbImage b) =>
        a.Pixels.Zip(b.Pixels, (p, q) => Math.Abs(p - q)).Average();

    [Fact]
    public void RoundTripsWithASmallLoss()
    {
        var image = Scene(40, 56);
        var decoded = Jpeg.Decode(Jpeg.Encode(image), "memory");
        Assert.Equal((40, 56), (decoded.Height, decoded.Width));
        Assert.InRange(MeanAbsoluteError(image, decoded), 0.0, 1.5);
        var rough = Jpeg.Decode(Jpeg.Encode(image, quality: 20), "memory");
        Assert.True(MeanAbsoluteError(image, rough) > MeanAbsoluteError(image, decoded));
    }

    [Fact]
    public void ReadsWhatItWrites()
    {
        var path = Path.Combine(Path.GetTempPath(), $"jpeg-{Guid.NewGuid():N}.jpg");
        try
        {
            Jpeg.Write(path, Scene(24, 40));
            var read = Jpeg.Read(path);
            Assert.Equal(Jpeg.Decode(Jpeg.Encode(Scene(24, 40)), "memory").Pixels, read.Pixels);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ErrorsNameTheFile()
    {
        var folder = Directory.CreateTempSubdirectory("jpeg-errors").FullName;
        try
        {
            var missing = Path.Combine(folder, "missing.jpg");
            Assert.Contains(missing, Assert.ThrowsAny<IOException>(() => Jpeg.Read(missing)).Message);

            var text = Path.Combine(folder, "text.jpg");
            File.WriteAllText(text, "not a JPEG at all");
            Assert.StartsWith(text + ":", Assert.Throws<InvalidDataException>(() => Jpeg.Read(text)).Message);

            var truncated = Path.Combine(folder, "truncated.jpg");
            var bytes = Jpeg.Encode(Scene(40, 56));
            File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
            Assert.StartsWith(truncated + ":", Assert.Throws<InvalidDataException>(() => Jpeg.Read(truncated)).Message);

            var png = Path.Combine(folder, "image.jpg");
            Png.WriteRgb(png, Scene(8, 8));
            Assert.StartsWith(png + ": not a JPEG", Assert.Throws<InvalidDataException>(() => Jpeg.Read(png)).Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
