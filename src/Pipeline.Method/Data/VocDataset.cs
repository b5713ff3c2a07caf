using Pipeline.TorchExtensions;
using Pipeline.Method.Imaging;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Pipeline.Method.Data;

/// <summary>
/// Loads a dataset in VOC layout (<see cref="VocLayout"/>): JPEG images resized bilinearly and palette masks read
/// as class ids and resized by nearest neighbour, both to ImageSize × ImageSize. The "train" list is parted into
/// train and validation by <see cref="TrainValidationSplit"/>; the "val" list is the test set. With a cache folder,
/// the decoded set is kept by <see cref="DatasetCache"/> under a key of the sources and settings. Every error names
/// the file: a missing folder or list, an id without its image or mask, image and mask of different sizes, an
/// unreadable file, or a label outside 0..classes−1 that is not 255.
/// </summary>
public static class VocDataset
{
    public static SegmentationDataset Load(VocOptions options)
    {
        var layout = new VocLayout(options.Root);
        foreach (var folder in new[] { layout.Root, layout.Images, layout.Masks, layout.Lists })
            if (!Directory.Exists(folder))
                throw new DirectoryNotFoundException($"{folder}: folder not found; a VOC-layout dataset needs JPEGImages, SegmentationClass and ImageSets/Segmentation");
        var trainIds = ReadList(layout, VocLayout.TrainList);
        var testIds = ReadList(layout, VocLayout.TestList);
        if (options.CacheFolder is null) return Decode(layout, trainIds, testIds, options);
        var cache = Path.Combine(options.CacheFolder, $"voc-{CacheKey(layout, trainIds.Concat(testIds), options)}.safetensors");
        return DatasetCache.LoadOrCreate(cache, options.ClassNames, () => Decode(layout, trainIds, testIds, options));
    }

    private static SegmentationDataset Decode(VocLayout layout, string[] trainIds, string[] testIds, VocOptions options)
    {
        var validationCount = TrainValidationSplit.ValidationCount(trainIds.Length, options.ValidationFraction);
        var (train, validation) = TrainValidationSplit.Partition(trainIds.Length, validationCount, options.SplitSeed);
        return new SegmentationDataset(
            LoadSplit(layout, train.Select(k => trainIds[k]).ToArray(), options),
            LoadSplit(layout, validation.Select(k => trainIds[k]).ToArray(), options),
            LoadSplit(layout, testIds, options),
            options.ClassNames);
    }

    // Sources (path, size and modification time of every list, image and mask) and the settings that shape the tensors;
    // the version changes with the decoder (2: SkiaSharp).
    private static string CacheKey(VocLayout layout, IEnumerable<string> ids, VocOptions options)
    {
        var files = new[] { layout.ListPath(VocLayout.TrainList), layout.ListPath(VocLayout.TestList) }
            .Concat(ids.SelectMany(id => new[] { layout.ImagePath(id), layout.MaskPath(id) }))
            .Select(path => new FileInfo(path))
            .Select(f => $"{f.FullName}\t{f.Length}\t{f.LastWriteTimeUtc.Ticks}");
        var settings = $"voc-cache 2\t{options.ImageSize}\t{string.Join(',', options.ClassNames)}\t{options.ValidationFraction:R}\t{options.SplitSeed}";
        var text = string.Join('\n', files.Prepend(settings));
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..32];
    }

    private static string[] ReadList(VocLayout layout, string list)
    {
        var path = layout.ListPath(list);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: list not found", path);
        var ids = File.ReadAllLines(path).Select(line => line.Trim()).Where(line => line.Length > 0).ToArray();
        if (ids.Length == 0) throw new InvalidDataException($"{path}: the list names no images");
        foreach (var id in ids)
        {
            if (!File.Exists(layout.ImagePath(id))) throw new FileNotFoundException($"{path}: id '{id}' has no image {layout.ImagePath(id)}", layout.ImagePath(id));
            if (!File.Exists(layout.MaskPath(id))) throw new FileNotFoundException($"{path}: id '{id}' has no mask {layout.MaskPath(id)}", layout.MaskPath(id));
        }
        return ids;
    }

    private static SegmentationSplit LoadSplit(VocLayout layout, string[] ids, VocOptions options)
    {
        var size = options.ImageSize;
        var (imageBytes, maskBytes) = (3 * size * size, size * size);
        var images = new byte[checked(ids.Length * imageBytes)];
        var masks = new byte[checked(ids.Length * maskBytes)];
        FileParallel.For(ids.Length, k =>
        {
            var (image, mask) = Read(layout, ids[k], options.ClassNames.Count);
            ResizeImage(image, size).CopyTo(images, k * imageBytes);
            ResizeMask(mask, size).CopyTo(masks, k * maskBytes);
        });
        return new SegmentationSplit(tensor(images, [ids.Length, 3, size, size]), tensor(masks, [ids.Length, size, size]), ids);
    }

    private static (RgbImage Image, IndexedImage Mask) Read(VocLayout layout, string id, int classes)
    {
        var (imagePath, maskPath) = (layout.ImagePath(id), layout.MaskPath(id));
        var image = Jpeg.Read(imagePath);
        var mask = Png.ReadIndexed(maskPath);
        if (image.Height != mask.Height || image.Width != mask.Width)
            throw new InvalidDataException($"{maskPath}: the mask is {mask.Width}×{mask.Height} but its image {imagePath} is {image.Width}×{image.Height}");
        foreach (var label in mask.Indices)
            if (label >= classes && label != VocClasses.IgnoreIndex)
                throw new InvalidDataException($"{maskPath}: label {label} is outside 0..{classes - 1} and is not {VocClasses.IgnoreIndex} (ignore)");
        return (image, mask);
    }

    // H×W×3 → 3×S×S bytes, bilinear (align_corners = false) as torchvision resizes image tensors.
    private static byte[] ResizeImage(RgbImage image, int size)
    {
        using var scope = NewDisposeScope();
        var chw = tensor(image.Pixels, [image.Height, image.Width, 3]).permute(2, 0, 1);
        if (image.Height == size && image.Width == size) return chw.ToArray<byte>();
        var resized = interpolate(chw.unsqueeze(0).to(ScalarType.Float32), [size, size], mode: InterpolationMode.Bilinear, align_corners: false);
        return resized.round().clamp(0, 255).to(ScalarType.Byte).ToArray<byte>();
    }

    // Nearest neighbour by pixel centres (PIL's NEAREST), so labels are copied, never blended.
    private static byte[] ResizeMask(IndexedImage mask, int size)
    {
        if (mask.Height == size && mask.Width == size) return mask.Indices;
        var resized = new byte[size * size];
        for (var y = 0; y < size; y++)
        {
            var sourceRow = Math.Min(mask.Height - 1, (int)((y + 0.5) * mask.Height / size));
            for (var x = 0; x < size; x++)
                resized[y * size + x] = mask.Indices[sourceRow * mask.Width + Math.Min(mask.Width - 1, (int)((x + 0.5) * mask.Width / size))];
        }
        return resized;
    }
}
