using Pipeline.Method.Imaging;
using Pipeline.Reports.Fonts;
using SkiaSharp;

namespace Pipeline.Reports.Figures;

/// <summary>
/// The white SkiaSharp picture an image figure is drawn on: images enlarged by whole numbers with nearest-neighbour
/// sampling (so every source pixel keeps its exact colour and tests can read tiles back), text in the figures'
/// typeface, and rectangles. No colour space is attached, so colours are stored as given.
/// </summary>
public sealed class FigureSheet : IDisposable
{
    public static readonly SKColor Ink = new(32, 32, 32), Muted = new(96, 96, 96), Empty = new(236, 236, 236);

    private readonly SKSurface surface;

    public FigureSheet(int width, int height)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"a figure needs a positive size, got {width}×{height}");
        Width = width;
        Height = height;
        surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new InvalidOperationException($"SkiaSharp could not make a {width}×{height} picture");
        surface.Canvas.Clear(SKColors.White);
    }

    public int Width { get; }
    public int Height { get; }

    /// <summary>The width of <paramref name="text"/> in pixels at <paramref name="size"/>.</summary>
    public static float Measure(string text, float size, bool bold = false)
    {
        using var font = FigureFonts.Font(size, bold);
        return font.MeasureText(text);
    }

    /// <summary>Draws the image with its top-left corner at (x, y), each pixel enlarged to scale × scale.</summary>
    public void Image(RgbImage image, int x, int y, int scale)
    {
        var info = new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var picture = SKImage.FromPixelCopy(info, image.ToRgba())
            ?? throw new InvalidOperationException($"SkiaSharp could not take a {image.Width}×{image.Height} image");
        surface.Canvas.DrawImage(picture, SKRect.Create(x, y, image.Width * scale, image.Height * scale), new SKSamplingOptions(SKFilterMode.Nearest));
    }

    /// <summary>Draws one line of text whose baseline is at <paramref name="baseline"/>, aligned at <paramref name="x"/>.</summary>
    public void Text(string text, float x, float baseline, float size, bool bold = false, SKTextAlign align = SKTextAlign.Left, SKColor? colour = null)
    {
        using var font = FigureFonts.Font(size, bold);
        using var paint = new SKPaint { Color = colour ?? Ink, IsAntialias = true };
        surface.Canvas.DrawText(text, x, baseline, align, font, paint);
    }

    public void Rectangle(int x, int y, int width, int height, SKColor fill, SKColor? outline = null)
    {
        using var paint = new SKPaint { Color = fill, Style = SKPaintStyle.Fill };
        surface.Canvas.DrawRect(SKRect.Create(x, y, width, height), paint);
        if (outline is not { } line) return;
        using var stroke = new SKPaint { Color = line, Style = SKPaintStyle.Stroke, StrokeWidth = 1 };
        surface.Canvas.DrawRect(SKRect.Create(x + 0.5f, y + 0.5f, width - 1, height - 1), stroke);
    }

    public RgbImage ToImage()
    {
        var info = new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        var rgba = new byte[info.BytesSize];
        unsafe
        {
            fixed (byte* pixels = rgba)
                if (!surface.ReadPixels(info, (IntPtr)pixels, info.RowBytes, 0, 0))
                    throw new InvalidOperationException("SkiaSharp could not read the figure back");
        }
        return RgbImage.FromRgba(Height, Width, rgba);
    }

    public void Dispose() => surface.Dispose();
}
