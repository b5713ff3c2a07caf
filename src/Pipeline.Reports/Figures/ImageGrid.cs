using Pipeline.Method.Imaging;

namespace Pipeline.Reports.Figures;

/// <summary>
/// The layout of a labelled grid of equal square tiles: column headers along the top, row labels on the left,
/// each image of <see cref="ImageSize"/> pixels drawn enlarged <see cref="Scale"/> times (nearest neighbour, so
/// small images stay legible and every source pixel keeps its exact colour). Tests find tiles by
/// <see cref="TileOrigin"/>.
/// </summary>
public sealed class ImageGrid
{
    public static readonly (byte R, byte G, byte B) Background = (255, 255, 255), Ink = (32, 32, 32), Empty = (236, 236, 236);

    private const int Gap = 6, Padding = 8;

    public ImageGrid(int imageSize, IReadOnlyList<string> rowLabels, IReadOnlyList<string> columnLabels)
    {
        if (imageSize <= 0) throw new ArgumentOutOfRangeException(nameof(imageSize));
        ImageSize = imageSize;
        RowLabels = rowLabels;
        ColumnLabels = columnLabels;
        Scale = Math.Max(1, 128 / imageSize);
        var tile = imageSize * Scale;
        FontScale = tile >= 192 ? 3 : 2;
        RowLabelWidth = rowLabels.Count == 0 ? 0 : rowLabels.Max(l => BitmapFont.Measure(l, FontScale)) + 2 * Padding;
        HeaderHeight = BitmapFont.Height(FontScale) + 2 * Padding;
        ColumnWidth = Math.Max(tile, columnLabels.Count == 0 ? 0 : columnLabels.Max(l => BitmapFont.Measure(l, FontScale)) + Padding);
        RowHeight = Math.Max(tile, BitmapFont.Height(FontScale));
        Width = Padding + RowLabelWidth + columnLabels.Count * (ColumnWidth + Gap) - Gap + Padding;
        Height = HeaderHeight + rowLabels.Count * (RowHeight + Gap) - Gap + Padding;
    }

    public int ImageSize { get; }
    public int Scale { get; }
    public int TileSize => ImageSize * Scale;
    public int FontScale { get; }
    public IReadOnlyList<string> RowLabels { get; }
    public IReadOnlyList<string> ColumnLabels { get; }
    public int RowLabelWidth { get; }
    public int HeaderHeight { get; }
    public int ColumnWidth { get; }
    public int RowHeight { get; }
    public int Width { get; }
    public int Height { get; }

    /// <summary>Top-left pixel of the tile in <paramref name="row"/>, <paramref name="column"/>.</summary>
    public (int X, int Y) TileOrigin(int row, int column) =>
        (Padding + RowLabelWidth + column * (ColumnWidth + Gap) + (ColumnWidth - TileSize) / 2,
         HeaderHeight + row * (RowHeight + Gap) + (RowHeight - TileSize) / 2);

    /// <summary>The canvas with the labels drawn and every tile an empty grey square, ready for <see cref="Place"/>.</summary>
    public Canvas NewCanvas()
    {
        var canvas = new Canvas(Height, Width, Background);
        var textHeight = BitmapFont.Height(FontScale);
        for (var c = 0; c < ColumnLabels.Count; c++)
        {
            var (x, _) = TileOrigin(0, c);
            BitmapFont.Draw(canvas, x + (TileSize - BitmapFont.Measure(ColumnLabels[c], FontScale)) / 2, Padding, ColumnLabels[c], FontScale, Ink);
        }
        for (var r = 0; r < RowLabels.Count; r++)
        {
            var (_, y) = TileOrigin(r, 0);
            BitmapFont.Draw(canvas, Padding, y + (TileSize - textHeight) / 2, RowLabels[r], FontScale, Ink);
            for (var c = 0; c < ColumnLabels.Count; c++)
            {
                var (x, ty) = TileOrigin(r, c);
                canvas.Fill(x, ty, TileSize, TileSize, Empty);
            }
        }
        return canvas;
    }

    /// <summary>Draws an image of <see cref="ImageSize"/>² pixels into its tile.</summary>
    public void Place(Canvas canvas, int row, int column, RgbImage image)
    {
        if (image.Height != ImageSize || image.Width != ImageSize)
            throw new ArgumentException($"a tile holds a {ImageSize}×{ImageSize} image, got {image.Height}×{image.Width}");
        var (x, y) = TileOrigin(row, column);
        canvas.Draw(image, x, y, Scale);
    }

    /// <summary>The source image back from a tile of a drawn grid (for tests and checks).</summary>
    public RgbImage Tile(RgbImage figure, int row, int column)
    {
        var (x, y) = TileOrigin(row, column);
        var pixels = new byte[ImageSize * ImageSize * 3];
        for (var r = 0; r < ImageSize; r++)
            for (var c = 0; c < ImageSize; c++)
                Array.Copy(figure.Pixels, ((y + r * Scale) * figure.Width + x + c * Scale) * 3, pixels, (r * ImageSize + c) * 3, 3);
        return new RgbImage(ImageSize, ImageSize, pixels);
    }
}
