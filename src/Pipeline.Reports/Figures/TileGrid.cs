using Pipeline.Method.Imaging;
using SkiaSharp;

namespace Pipeline.Reports.Figures;

/// <summary>
/// The layout of a labelled grid of equal square tiles, as the paper's image figures are laid out: column headers
/// above, row labels on the left (their first line bold), optionally one caption line under each tile. Each image of
/// <see cref="ImageSize"/> pixels is enlarged <see cref="Scale"/> times (small images stay legible). Text grows with a
/// figure wider than <see cref="ReportWidth"/>, so that it still reads where report.html shrinks the figure to fit.
/// Lines in labels are separated by '\n'. The grid may start <c>left</c> pixels in, leaving room for other content.
/// </summary>
public sealed class TileGrid
{
    public const int ReportWidth = 1000, Gap = 8, Margin = 12;
    private const float BaseText = 15;

    public TileGrid(int imageSize, IReadOnlyList<string> rowLabels, IReadOnlyList<string> columnLabels, bool captions = false, int left = 0)
    {
        if (imageSize <= 0) throw new ArgumentOutOfRangeException(nameof(imageSize));
        (ImageSize, RowLabels, ColumnLabels, HasCaptions, Left) = (imageSize, rowLabels, columnLabels, captions, left);
        Scale = ScaleFor(imageSize);
        TextSize = BaseText;
        Lay();
        if (Width > ReportWidth)
        {
            TextSize = BaseText * Width / ReportWidth;
            Lay();
        }
    }

    /// <summary>The enlargement that makes a tile at least 128 pixels wide.</summary>
    public static int ScaleFor(int imageSize) => Math.Max(1, 128 / imageSize);

    public int ImageSize { get; }
    public int Scale { get; }
    public int TileSize => ImageSize * Scale;
    public IReadOnlyList<string> RowLabels { get; }
    public IReadOnlyList<string> ColumnLabels { get; }
    public bool HasCaptions { get; }
    public int Left { get; }
    public float TextSize { get; }
    public float LineHeight => TextSize * 1.3f;
    public int RowLabelWidth { get; private set; }
    public int HeaderHeight { get; private set; }
    public int ColumnWidth { get; private set; }
    public int RowHeight { get; private set; }
    public int Width { get; private set; }
    public int Height { get; private set; }

    public Tile TileAt(int row, int column) => new(
        Left + Margin + RowLabelWidth + column * (ColumnWidth + Gap) + (ColumnWidth - TileSize) / 2,
        Margin + HeaderHeight + row * (RowHeight + Gap),
        ImageSize, Scale);

    /// <summary>The baseline of the line of text whose line box starts at <paramref name="top"/>.</summary>
    public float Baseline(float top) => top + LineHeight * 0.77f;

    /// <summary>Draws the headers, the row labels and every tile as an empty grey square, ready for <see cref="Place"/>.</summary>
    public void DrawLabels(FigureSheet sheet)
    {
        for (var c = 0; c < ColumnLabels.Count; c++)
        {
            var tile = TileAt(0, c);
            var lines = ColumnLabels[c].Split('\n');
            // Top-aligned, so that every header's first (bold) line is level and further lines hang below it.
            var top = Margin;
            for (var k = 0; k < lines.Length; k++)
                sheet.Text(lines[k], tile.X + TileSize / 2f, Baseline(top + k * LineHeight), TextSize, bold: k == 0, SKTextAlign.Center, k == 0 ? null : FigureSheet.Muted);
        }
        for (var r = 0; r < RowLabels.Count; r++)
        {
            var lines = RowLabels[r].Split('\n');
            var top = TileAt(r, 0).Y + (TileSize - lines.Length * LineHeight) / 2;
            for (var k = 0; k < lines.Length; k++)
                sheet.Text(lines[k], Left + Margin, Baseline(top + k * LineHeight), TextSize, bold: k == 0);
            for (var c = 0; c < ColumnLabels.Count; c++)
            {
                var tile = TileAt(r, c);
                sheet.Rectangle(tile.X, tile.Y, TileSize, TileSize, FigureSheet.Empty);
            }
        }
    }

    /// <summary>Draws an image of <see cref="ImageSize"/>² pixels into its tile.</summary>
    public void Place(FigureSheet sheet, int row, int column, RgbImage image)
    {
        if (image.Height != ImageSize || image.Width != ImageSize)
            throw new ArgumentException($"a tile holds a {ImageSize}×{ImageSize} image, got {image.Height}×{image.Width}");
        var tile = TileAt(row, column);
        sheet.Image(image, tile.X, tile.Y, Scale);
    }

    /// <summary>Writes one line centred under the tile (the grid must have been made with captions).</summary>
    public void Caption(FigureSheet sheet, int row, int column, string text)
    {
        if (!HasCaptions) throw new InvalidOperationException("this grid has no room for captions");
        var tile = TileAt(row, column);
        sheet.Text(text, tile.X + TileSize / 2f, Baseline(tile.Y + TileSize + 2), TextSize * 0.93f, align: SKTextAlign.Center);
    }

    private void Lay()
    {
        RowLabelWidth = RowLabels.Count == 0 ? 0 : (int)Math.Ceiling(RowLabels.Max(l => Widest(l))) + 2 * Gap;
        var headerLines = ColumnLabels.Count == 0 ? 0 : ColumnLabels.Max(l => l.Split('\n').Length);
        HeaderHeight = (int)Math.Ceiling(headerLines * LineHeight) + Gap;
        ColumnWidth = Math.Max(TileSize, ColumnLabels.Count == 0 ? 0 : (int)Math.Ceiling(ColumnLabels.Max(l => Widest(l))) + Gap);
        RowHeight = TileSize + (HasCaptions ? (int)Math.Ceiling(LineHeight) + 4 : 0);
        Width = Left + Margin + RowLabelWidth + Math.Max(0, ColumnLabels.Count * (ColumnWidth + Gap) - Gap) + Margin;
        Height = Margin + HeaderHeight + Math.Max(0, RowLabels.Count * (RowHeight + Gap) - Gap) + Margin;
    }

    private float Widest(string label) => label.Split('\n').Select((line, k) => FigureSheet.Measure(line, TextSize, bold: k == 0)).Max();
}
