namespace Pipeline.Method.Data;

/// <summary>The dataset section's <c>kind</c>; written "synthetic", "voc".</summary>
public enum DatasetKind
{
    /// <summary>The generated VOC-shaped set (<see cref="SyntheticVoc"/>).</summary>
    Synthetic,

    /// <summary>A folder in PASCAL VOC 2012 layout.</summary>
    Voc,
}
