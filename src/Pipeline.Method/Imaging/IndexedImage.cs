namespace Pipeline.Method.Imaging;

/// <summary>
/// An image of raw 8-bit indices, row-major H×W (palette indices or gray levels, never converted to RGB:
/// segmentation masks store class labels this way). Palette holds R,G,B per entry, or is empty for grayscale.
/// </summary>
public sealed class IndexedImage
{
    public IndexedImage(int height, int width, byte[] indices, byte[] palette)
    {
        if (height <= 0 || width <= 0 || indices.Length != (long)height * width)
            throw new ArgumentException($"{indices.Length} indices do not make an image of {height}×{width}");
        if (palette.Length % 3 != 0 || palette.Length > 256 * 3)
            throw new ArgumentException($"a palette is up to 256 RGB triples; got {palette.Length} bytes");
        Height = height;
        Width = width;
        Indices = indices;
        Palette = palette;
    }

    public int Height { get; }
    public int Width { get; }
    public byte[] Indices { get; }
    public byte[] Palette { get; }
}
