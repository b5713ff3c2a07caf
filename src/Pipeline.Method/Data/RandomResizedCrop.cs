namespace Pipeline.Method.Data;

/// <summary>A crop box in pixels: top row, left column, height, width.</summary>
public readonly record struct CropBox(int Top, int Left, int Height, int Width);

/// <summary>
/// torchvision's RandomResizedCrop.get_params: up to 10 tries of an area fraction in [scale] and a log-uniform
/// aspect ratio (w/h) in [ratio] that fits the image, then a centre crop clamped to the ratio range.
/// </summary>
public sealed record RandomResizedCrop(double MinScale = 0.08, double MaxScale = 1.0, double MinRatio = 3.0 / 4.0, double MaxRatio = 4.0 / 3.0)
{
    private const int Attempts = 10;

    public CropBox Sample(Random random, int height, int width)
    {
        var area = (double)height * width;
        var (logMin, logMax) = (Math.Log(MinRatio), Math.Log(MaxRatio));
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var targetArea = area * Uniform(random, MinScale, MaxScale);
            var aspect = Math.Exp(Uniform(random, logMin, logMax));
            // Math.Round rounds half to even, as Python's round does.
            var w = (int)Math.Round(Math.Sqrt(targetArea * aspect));
            var h = (int)Math.Round(Math.Sqrt(targetArea / aspect));
            if (w > 0 && w <= width && h > 0 && h <= height)
                return new CropBox(random.Next(0, height - h + 1), random.Next(0, width - w + 1), h, w);
        }
        var ratio = (double)width / height;
        var (ch, cw) = ratio < MinRatio ? ((int)Math.Round(width / MinRatio), width)
                     : ratio > MaxRatio ? (height, (int)Math.Round(height * MaxRatio))
                     : (height, width);
        return new CropBox((height - ch) / 2, (width - cw) / 2, ch, cw);
    }

    private static double Uniform(Random random, double from, double to) => from + random.NextDouble() * (to - from);
}
