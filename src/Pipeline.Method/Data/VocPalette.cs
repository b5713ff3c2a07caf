namespace Pipeline.Method.Data;

/// <summary>
/// PASCAL VOC's 256-colour palette for label PNGs: the bits of a label are interleaved into R, G and B from the
/// most significant bit down (label 1 = dark red, 15 = person pink, 255 = the cream "void" outline).
/// </summary>
public static class VocPalette
{
    /// <summary>256 RGB triples, 768 bytes, as the palette chunk of VOC's SegmentationClass PNGs holds them.</summary>
    public static byte[] Colours { get; } = Build();

    private static byte[] Build()
    {
        var palette = new byte[256 * 3];
        for (var label = 0; label < 256; label++)
        {
            var bits = label;
            for (var shift = 7; shift >= 0; shift--, bits >>= 3)
                for (var channel = 0; channel < 3; channel++)
                    palette[label * 3 + channel] |= (byte)(((bits >> channel) & 1) << shift);
        }
        return palette;
    }
}
