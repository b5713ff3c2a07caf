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
