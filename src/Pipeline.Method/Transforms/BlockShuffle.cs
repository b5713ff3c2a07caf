using Pipeline.Method.Keys;
using Pipeline.Torch;

namespace Pipeline.Method.Transforms;

/// <summary>SHF, pixel shuffling: y[..., j] = x[..., perm[j]] inside every block vector.</summary>
public sealed class BlockShuffle : BlockTransform
{
    public BlockShuffle(int blockSize, SecretKey key) : base("shf", blockSize, key) { }

    protected override Tensor ApplyToBlocks(Tensor blocks) =>
        blocks.index_select(-1, Constant("perm", blocks.device, () => torch.tensor(Key.Permutation(BlockLength))));

    // x[..., perm[j]] = y[..., j], so x = y[..., argsort(perm)].
    protected override Tensor InvertBlocks(Tensor blocks) =>
        blocks.index_select(-1, Constant("inverse", blocks.device, () =>
        {
            using var perm = torch.tensor(Key.Permutation(BlockLength));
            return perm.argsort();
        }));
}
