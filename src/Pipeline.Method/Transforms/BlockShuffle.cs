using Pipeline.Method.Keys;
using Pipeline.TorchExtensions;
using static TorchSharp.torch;

namespace Pipeline.Method.Transforms;

/// <summary>SHF, pixel shuffling: y[..., j] = x[..., perm[j]] inside every block vector.</summary>
public sealed class BlockShuffle : BlockTransform
{
    /// <summary>The method's name (<see cref="ShfMethod"/>).</summary>
    public const string Method = "shf";

    public BlockShuffle(int blockSize, SecretKey key) : this(blockSize, BlockKey.From(key, BlockSegmentation.BlockLength(blockSize))) { }

    public BlockShuffle(int blockSize, BlockKey key) : base(Method, blockSize, key) { }

    protected override Tensor ApplyToBlocks(Tensor blocks) =>
        blocks.index_select(-1, Constant("perm", DeviceId.Of(blocks), () => tensor(Key.Permutation.ToArray())));

    // x[..., perm[j]] = y[..., j], so x = y[..., argsort(perm)].
    protected override Tensor InvertBlocks(Tensor blocks) =>
        blocks.index_select(-1, Constant("inverse", DeviceId.Of(blocks), () =>
        {
            using var perm = tensor(Key.Permutation.ToArray());
            return perm.argsort();
        }));
}

/// <summary>SHF as a protection method: a permutation of each block's positions.</summary>
public sealed class ShfMethod() : PermutationMethod(BlockShuffle.Method, order: 1)
{
    public override BlockTransform Transform(int blockSize, BlockKey key, MethodOptions options) => new BlockShuffle(blockSize, key);
}
