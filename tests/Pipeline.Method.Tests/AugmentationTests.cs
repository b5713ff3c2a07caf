using Pipeline.Method.Data;
using Pipeline.TorchExtensions;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Method.Tests;

public class AugmentationTests
{
    // A batch whose masks are 8×8-pixel cells of random labels (255 included) and whose images paint each pixel
    // in its label's VOC palette colour, so any misalignment of image and mask shows as a wrong colour.
    private static (Tensor Images, Tensor Masks) ColourCodedBatch(int n, int height, int width)
    {
        var random = new Random(3);
        var masks = new byte[n * height * width];
        var images = new byte[n * 3 * height * width];
        for (var k = 0; k < n; k++)
        {
            var cells = Enumerable.Range(0, (height / 8 + 1) * (width / 8 + 1)).Select(_ => (byte)(random.Next(12) == 0 ? 255 : random.Next(21))).ToArray();
            for (var y = 0; y < height; y++)
                for (var x = 0; x < width; x++)
                {
                    var label = cells[y / 8 * (width / 8 + 1) + x / 8];
                    masks[(k * height + y) * width + x] = label;
                    for (var c = 0; c < 3; c++) images[((k * 3 + c) * height + y) * width + x] = VocPalette.Colours[label * 3 + c];
                }
        }
        return (torch.tensor(images, [n, 3, height, width]), torch.tensor(masks, [n, height, width]));
    }

    // The share of pixels whose colour is nearer to their label's colour than to any other label's: bilinear
    // blending at a cell edge keeps the nearest pixel's colour dominant, a shift of the mask does not.
    private static double AlignedShare(Tensor images, Tensor masks)
    {
        var (n, size) = ((int)images.size(0), (int)images.size(2));
        var pixels = images.ToArray<float>();
        var labels = masks.ToArray<long>();
        var palette = Enumerable.Range(0, 21).Append(255).ToArray();
        double Distance(int k, int p, long label) => Enumerable.Range(0, 3)
            .Sum(c => Math.Pow(pixels[(k * 3 + c) * size * size + p] * 255 - VocPalette.Colours[label * 3 + c], 2));
        var aligned = 0;
        for (var k = 0; k < n; k++)
            for (var p = 0; p < size * size; p++)
            {
                var label = labels[k * size * size + p];
                var own = Distance(k, p, label);
                if (palette.All(other => other == label || own < Distance(k, p, other))) aligned++;
            }
        return (double)aligned / (n * size * size);
    }

    [Fact]
    public void KeepsImageAndMaskAligned()
    {
        using var scope = NewDisposeScope();
        var (images, masks) = ColourCodedBatch(16, 48, 64);
        var (augmentedImages, augmentedMasks) = new Augmentation(32, seed: 1).Apply(images, masks);
        Assert.Equal(new long[] { 16, 3, 32, 32 }, augmentedImages.shape);
        Assert.Equal(ScalarType.Float32, augmentedImages.dtype);
        Assert.Equal(new long[] { 16, 32, 32 }, augmentedMasks.shape);
        Assert.Equal(ScalarType.Int64, augmentedMasks.dtype);
        // Bilinear blending at cell edges (wide where a small crop is enlarged) costs a few per cent; the same
        // masks shifted by one output pixel score clearly lower, so the check sees a one-pixel misalignment.
        Assert.InRange(AlignedShare(augmentedImages, augmentedMasks), 0.9, 1.0);
        var shifted = torch.cat(new[] { augmentedMasks.narrow(2, 1, 31), augmentedMasks.narrow(2, 31, 1) }, 2);
        Assert.InRange(AlignedShare(augmentedImages, shifted), 0.0, 0.88);
        var labels = augmentedMasks.ToArray<long>().ToHashSet();
        Assert.Contains(255L, labels);
        Assert.All(labels, v => Assert.True(v is >= 0 and < 21 or 255));
    }

    [Fact]
    public void AFullCropWithFlipMirrorsExactly()
    {
        using var scope = NewDisposeScope();
        var (images, masks) = ColourCodedBatch(2, 24, 24);
        var whole = new RandomResizedCrop(1, 1, 1, 1);
        var (mirrored, mirroredMasks) = new Augmentation(24, seed: 0, whole, flipProbability: 1).Apply(images, masks);
        Assert.Equal(images.flip(3).to(ScalarType.Float32).ToArray<float>(), mirrored.mul(255.0).round().ToArray<float>());
        Assert.Equal(masks.flip(2).to(ScalarType.Int64).ToArray<long>(), mirroredMasks.ToArray<long>());
        var (kept, _) = new Augmentation(24, seed: 0, whole, flipProbability: 0).Apply(images, masks);
        Assert.Equal(images.to(ScalarType.Float32).ToArray<float>(), kept.mul(255.0).round().ToArray<float>());
    }

    [Fact]
    public void IsDeterministicForASeed()
    {
        using var scope = NewDisposeScope();
        var (images, masks) = ColourCodedBatch(4, 32, 32);
        var a = new Augmentation(16, seed: 5).Apply(images, masks);
        var b = new Augmentation(16, seed: 5).Apply(images, masks);
        var c = new Augmentation(16, seed: 6).Apply(images, masks);
        Assert.Equal(a.Images.ToArray<float>(), b.Images.ToArray<float>());
        Assert.Equal(a.Masks.ToArray<long>(), b.Masks.ToArray<long>());
        Assert.NotEqual(a.Masks.ToArray<long>(), c.Masks.ToArray<long>());
    }

    [Fact]
    public void SamplesCropsAsTorchvisionDoes()
    {
        var crop = new RandomResizedCrop();
        var random = new Random(0);
        for (var k = 0; k < 200; k++)
        {
            var box = crop.Sample(random, 60, 80);
            Assert.InRange(box.Top, 0, 60 - box.Height);
            Assert.InRange(box.Left, 0, 80 - box.Width);
            var share = (double)box.Height * box.Width / (60 * 80);
            Assert.InRange(share, 0.06, 1.0);
        }
        // No try can fit an area of twice the image, so the centre crop with the ratio clamped to [3/4, 4/3] follows.
        var impossible = new RandomResizedCrop(MinScale: 2, MaxScale: 3);
        Assert.Equal(new CropBox(16, 0, 67, 50), impossible.Sample(random, 100, 50));
        Assert.Equal(new CropBox(0, 17, 60, 80), impossible.Sample(random, 60, 114));
        Assert.Equal(new CropBox(0, 0, 60, 70), impossible.Sample(random, 60, 70));
    }

    [Fact]
    public void RejectsMismatchedImagesAndMasks()
    {
        using var scope = NewDisposeScope();
        var augmentation = new Augmentation(16, seed: 0);
        Assert.Throws<ArgumentException>(() => augmentation.Apply(torch.zeros(new long[] { 2, 3, 8, 8 }, ScalarType.Byte), torch.zeros(new long[] { 2, 8, 9 }, ScalarType.Byte)));
    }
}
