using Pipeline.Method.Imaging;

namespace Pipeline.Reports.Figures;

/// <summary>Where an image of <see cref="ImageSize"/>² pixels sits in a figure: top-left corner and the whole-number enlargement.</summary>
public readonly record struct Tile(int X, int Y, int ImageSize, int Scale)
{
    public int Size => ImageSize * Scale;

    /// <summary>The source image back from a drawn figure, one pixel per enlarged block (for tests and checks).</summary>
    public RgbImage Read(RgbImage figure)
    {
        var pixels = new byte[ImageSize * ImageSize * 3];
        for (var r = 0; r < ImageSize; r++)
            for (var c = 0; c < ImageSize; c++)
                Array.Copy(figure.Pixels, ((Y + r * Scale) * figure.Width + X + c * Scale) * 3, pixels, (r * ImageSize + c) * 3, 3);
        return new RgbImage(ImageSize, ImageSize, pixels);
    }
}
