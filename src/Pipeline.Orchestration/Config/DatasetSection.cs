using Pipeline.Method.Data;

namespace Pipeline.Orchestration.Config;

/// <summary>Reads the <c>dataset</c> section: which images, at what size, with how many classes.</summary>
internal static class DatasetSection
{
    /// <summary>Where to get VOC: part of every "dataset missing" message.</summary>
    public const string VocHelp =
        "download PASCAL VOC 2012 (VOCtrainval_11-May-2012.tar from http://host.robots.ox.ac.uk/pascal/VOC/voc2012/), "
        + "extract it so that PATH/JPEGImages, PATH/SegmentationClass and PATH/ImageSets/Segmentation exist "
        + "(e.g. data/VOCdevkit/VOC2012 under the project root) and set dataset.path to PATH";

    private const int MaxSyntheticClasses = SyntheticScene.Classes;

    public static DatasetSettings? Read(ConfigSection s, string projectRoot)
    {
        var kind = s.Required("kind")?.Choice<DatasetKind>("dataset kind");
        var pathValue = s.Field("path");
        var path = pathValue?.Text();
        var imageSize = s.Required("image_size")?.Int(8, 8192);
        var classesValue = s.Field("classes");
        var classes = classesValue?.Int(2, 255);
        var namesValue = s.Field("class_names");
        var names = namesValue?.Sequence()?.Select(v => v.Text() ?? "").ToArray();
        var counts = new[] { "train", "val", "test" }.Select(name => (Name: name, Value: s.Field(name))).ToArray();
        var seed = s.Field("seed")?.Int(0, int.MaxValue);
        s.RejectUnknown();

        if (names is not null && names.Length != (classes ?? VocClasses.Names.Count))
            namesValue!.Value.Error($"{names.Length} class names for {classes ?? VocClasses.Names.Count} classes; give one name per class (background first) or leave class_names out");

        int?[] splits = [null, null, null];
        if (kind == DatasetKind.Synthetic)
        {
            if (pathValue is { } p) p.Error("only used by kind voc; a synthetic dataset is generated, not read");
            if (classes > MaxSyntheticClasses)
                classesValue!.Value.Error($"the synthetic set has at most {MaxSyntheticClasses} classes (background + 5 shapes × 2 colour families × 2 textures); allowed: 2..{MaxSyntheticClasses}, where fewer keep the first ones (6 = background + the five smooth warm shapes)");
            for (var i = 0; i < counts.Length; i++)
                splits[i] = (counts[i].Value ?? s.Required(counts[i].Name, "a synthetic dataset needs train, val and test image counts"))?.Int(1, 1_000_000);
        }
        else if (kind == DatasetKind.Voc)
        {
            foreach (var (_, value) in counts)
                value?.Error($"only used by kind synthetic; VOC uses its official split (1464 train images split 1318/146 by seed, 1449 test images)");
            if (path is null)
                s.Required("path", VocHelp);
            else if (!Directory.Exists(System.IO.Path.Combine(projectRoot, path)))
                pathValue!.Value.Error($"folder {System.IO.Path.GetFullPath(System.IO.Path.Combine(projectRoot, path))} does not exist; {VocHelp}");
        }

        if (kind is null || imageSize is null) return null;
        var settings = new DatasetSettings
        {
            Kind = kind.Value, Path = kind == DatasetKind.Voc ? path : null, ImageSize = imageSize.Value, ClassNames = names,
            Train = splits[0], Val = splits[1], Test = splits[2],
        };
        return settings with { Classes = classes ?? settings.Classes, Seed = seed ?? settings.Seed };
    }
}
