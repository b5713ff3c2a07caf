namespace Pipeline.Method.Data;

/// <summary>PASCAL VOC 2012's 21 segmentation classes in label order (0 is background; 255 marks void pixels).</summary>
public static class VocClasses
{
    public const int IgnoreIndex = 255;

    public static IReadOnlyList<string> Names { get; } = new[]
    {
        "background", "aeroplane", "bicycle", "bird", "boat", "bottle", "bus", "car", "cat", "chair", "cow",
        "diningtable", "dog", "horse", "motorbike", "person", "pottedplant", "sheep", "sofa", "train", "tvmonitor",
    };
}
