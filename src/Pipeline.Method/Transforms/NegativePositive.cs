using Pipeline.Method.Keys;
using Pipeline.TorchExtensions;
using static TorchSharp.torch;

namespace Pipeline.Method.Transforms;

/// <summary>NP, negative/positive transformation: y[..., j] = 1 − x[..., j] at the selected positions; its own inverse.</summary>
public sealed class NegativePositive : BlockTransform
{
    /// <summary>The registry name.</summary>
    public const string Method = "np";

    public NegativePositive(int blockSize, SecretKey key) : base(Method, blockSize, key) { }

    protected override Tensor ApplyToBlocks(Tensor blocks)
    {
        var mask = Constant("selected", DeviceId.Of(blocks), () => SelectionMask(Key, BlockLength));
        return where(mask, 1 - blocks, blocks);
    }

    protected override Tensor InvertBlocks(Tensor blocks) => ApplyToBlocks(blocks);

    /// <summary>A bool vector of length L, true at the key's selected positions (shared with FFX).</summary>
    internal static Tensor SelectionMask(SecretKey key, int length)
    {
        var mask = new bool[length];
        foreach (var j in key.Selection(length)) mask[j] = true;
        return tensor(mask);
    }
}
