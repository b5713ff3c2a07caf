using Pipeline.TorchExtensions;
using static TorchSharp.torch;

namespace Pipeline.Method.Transforms;

/// <summary>
/// A key-protected block-wise transform: images are cut into M×M blocks (<see cref="BlockSegmentation"/>)
/// and every block vector of every image goes through the same keyed map. Inputs are floating-point
/// N×3×H×W batches in [0,1] on any device; results stay on that device.
/// </summary>
public abstract class BlockTransform : IDisposable
{
    private readonly DeviceConstants constants = new();

    protected BlockTransform(string name, int blockSize, BlockKey key)
    {
        if (blockSize <= 0) throw new ArgumentException($"block size {blockSize} must be positive");
        Name = name;
        BlockSize = blockSize;
        Key = key ?? throw new ArgumentNullException(nameof(key));
        if (key.Length != BlockLength) throw new ArgumentException($"the key is for blocks of {key.Length} positions, not {BlockLength} (M = {blockSize})", nameof(key));
    }

    /// <summary>The registry name (shf, np, ffx).</summary>
    public string Name { get; }

    /// <summary>M, the side of a square block.</summary>
    public int BlockSize { get; }

    /// <summary>The key material this transform applies (never the secret key itself).</summary>
    public BlockKey Key { get; }

    /// <summary>L = M·M·3, the length of a block vector.</summary>
    public int BlockLength => BlockSegmentation.BlockLength(BlockSize);

    /// <summary>The protected images, a new N×3×H×W tensor on the input's device.</summary>
    public Tensor Apply(Tensor images) => Run(images, ApplyToBlocks);

    /// <summary>The inverse of <see cref="Apply"/>, for decryption and tests.</summary>
    public Tensor Invert(Tensor images) => Run(images, InvertBlocks);

    /// <summary>Maps block vectors N×(H/M)×(W/M)×L to new ones of the same shape; temporaries may be left to the caller's scope.</summary>
    protected abstract Tensor ApplyToBlocks(Tensor blocks);

    protected abstract Tensor InvertBlocks(Tensor blocks);

    /// <summary>
    /// A key-derived constant (permutation, mask, table) on the given device, built once per device so that
    /// a batch costs no host-to-device copy after the first.
    /// </summary>
    protected Tensor Constant(string name, DeviceId device, Func<Tensor> createOnCpu) => constants.Get(name, device, createOnCpu);

    /// <summary>The key's selected positions as a bool tensor of length L on the device (NP and FFX transform only these).</summary>
    protected Tensor SelectionMask(DeviceId device) => Constant("selected", device, () => tensor(Key.Selected.ToArray()));

    public void Dispose()
    {
        constants.Dispose();
        GC.SuppressFinalize(this);
    }

    public override string ToString() => $"{Name} M={BlockSize}";

    private Tensor Run(Tensor images, Func<Tensor, Tensor> map)
    {
        if (!images.is_floating_point())
            throw new ArgumentException($"{Name} expects floating-point images in [0,1], got {images.dtype}", nameof(images));
        using var scope = NewDisposeScope();
        var blocks = BlockSegmentation.Segment(images, BlockSize);
        return BlockSegmentation.Integrate(map(blocks), BlockSize).MoveToOuterDisposeScope();
    }
}
