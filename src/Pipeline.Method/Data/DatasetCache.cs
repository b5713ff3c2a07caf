using Pipeline.TorchExtensions;

namespace Pipeline.Method.Data;

/// <summary>
/// A decoded, resized dataset kept as one safetensors file (uint8 images and masks per split, ids in the
/// metadata), so a second run loads tensors instead of decoding thousands of files. The caller names the file by
/// a key of its sources and settings; a stale file is never read because a changed source gives another name.
/// </summary>
public static class DatasetCache
{
    private static readonly string[] Splits = { "train", "validation", "test" };

    public static SegmentationDataset LoadOrCreate(string path, IReadOnlyList<string> classNames, Func<SegmentationDataset> create)
    {
        if (File.Exists(path)) return Read(path, classNames);
        var dataset = create();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var parts = Parts(dataset);
        Safetensors.Save(path,
            parts.SelectMany(p => new[] { ($"{p.Name}.images", p.Split.Images), ($"{p.Name}.masks", p.Split.Masks) }).ToDictionary(),
            parts.ToDictionary(p => $"{p.Name}.ids", p => string.Join('\n', p.Split.Ids)));
        return dataset;
    }

    private static (string Name, SegmentationSplit Split)[] Parts(SegmentationDataset d) =>
        Splits.Zip(new[] { d.Train, d.Validation, d.Test }).ToArray();

    private static SegmentationDataset Read(string path, IReadOnlyList<string> classNames)
    {
        var metadata = Safetensors.ReadMetadata(path);
        var tensors = Safetensors.Load(path);
        var splits = Splits.Select(name =>
        {
            var ids = metadata.TryGetValue($"{name}.ids", out var text) && text.Length > 0 ? text.Split('\n') : Array.Empty<string>();
            return new SegmentationSplit(tensors[$"{name}.images"], tensors[$"{name}.masks"], ids);
        }).ToArray();
        return new SegmentationDataset(splits[0], splits[1], splits[2], classNames);
    }
}
