using Pipeline.Method.Keys;
using Pipeline.TorchExtensions;
using static TorchSharp.torch;

namespace Pipeline.Method.Transforms;

/// <summary>NP, negative/positive transformation: y[..., j] = 1 − x[..., j] at the selected positions; its own inverse.</summary>
public sealed class NegativePositive : BlockTransform
{
    /// <summary>The method's name (<see cref="NpMethod"/>).</summary>
    public const string Method = "np";

    public NegativePositive(int blockSize, SecretKey key) : this(blockSize, BlockKey.From(key, BlockSegmentation.BlockLength(blockSize))) { }

    public NegativePositive(int blockSize, BlockKey key) : base(Method, blockSize, key) { }

    protected override Tensor ApplyToBlocks(Tensor blocks)
    {
        var mask = SelectionMask(DeviceId.Of(blocks));
        return where(mask, 1 - blocks, blocks);
    }

    protected override Tensor InvertBlocks(Tensor blocks) => ApplyToBlocks(blocks);
}

/// <summary>NP as a protection method: the key's selected positions negated.</summary>
public sealed class NpMethod() : SelectionMethod(NegativePositive.Method, order: 2)
{
    public override BlockTransform Transform(int blockSize, BlockKey key, MethodOptions options) => new NegativePositive(blockSize, key);
}
