using Pipeline.TorchExtensions;
using static TorchSharp.torch;

namespace Pipeline.Method.Imaging;

/// <summary>An 8-bit RGB image, row-major H×W×3 bytes.</summary>
public sealed class RgbImage
{
    public RgbImage(int height, int width, byte[] pixels)
    {
        if (height <= 0 || width <= 0 || pixels.Length != (long)height * width * 3)
            throw new ArgumentException($"{pixels.Length} bytes do not make an RGB image of {height}×{width}");
        Height = height;
        Width = width;
        Pixels = pixels;
    }

    public int Height { get; }
    public int Width { get; }
    public byte[] Pixels { get; }

    /// <summary>Row-major RGBA bytes, alpha 255: the layout SkiaSharp draws and encodes.</summary>
    public byte[] ToRgba()
    {
        var rgba = new byte[Height * Width * 4];
        for (int i = 0, j = 0; i < Pixels.Length; i += 3, j += 4)
        {
            rgba[j] = Pixels[i];
            rgba[j + 1] = Pixels[i + 1];
            rgba[j + 2] = Pixels[i + 2];
            rgba[j + 3] = 255;
        }
        return rgba;
    }

    /// <summary>From row-major RGBA bytes, alpha dropped.</summary>
    public static RgbImage FromRgba(int height, int width, byte[] rgba)
    {
        if (rgba.Length != (long)height * width * 4) throw new ArgumentException($"{rgba.Length} bytes do not make an RGBA image of {height}×{width}");
        var rgb = new byte[height * width * 3];
        for (int i = 0, j = 0; i < rgb.Length; i += 3, j += 4)
        {
            rgb[i] = rgba[j];
            rgb[i + 1] = rgba[j + 1];
            rgb[i + 2] = rgba[j + 2];
        }
        return new RgbImage(height, width, rgb);
    }

    /// <summary>1×3×H×W float32 on the CPU with x = value/255.</summary>
    public Tensor ToTensor()
    {
        using var scope = NewDisposeScope();
        return tensor(Pixels, [Height, Width, 3]).permute(2, 0, 1).unsqueeze(0).to(ScalarType.Float32).div(255)
                    .MoveToOuterDisposeScope();
    }

    /// <summary>From a 3×H×W or 1×3×H×W image in [0,1] (any device): round(clamp(x,0,1)·255).</summary>
    public static RgbImage FromTensor(Tensor image)
    {
        using var scope = NewDisposeScope();
        var chw = image.dim() == 4 && image.size(0) == 1 ? image.squeeze(0) : image;
        if (chw.dim() != 3 || chw.size(0) != 3)
            throw new ArgumentException($"expected an image of shape 3×H×W or 1×3×H×W, got [{string.Join(", ", image.shape)}]");
        var bytes = chw.clamp(0, 1).mul(255).round().to(ScalarType.Byte).permute(1, 2, 0).contiguous().cpu();
        return new RgbImage((int)chw.size(1), (int)chw.size(2), bytes.ToArray<byte>());
    }
}
