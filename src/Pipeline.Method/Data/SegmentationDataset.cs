namespace Pipeline.Method.Data;

/// <summary>The three splits of the paper's protocol (train, validation for model selection, test) and the class names.</summary>
public sealed class SegmentationDataset(SegmentationSplit train, SegmentationSplit validation, SegmentationSplit test, IReadOnlyList<string> classNames)
    : IDisposable
{
    public SegmentationSplit Train { get; } = train;
    public SegmentationSplit Validation { get; } = validation;
    public SegmentationSplit Test { get; } = test;
    public IReadOnlyList<string> ClassNames { get; } = classNames;

    public void Dispose()
    {
        Train.Dispose();
        Validation.Dispose();
        Test.Dispose();
    }
}
