using Pipeline.TorchExtensions;
using static TorchSharp.torch;

namespace Pipeline.Method.Metrics;

/// <summary>
/// Pixel counts of (ground truth, prediction) pairs, accumulated on the device over a whole evaluation as
/// torchvision's segmentation reference does: rows are ground-truth classes, columns predicted classes.
/// One extra last column counts pixels whose prediction is no class (outside 0..C−1, e.g. 255 in a
/// prediction PNG): they are misses of their ground-truth class without being a false positive of any class.
/// Pixels whose target is the ignore index, or outside 0..C−1, are left out.
/// Mean IoU comes from this one summed matrix, never from averaged per-batch mIoUs.
/// </summary>
public sealed class ConfusionMatrix : IDisposable
{
    public const long DefaultIgnoreIndex = 255;

    private readonly Tensor counts; // Classes × (Classes + 1), int64, on the device

    public ConfusionMatrix(int classes, DeviceId? device = null, long ignoreIndex = DefaultIgnoreIndex)
    {
        if (classes < 1) throw new ArgumentOutOfRangeException(nameof(classes), classes, "a confusion matrix needs at least one class");
        Classes = classes;
        IgnoreIndex = ignoreIndex;
        counts = zeros([classes, classes + 1], ScalarType.Int64, (device ?? DeviceId.CPU).ToTorch()).DetachFromDisposeScope();
    }

    public int Classes { get; }

    public long IgnoreIndex { get; }

    public DeviceId Device => DeviceId.Of(counts);

    /// <summary>Adds the pixels of predicted and ground-truth label maps of equal shape (any integer type). No host sync.</summary>
    public void Update(Tensor predictions, Tensor targets)
    {
        using var scope = NewDisposeScope();
        var one = PairCounts(predictions.unsqueeze(0), targets.unsqueeze(0), Classes, IgnoreIndex);
        counts.add_(one.reshape(Classes, Classes + 1).to(counts.device));
    }

    /// <summary>Adds another matrix over the same classes (e.g. from another device or worker).</summary>
    public void Add(ConfusionMatrix other)
    {
        if (other.Classes != Classes)
            throw new ArgumentException($"cannot add a {other.Classes}-class confusion matrix to a {Classes}-class one", nameof(other));
        using var moved = other.counts.to(counts.device);
        counts.add_(moved);
    }

    public void Reset() => counts.zero_();

    /// <summary>
    /// Per-image pair counts, N × C × (C+1), for label maps N × ... (one matrix per image, so per-image
    /// scores cost one kernel for the whole batch). The flat index image·bins + truth·(C+1) + prediction is
    /// counted with scatter_add into a fixed-size tensor rather than bincount, because bincount on CUDA reads
    /// the largest index back to the host; ignored pixels land in one spare bin per image that is dropped.
    /// </summary>
    internal static Tensor PairCounts(Tensor predictions, Tensor targets, int classes, long ignoreIndex)
    {
        if (!predictions.shape.SequenceEqual(targets.shape))
            throw new ArgumentException(
                $"predictions [{string.Join(", ", predictions.shape)}] and targets [{string.Join(", ", targets.shape)}] differ in shape");
        var n = targets.size(0);
        var device = targets.device;
        long cells = classes * (classes + 1L);
        var bins = cells + 1;
        using var scope = NewDisposeScope();
        var truth = targets.reshape(n, -1).to(ScalarType.Int64);
        var predicted = predictions.reshape(n, -1).to(ScalarType.Int64, device);
        var labelled = (truth >= 0L) & (truth < classes) & truth.ne(ignoreIndex);
        var column = where((predicted >= 0L) & (predicted < classes), predicted, full_like(predicted, classes));
        var cell = where(labelled, truth * (classes + 1L) + column, full_like(truth, cells));
        var index = (cell + arange(n, ScalarType.Int64, device).unsqueeze(1) * bins).reshape(-1);
        var total = zeros([n * bins], ScalarType.Int64, device).scatter_add(0, index, ones_like(index));
        return total.view(n, bins).narrow(1, 0, cells).reshape(n, classes, classes + 1).MoveToOuterDisposeScope();
    }

    /// <summary>Per-class IoU, mean IoU over the classes present (non-empty union) and pixel accuracy. Reads the matrix once.</summary>
    public SegmentationScores Compute() => SegmentationScores.From(ToRows());

    /// <summary>The counts as rows (ground truth) of C+1 columns (predictions, then "no class"), for JSON.</summary>
    public long[][] ToRows()
    {
        var flat = counts.ToArray<long>();
        return Enumerable.Range(0, Classes).Select(r => flat.AsSpan(r * (Classes + 1), Classes + 1).ToArray()).ToArray();
    }

    /// <summary>Rebuilds a matrix from <see cref="ToRows"/>; plain C×C matrices (no "no class" column) are accepted too.</summary>
    public static ConfusionMatrix FromRows(long[][] rows, DeviceId? device = null, long ignoreIndex = DefaultIgnoreIndex)
    {
        var classes = rows.Length;
        var flat = new long[classes * (classes + 1)];
        for (var r = 0; r < classes; r++)
        {
            if (rows[r].Length != classes && rows[r].Length != classes + 1)
                throw new ArgumentException($"row {r} has {rows[r].Length} columns; a {classes}-class confusion matrix needs {classes} or {classes + 1}", nameof(rows));
            rows[r].CopyTo(flat, r * (classes + 1));
        }
        var matrix = new ConfusionMatrix(classes, device, ignoreIndex);
        using var values = tensor(flat, [classes, classes + 1]);
        matrix.counts.copy_(values);
        return matrix;
    }

    public void Dispose() => counts.Dispose();
}
