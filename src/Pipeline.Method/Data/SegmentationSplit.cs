using Pipeline.TorchExtensions;
using static TorchSharp.torch;

namespace Pipeline.Method.Data;

/// <summary>
/// One split held whole as tensors, so training and evaluation read it on the device: Images N×3×H×W uint8, Masks N×H×W uint8
/// (class ids, 255 = ignore), and the id of each sample. It owns its tensors.
/// </summary>
public sealed class SegmentationSplit : IDisposable
{
    public SegmentationSplit(Tensor images, Tensor masks, IReadOnlyList<string> ids)
    {
        var (i, m) = (images.shape, masks.shape);
        if (images.dtype != ScalarType.Byte || masks.dtype != ScalarType.Byte || i.Length != 4 || i[1] != 3 || m.Length != 3
            || i[0] != m[0] || i[2] != m[1] || i[3] != m[2] || i[0] != ids.Count)
            throw new ArgumentException(
                $"a split needs uint8 images N×3×H×W and masks N×H×W for {ids.Count} ids; got {images.dtype} [{string.Join(", ", i)}] and {masks.dtype} [{string.Join(", ", m)}]");
        Images = images.DetachFromDisposeScope();
        Masks = masks.DetachFromDisposeScope();
        Ids = ids;
    }

    public Tensor Images { get; }
    public Tensor Masks { get; }
    public IReadOnlyList<string> Ids { get; }
    public int Count => Ids.Count;

    /// <summary>A new split of the samples at the given positions, in that order (an attacker's share of the training images).</summary>
    public SegmentationSplit Subset(IReadOnlyList<int> positions)
    {
        using var scope = NewDisposeScope();
        var index = tensor(positions.Select(p => (long)p).ToArray(), device: Images.device);
        return new SegmentationSplit(Images.index_select(0, index), Masks.index_select(0, index), positions.Select(p => Ids[p]).ToArray());
    }

    /// <summary>A copy on another device (e.g. the whole split onto the GPU before training).</summary>
    public SegmentationSplit To(DeviceId device) => new(Images.to(device.ToTorch()), Masks.to(device.ToTorch()), Ids);

    public void Dispose()
    {
        Images.Dispose();
        Masks.Dispose();
    }
}
