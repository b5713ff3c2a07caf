namespace Pipeline.Method.Data;

/// <summary>
/// Paints one synthetic scene: a textured background (class 0) and 1–4 objects. An object's class c ∈ 1..20 is
/// the combination of three cues — shape (disc, square, triangle, ring, cross), colour family (warm or cool)
/// and texture (smooth or striped) — so no single cue names the class: the model has to read spatial structure
/// (shape, stripes), which block scrambling destroys, as well as colour. Random size, rotation, aspect,
/// occlusion, colour jitter, striped distractors in the background and pixel noise keep it from being solved
/// exactly. Object outlines are marked 255 (void), as in VOC's masks. A set of fewer classes draws its objects from
/// the first ones only (shape varies fastest: 6 classes are background and the five smooth warm shapes).
/// </summary>
public static class SyntheticScene
{
    /// <summary>Background plus 5 shapes × 2 colour families × 2 textures.</summary>
    public const int Classes = 21;

    private static readonly string[] ShapeNames = { "disc", "square", "triangle", "ring", "cross" };
    private const byte Void = 255;
    private const float Sin60 = 0.8660254f;

    /// <summary>The cues of object class 1..20: shape index, warm (else cool) colour, striped (else smooth).</summary>
    public static (int Shape, bool Warm, bool Striped) Cues(int label)
    {
        if (label is < 1 or >= Classes) throw new ArgumentOutOfRangeException(nameof(label), label, $"object classes are 1..{Classes - 1}");
        var k = label - 1;
        return (k % ShapeNames.Length, k / ShapeNames.Length % 2 == 0, k >= 2 * ShapeNames.Length);
    }

    /// <summary>What class <paramref name="label"/> looks like, e.g. "striped cool ring".</summary>
    public static string Describe(int label)
    {
        if (label == 0) return "textured background";
        var (shape, warm, striped) = Cues(label);
        return $"{(striped ? "striped" : "smooth")} {(warm ? "warm" : "cool")} {ShapeNames[shape]}";
    }

    /// <summary>Writes a 3×S×S (channel-first) uint8 image and an S×S mask of labels 0..classes−1 and 255.</summary>
    public static void Paint(Random random, int size, int classes, Span<byte> image, Span<byte> mask)
    {
        if (classes is < 2 or > Classes) throw new ArgumentOutOfRangeException(nameof(classes), classes, $"the synthetic scenes have 2..{Classes} classes");
        var rgb = new float[3 * size * size];
        PaintBackground(random, size, rgb);
        mask.Clear();
        var objects = random.Next(1, 5);
        for (var o = 0; o < objects; o++) PaintObject(random, size, random.Next(1, classes), rgb, mask);
        MarkOutlines(mask, size);
        var noise = new byte[rgb.Length];
        random.NextBytes(noise);
        for (var i = 0; i < rgb.Length; i++)
            image[i] = (byte)Math.Clamp((int)MathF.Round(rgb[i] * 255f) + (noise[i] * 25 >> 8) - 12, 0, 255);
    }

    // A two-colour gradient of low saturation, modulated by a few slow waves and, in a third of the scenes, by
    // faint stripes, so that "striped" alone does not mean "object".
    private static void PaintBackground(Random random, int size, float[] rgb)
    {
        var hue = random.NextSingle() * 360f;
        var from = Hsv(hue, random.NextSingle() * 0.5f, 0.35f + random.NextSingle() * 0.55f);
        var to = Hsv(hue + (random.NextSingle() - 0.5f) * 120f, random.NextSingle() * 0.5f, 0.35f + random.NextSingle() * 0.55f);
        var direction = random.NextSingle() * MathF.Tau;
        var (cos, sin) = (MathF.Cos(direction), MathF.Sin(direction));
        // Each wave sin(2π(fx·u + fy·v) + φ) = sin(X)cos(Y) + cos(X)sin(Y), tabulated per column and per row.
        var waves = Enumerable.Range(0, 3).Select(_ => Wave(random, size)).ToArray();
        var stripes = random.NextDouble() < 0.35 ? Stripes(random, size, 0.06f, 0.14f) : null;
        var plane = size * size;
        for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
            {
                var (u, v) = ((x + 0.5f) / size - 0.5f, (y + 0.5f) / size - 0.5f);
                var t = Math.Clamp(0.5f + u * cos + v * sin, 0f, 1f);
                var light = 1f + (stripes?.At(x, y) ?? 0f);
                foreach (var w in waves) light += w.SinX[x] * w.CosY[y] + w.CosX[x] * w.SinY[y];
                for (var c = 0; c < 3; c++) rgb[c * plane + y * size + x] = (from[c] + (to[c] - from[c]) * t) * light;
            }
    }

    private sealed record SlowWave(float[] SinX, float[] CosX, float[] SinY, float[] CosY);

