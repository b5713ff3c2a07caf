using Pipeline.Method.Keys;
using Pipeline.Method.Models;

namespace Pipeline.Method.Transforms;

/// <summary>
/// A method as a job uses it: the method, its block size (block-wise methods), its options (FFX's password, fmp's
/// feature maps) and the backbone whose feature maps fmp permutes. What the key does and how many keys there are
/// follow from it alone.
/// </summary>
public sealed record MethodSetting(ProtectionMethod Method, int? BlockSize, MethodOptions Options, ResNetDepth Depth)
{
    /// <summary>The block size a block-wise method needs.</summary>
    public int RequiredBlockSize => BlockSize is int m and > 0 ? m : throw new ArgumentException($"{Method.Name} needs a positive block size");

    /// <summary>What the key does to a model under this setting.</summary>
    public Protection Protect(SecretKey key) => Method.Protect(this, key);

    public KeySpace KeySpace() => Method.KeySpace(this);
}
