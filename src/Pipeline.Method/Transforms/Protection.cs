using Pipeline.Method.Models;

namespace Pipeline.Method.Transforms;

/// <summary>
/// What one key does to a model's computation, whatever the method: a block-wise transform of its inputs (SHF, NP,
/// FFX) or a permutation of its feature maps (fmp). Training, the access-control test, the attacks and the figures
/// use every method through it: the input pipeline takes <see cref="Input"/>, and <see cref="Attach"/> gives the
/// model <see cref="Features"/>. <see cref="Plain"/> is access without a key.
/// </summary>
public sealed class Protection(BlockTransform? input, FeatureMapPermutation? features) : IDisposable
{
    public static Protection Plain => new(null, null);

    public BlockTransform? Input { get; } = input;

    public FeatureMapPermutation? Features { get; } = features;

    /// <summary>Runs the model with this protection's feature permutation from now on (none for the block-wise methods and plain access).</summary>
    public void Attach(FcnResNet model) => model.FeaturePermutation = Features;

    public void Dispose()
    {
        Input?.Dispose();
        Features?.Dispose();
    }
}
