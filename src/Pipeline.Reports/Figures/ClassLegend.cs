using SkiaSharp;

namespace Pipeline.Reports.Figures;

/// <summary>
/// A legend of segmentation classes for an image figure: a swatch of each class's palette colour and its name, in
/// label order, flowing in lines across a given width.
/// </summary>
public sealed class ClassLegend
{
    private const int Swatch = 14, SwatchGap = 6, ItemGap = 18;

    private readonly List<(ClassEntry Entry, float X, float Top)> placed = [];

    /// <summary>One class: its label, its name and its palette colour.</summary>
    public sealed record ClassEntry(int Label, string Name, (byte R, byte G, byte B) Colour);

    public ClassLegend(IReadOnlyList<ClassEntry> entries, int width, float textSize)
    {
        Entries = entries;
        TextSize = textSize;
        var lineHeight = textSize * 1.5f;
        var (x, top) = (0f, 0f);
        foreach (var entry in entries)
        {
            var itemWidth = Swatch + SwatchGap + FigureSheet.Measure(entry.Name, textSize);
            if (x > 0 && x + itemWidth > width) (x, top) = (0, top + lineHeight);
            placed.Add((entry, x, top));
            x += itemWidth + ItemGap;
        }
        Height = entries.Count == 0 ? 0 : (int)Math.Ceiling(top + lineHeight);
    }

    public IReadOnlyList<ClassEntry> Entries { get; }
    public float TextSize { get; }
    public int Height { get; }

    /// <summary>Draws the legend with its top-left corner at (x, y).</summary>
    public void Draw(FigureSheet sheet, int x, int y)
    {
        foreach (var (entry, at, top) in placed)
        {
            var swatchTop = (int)(y + top + (TextSize * 1.5f - Swatch) / 2);
            sheet.Rectangle((int)(x + at), swatchTop, Swatch, Swatch, new SKColor(entry.Colour.R, entry.Colour.G, entry.Colour.B), FigureSheet.Muted);
            sheet.Text(entry.Name, x + at + Swatch + SwatchGap, swatchTop + Swatch - 2, TextSize);
        }
    }
}
