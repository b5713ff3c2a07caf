namespace Pipeline.Method.Imaging;

/// <summary>
/// A palette PNG's indices recovered from its decoded colours through the file's own palette: each PLTE entry's
/// red, green and blue with its tRNS alpha (255 where tRNS has none) names exactly one index, whatever the palette.
/// </summary>
internal static class PaletteIndices
{
    /// <param name="rgba">Decoded pixels, row-major RGBA, alpha not premultiplied.</param>
    /// <param name="palette">PLTE: RGB triples.</param>
    /// <param name="transparency">tRNS: one alpha per leading entry.</param>
    /// <param name="name">The file, named in every error.</param>
    public static byte[] FromColours(byte[] rgba, byte[] palette, byte[] transparency, string name)
    {
        var entries = palette.Length / 3;
        if (entries == 0) throw new InvalidDataException($"{name}: the palette PNG has no PLTE chunk");
        var index = new Dictionary<uint, int>(entries);
        var shared = new Dictionary<uint, List<int>>();
        for (var k = 0; k < entries; k++)
        {
            var colour = Colour(palette[k * 3], palette[k * 3 + 1], palette[k * 3 + 2], k < transparency.Length ? transparency[k] : (byte)255);
            if (!index.TryAdd(colour, k))
            {
                if (!shared.TryGetValue(colour, out var alike)) shared[colour] = alike = [index[colour]];
                alike.Add(k);
            }
        }
        var indices = new byte[rgba.Length / 4];
        for (var i = 0; i < indices.Length; i++)
        {
            var colour = Colour(rgba[i * 4], rgba[i * 4 + 1], rgba[i * 4 + 2], rgba[i * 4 + 3]);
            if (shared.TryGetValue(colour, out var alike))
                throw new InvalidDataException(
                    $"{name}: palette entries {string.Join(", ", alike)} share the colour {Describe(colour)}, so the labels of its pixels cannot be told apart");
            if (!index.TryGetValue(colour, out var k))
                throw new InvalidDataException($"{name}: pixel {i} has the colour {Describe(colour)}, which is not in the file's palette");
            indices[i] = (byte)k;
        }
        return indices;
    }

    private static uint Colour(byte r, byte g, byte b, byte a) => (uint)(r << 24 | g << 16 | b << 8 | a);

    private static string Describe(uint colour) => $"#{colour >> 8:X6}" + ((colour & 0xFF) == 255 ? "" : $" with alpha {colour & 0xFF}");
}
