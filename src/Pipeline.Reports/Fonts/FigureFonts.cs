using ScottPlot;
using SkiaSharp;

namespace Pipeline.Reports.Fonts;

/// <summary>
/// The typeface of every figure, DejaVu Sans (regular and bold), embedded in this assembly: SkiaSharp's Linux build
/// without dependencies finds no system fonts, and an embedded face draws the same text on every machine. ScottPlot
/// finds it by <see cref="Family"/> once <see cref="RegisterWithScottPlot"/> has run.
/// </summary>
public static class FigureFonts
{
    public const string Family = "DejaVu Sans";

    private static readonly SKData RegularData = Resource("DejaVuSans.ttf"), BoldData = Resource("DejaVuSans-Bold.ttf");

    private static readonly Lazy<bool> Registration = new(() =>
    {
        ScottPlot.Fonts.FontResolvers.Insert(0, new Resolver());
        return true;
    });

    public static SKTypeface Regular { get; } = Face(RegularData);
    public static SKTypeface Bold { get; } = Face(BoldData);

    /// <summary>Lets ScottPlot resolve <see cref="Family"/> to the embedded faces; safe to call from any thread, any number of times.</summary>
    public static void RegisterWithScottPlot() => _ = Registration.Value;

    public static SKFont Font(float size, bool bold = false) => new(bold ? Bold : Regular, size) { Subpixel = true, Edging = SKFontEdging.Antialias };

    private static SKData Resource(string file)
    {
        using var stream = typeof(FigureFonts).Assembly.GetManifestResourceStream("Fonts." + file)
            ?? throw new InvalidOperationException($"the font {file} is not embedded in {typeof(FigureFonts).Assembly.GetName().Name}");
        return SKData.Create(stream);
    }

    private static SKTypeface Face(SKData data) => SKTypeface.FromData(data) ?? throw new InvalidOperationException("an embedded font could not be loaded");

    // ScottPlot caches and may dispose what a resolver returns, so each request gets a face of its own.
    private sealed class Resolver : IFontResolver
    {
        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing) =>
            fontName == Family ? Face((int)weight >= (int)FontWeight.SemiBold ? BoldData : RegularData) : null;

        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) =>
            fontName == Family ? Face(bold ? BoldData : RegularData) : null;
    }
}