    private static SlowWave Wave(Random random, int size)
    {
        var (fx, fy) = ((random.NextSingle() - 0.5f) * 6f, (random.NextSingle() - 0.5f) * 6f);
        var phase = random.NextSingle() * MathF.Tau;
        var amplitude = 0.04f + random.NextSingle() * 0.08f;
        float Angle(float f, int k) => MathF.Tau * f * ((k + 0.5f) / size - 0.5f);
        var x = Enumerable.Range(0, size).Select(k => Angle(fx, k) + phase).ToArray();
        var y = Enumerable.Range(0, size).Select(k => Angle(fy, k)).ToArray();
        return new SlowWave(x.Select(a => amplitude * MathF.Sin(a)).ToArray(), x.Select(a => amplitude * MathF.Cos(a)).ToArray(),
                            y.Select(MathF.Sin).ToArray(), y.Select(MathF.Cos).ToArray());
    }

    private static void PaintObject(Random random, int size, int label, float[] rgb, Span<byte> mask)
    {
        var (shape, warm, striped) = Cues(label);
        var radius = size * (0.07f + random.NextSingle() * 0.17f);
        var (cx, cy) = (random.NextSingle() * size, random.NextSingle() * size);
        var angle = random.NextSingle() * MathF.Tau;
        var aspect = 0.8f + random.NextSingle() * 0.45f;
        var hue = warm ? -25f + random.NextSingle() * 80f : 165f + random.NextSingle() * 85f;
        var colour = Hsv(hue, 0.45f + random.NextSingle() * 0.55f, 0.45f + random.NextSingle() * 0.55f);
        var texture = striped ? Stripes(random, size, 0.3f, 0.45f) : null;
        var shade = random.NextSingle() * MathF.Tau;
        var (shadeU, shadeV) = (0.12f * MathF.Cos(shade), 0.12f * MathF.Sin(shade));
        var (cos, sin) = (MathF.Cos(angle), MathF.Sin(angle));
        var reach = radius * 1.4f;
        int x0 = Math.Max(0, (int)(cx - reach)), x1 = Math.Min(size - 1, (int)(cx + reach));
        int y0 = Math.Max(0, (int)(cy - reach)), y1 = Math.Min(size - 1, (int)(cy + reach));
        var plane = size * size;
        for (var y = y0; y <= y1; y++)
            for (var x = x0; x <= x1; x++)
            {
                var (dx, dy) = (x + 0.5f - cx, y + 0.5f - cy);
                var u = (dx * cos + dy * sin) / (radius * aspect);
                var v = (dy * cos - dx * sin) * aspect / radius;
                if (!Inside(shape, u, v)) continue;
                // Smooth objects get a gentle shading gradient; striped ones a strong square-wave pattern.
                var light = 1f + (texture?.At(x, y) ?? u * shadeU + v * shadeV);
                for (var c = 0; c < 3; c++) rgb[c * plane + y * size + x] = colour[c] * light;
                mask[y * size + x] = (byte)label;
            }
    }

    // (u, v): the pixel in the object's own frame, scaled so that the shape spans about [-1, 1].
    private static bool Inside(int shape, float u, float v) => shape switch
    {
        0 => u * u + v * v <= 1f,
        1 => Math.Max(MathF.Abs(u), MathF.Abs(v)) <= 0.8f,
        2 => Sin60 * u + 0.5f * v <= 0.55f && -Sin60 * u + 0.5f * v <= 0.55f && -v <= 0.55f, // sides facing 30°, 150°, 270°
        3 => u * u + v * v is <= 1f and >= 0.3f,
        _ => (MathF.Abs(u) <= 1f && MathF.Abs(v) <= 0.33f) || (MathF.Abs(v) <= 1f && MathF.Abs(u) <= 0.33f),
    };

    // An object's pixels that touch a pixel of another label become void, a one-pixel outline as VOC draws.
    private static void MarkOutlines(Span<byte> mask, int size)
    {
        var labels = mask.ToArray();
        for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
            {
                var label = labels[y * size + x];
                if (label == 0) continue;
                if ((x > 0 && labels[y * size + x - 1] != label) || (x < size - 1 && labels[y * size + x + 1] != label)
                    || (y > 0 && labels[(y - 1) * size + x] != label) || (y < size - 1 && labels[(y + 1) * size + x] != label))
                    mask[y * size + x] = Void;
            }
    }

    private static StripePattern Stripes(Random random, int size, float minContrast, float maxContrast) => new(
        Math.Max(3f, size * (0.05f + random.NextSingle() * 0.05f)), random.NextSingle() * MathF.Tau,
        minContrast + random.NextSingle() * (maxContrast - minContrast));

    private sealed record StripePattern(float Period, float Angle, float Contrast)
    {
        private readonly float cos = MathF.Cos(Angle), sin = MathF.Sin(Angle);

        public float At(int x, int y)
        {
            var phase = (x * cos + y * sin) / Period;
            return phase - MathF.Floor(phase) < 0.5f ? Contrast : -Contrast;
        }
    }

    private static float[] Hsv(float hue, float saturation, float value)
    {
        var h = ((hue % 360f) + 360f) % 360f / 60f;
        var chroma = value * saturation;
        var x = chroma * (1f - MathF.Abs(h % 2f - 1f));
        var (r, g, b) = (int)h switch
        {
            0 => (chroma, x, 0f),
            1 => (x, chroma, 0f),
            2 => (0f, chroma, x),
            3 => (0f, x, chroma),
            4 => (x, 0f, chroma),
            _ => (chroma, 0f, x),
        };
        var m = value - chroma;
        return new[] { r + m, g + m, b + m };
    }
}
