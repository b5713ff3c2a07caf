using Pipeline.Method.Transforms;
using Pipeline.TorchExtensions;
using static TorchSharp.torch;

namespace Pipeline.Method.Training;

/// <summary>
/// What every image goes through before the model, in the paper's order: (augmentation, done by the caller),
/// the secret-key block transform, then ImageNet normalisation; optionally channels-last for fast convolutions.
/// </summary>
public sealed class InputPipeline(BlockTransform? transform, bool channelsLast)
{
    private static readonly float[] Mean = [0.485f, 0.456f, 0.406f];
    private static readonly float[] Std = [0.229f, 0.224f, 0.225f];

    public BlockTransform? Transform { get; } = transform;

    /// <summary>Images uint8 N×3×H×W (or float in [0,1]) → normalised float model input on the same device.</summary>
    public Tensor Prepare(Tensor images)
    {
        using var scope = NewDisposeScope();
        var x = images.dtype == ScalarType.Byte ? images.to(ScalarType.Float32).div_(255.0) : images;
        if (Transform is not null) x = Transform.Apply(x);
        var mean = tensor(Mean, [1, 3, 1, 1], device: x.device);
        var std = tensor(Std, [1, 3, 1, 1], device: x.device);
        var normalised = (x - mean) / std;
        if (channelsLast) normalised = normalised.ToChannelsLast();
        return normalised.MoveToOuterDisposeScope();
    }
}
