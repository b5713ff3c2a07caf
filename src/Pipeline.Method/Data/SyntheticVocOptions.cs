namespace Pipeline.Method.Data;

/// <summary>Size and counts of the synthetic set; the defaults mirror VOC 2012 as the paper uses it (256 px, 1318 / 146 / 1449).</summary>
public sealed record SyntheticVocOptions
{
    public int ImageSize { get; init; } = 256;
    public int Train { get; init; } = 1318;
    public int Validation { get; init; } = 146;
    public int Test { get; init; } = 1449;
    public int Seed { get; init; }
    /// <summary>Background plus the first Classes − 1 object classes of <see cref="SyntheticScene"/>; fewer classes learn faster on a CPU.</summary>
    public int Classes { get; init; } = SyntheticScene.Classes;

    public void Validate()
    {
        if (ImageSize < 8) throw new ArgumentOutOfRangeException(nameof(ImageSize), ImageSize, "synthetic images need at least 8×8 pixels");
        if (Train < 1 || Validation < 0 || Test < 0)
            throw new ArgumentException($"synthetic counts must be train ≥ 1, validation ≥ 0, test ≥ 0; got {Train}, {Validation}, {Test}");
        if (Classes is < 2 or > SyntheticScene.Classes)
            throw new ArgumentOutOfRangeException(nameof(Classes), Classes, $"the synthetic set has 2..{SyntheticScene.Classes} classes");
    }
}
