namespace Pipeline.Method.Data;

/// <summary>
/// The dataset of a job, as the experiment's <c>dataset</c> section gives it: the synthetic VOC-shaped set, or a
/// folder in VOC layout; images resized to ImageSize × ImageSize. Property names are the YAML field names.
/// </summary>
public sealed record DatasetSettings
{
    public required DatasetKind Kind { get; init; }

    /// <summary>The VOC-layout folder as written: relative to the project root, or absolute. Null for synthetic.</summary>
    public string? Path { get; init; }

    public required int ImageSize { get; init; }

    /// <summary>Class count including background; label 255 is "ignore", so at most 255.</summary>
    public int Classes { get; init; } = VocClasses.Names.Count;

    public string[]? ClassNames { get; init; }

    /// <summary>Image counts of the synthetic splits (the "train" list is parted into train and val); VOC uses its official split.</summary>
    public int? Train { get; init; }
    public int? Val { get; init; }
    public int? Test { get; init; }

    /// <summary>Seeds the synthetic images and the train/validation split.</summary>
    public int Seed { get; init; }

    public string Describe() => Kind == DatasetKind.Voc ? $"voc ({Path}) {ImageSize}px" : $"synthetic {ImageSize}px seed {Seed}";
}
