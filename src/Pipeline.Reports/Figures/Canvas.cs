using Pipeline.Method.Imaging;

namespace Pipeline.Reports.Figures;

/// <summary>A mutable 8-bit RGB picture (row-major H×W×3) that figures are composed on.</summary>
public sealed class Canvas
{
    private readonly byte[] pixels;

    public Canvas(int height, int width, (byte R, byte G, byte B) background)
    {
        if (height <= 0 || width <= 0) throw new ArgumentOutOfRangeException(nameof(height), $"a canvas needs a positive size, got {height}×{width}");
        Height = height;
        Width = width;
        pixels = new byte[checked(height * width * 3)];
        Fill(0, 0, width, height, background);
    }

    public int Height { get; }
    public int Width { get; }

    /// <summary>Fills a rectangle, clipped to the canvas.</summary>
    public void Fill(int x, int y, int width, int height, (byte R, byte G, byte B) colour)
    {
        for (var row = Math.Max(0, y); row < Math.Min(Height, y + height); row++)
            for (var column = Math.Max(0, x); column < Math.Min(Width, x + width); column++)
            {
                var at = (row * Width + column) * 3;
                (pixels[at], pixels[at + 1], pixels[at + 2]) = colour;
            }
    }

    /// <summary>Copies an image with its top-left corner at (x, y), each pixel enlarged to scale×scale (nearest neighbour).</summary>
    public void Draw(RgbImage image, int x, int y, int scale = 1)
    {
        for (var row = 0; row < image.Height * scale; row++)
        {
            var target = y + row;
            if (target < 0 || target >= Height) continue;
            for (var column = 0; column < image.Width * scale; column++)
            {
                var targetColumn = x + column;
                if (targetColumn < 0 || targetColumn >= Width) continue;
                var from = ((row / scale) * image.Width + column / scale) * 3;
                var to = (target * Width + targetColumn) * 3;
                pixels[to] = image.Pixels[from];
                pixels[to + 1] = image.Pixels[from + 1];
                pixels[to + 2] = image.Pixels[from + 2];
            }
        }
    }

    public RgbImage ToImage() => new(Height, Width, (byte[])pixels.Clone());
}
