using Pipeline.TorchExtensions;

namespace Pipeline.Method.Data;

/// <summary>
/// A decoded, resized dataset kept as one safetensors file (uint8 images and masks per split, ids in the
/// metadata), so a second run loads tensors instead of decoding thousands of files. The caller names the file by
/// a key of its sources and settings; a stale file is never read because a changed source gives another name.
/// The files live in the user's cache folder (<see cref="UserFolder"/>), never beside the data, which may be a shared
/// read-only copy. The cache only saves time: a folder that cannot be written, or a file that cannot be read, costs a
/// decode and nothing else.
/// </summary>
public static class DatasetCache
{
    private static readonly string[] Splits = { "train", "validation", "test" };

    /// <summary>
    /// Where decoded datasets are kept: $PIPELINE_CACHE, else $XDG_CACHE_HOME/pipeline, else ~/.cache/pipeline
    /// (%LOCALAPPDATA%\pipeline\cache on Windows).
    /// </summary>
    public static string UserFolder =>
        Environment.GetEnvironmentVariable("PIPELINE_CACHE") is { Length: > 0 } own ? own
        : OperatingSystem.IsWindows() ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "pipeline", "cache")
        : Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "pipeline");

    public static SegmentationDataset LoadOrCreate(string path, IReadOnlyList<string> classNames, Func<SegmentationDataset> create)
    {
        if (File.Exists(path))
        {
            try
            {
                return Read(path, classNames);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException or KeyNotFoundException or ArgumentException)
            {
                // A damaged file (a disk error, an edit by hand) is decoded again below and replaced.
            }
        }
        var dataset = create();
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            var parts = Parts(dataset);
            Safetensors.Save(path,
                parts.SelectMany(p => new[] { ($"{p.Name}.images", p.Split.Images), ($"{p.Name}.masks", p.Split.Masks) }).ToDictionary(),
                parts.ToDictionary(p => $"{p.Name}.ids", p => string.Join('\n', p.Split.Ids)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No cache this time: the next run decodes again.
        }
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
