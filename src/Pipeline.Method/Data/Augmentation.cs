using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Pipeline.Method.Data;

/// <summary>
/// The paper's training augmentation, done on the batch's device: a random resized crop per sample (torchvision's
/// sampling, <see cref="RandomResizedCrop"/>) resized to the output size, then a horizontal flip with probability
/// FlipProbability. Crop and flip of a sample are one affine map, so the whole batch is warped by one sampling grid:
/// bilinear for images, nearest for masks, with the same grid, so image and mask stay aligned and 255 stays 255.
/// Parameters come from a System.Random seeded once, so a run is the same for the same seed and call sequence;
/// they travel to the device as one small tensor per batch, with no read-back.
/// </summary>
public sealed class Augmentation(int outputSize, int seed, RandomResizedCrop? crop = null, double flipProbability = 0.5)
{
    private readonly Random random = new(seed);
    private readonly RandomResizedCrop crop = crop ?? new RandomResizedCrop();

    public int OutputSize { get; } = outputSize > 0 ? outputSize : throw new ArgumentOutOfRangeException(nameof(outputSize), outputSize, "must be positive");

    /// <summary>uint8 images N×3×H×W and masks N×H×W → float images N×3×S×S in [0, 1] and int64 masks N×S×S.</summary>
    public (Tensor Images, Tensor Masks) Apply(Tensor images, Tensor masks)
    {
        var (i, m) = (images.shape, masks.shape);
        if (i.Length != 4 || i[1] != 3 || m.Length != 3 || m[0] != i[0] || m[1] != i[2] || m[2] != i[3])
            throw new ArgumentException($"images N×3×H×W and masks N×H×W must match; got [{string.Join(", ", i)}] and [{string.Join(", ", m)}]");
        var (n, height, width) = ((int)i[0], (int)i[2], (int)i[3]);
        using var scope = NewDisposeScope();
        var grid = SamplingGrid(SampleMaps(n, height, width).to(images.device), height, width);
        var warpedImages = grid_sample(images.to(ScalarType.Float32).div(255.0), grid, mode: GridSampleMode.Bilinear, align_corners: false);
        var warpedMasks = grid_sample(masks.unsqueeze(1).to(ScalarType.Float32), grid, mode: GridSampleMode.Nearest, align_corners: false)
            .squeeze(1).to(ScalarType.Int64);
        return (warpedImages.MoveToOuterDisposeScope(), warpedMasks.MoveToOuterDisposeScope());
    }

    // Per sample (x scale, x offset, y scale, y offset) taking t ∈ (0, 1) across the output to grid_sample's
    // normalised input coordinate (−1 … 1 spans the pixel edges, align_corners = false); a flip negates the x map.
    private Tensor SampleMaps(int n, int height, int width)
    {
        var maps = new float[n * 4];
        for (var k = 0; k < n; k++)
        {
            var box = crop.Sample(random, height, width);
            var flip = random.NextDouble() < flipProbability;
            var (sx, ox) = (2.0 * box.Width / width, 2.0 * box.Left / width - 1);
            maps[4 * k] = (float)(flip ? -sx : sx);
            maps[4 * k + 1] = (float)(flip ? ox + sx : ox);
            maps[4 * k + 2] = (float)(2.0 * box.Height / height);
            maps[4 * k + 3] = (float)(2.0 * box.Top / height - 1);
        }
        return tensor(maps, [n, 4]);
    }

    // Coordinates are clamped to the outermost pixel centres, i.e. border padding, so a crop touching the image
    // edge never blends in zeros.
    private Tensor SamplingGrid(Tensor maps, int height, int width)
    {
        var n = maps.size(0);
        var t = arange(OutputSize, ScalarType.Float32, maps.device).add(0.5).div((double)OutputSize);
        var column = maps.narrow(1, 0, 1) * t.unsqueeze(0) + maps.narrow(1, 1, 1);   // N×S
        var row = maps.narrow(1, 2, 1) * t.unsqueeze(0) + maps.narrow(1, 3, 1);      // N×S
        var x = column.clamp(-1.0 + 1.0 / width, 1.0 - 1.0 / width).unsqueeze(1).expand(n, OutputSize, OutputSize);
        var y = row.clamp(-1.0 + 1.0 / height, 1.0 - 1.0 / height).unsqueeze(2).expand(n, OutputSize, OutputSize);
        return stack([x, y], 3);
    }
}
