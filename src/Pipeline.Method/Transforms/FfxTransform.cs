using Pipeline.Method.Keys;
using Pipeline.TorchExtensions;
using static TorchSharp.torch;

namespace Pipeline.Method.Transforms;

/// <summary>
/// FFX transform: at the selected positions an 8-bit value v = floor(clamp(x,0,1)·255) becomes lut[v] =
/// FFX(password, v) ∈ 0..999, other positions keep v, and every position is divided by max(lut).
/// </summary>
/// <remarks>
/// Quantising to 8 bits loses information, so <see cref="BlockTransform.Invert"/> recovers floor(x·255)/255:
/// exact on 8-bit images (x = k/255), not on arbitrary floats.
/// </remarks>
public sealed class FfxTransform : BlockTransform
{
    /// <summary>The method's name (<see cref="FfxMethod"/>).</summary>
    public const string Method = "ffx";

    public const string DefaultPassword = "password";

    private readonly int[] inverse;

    // The tables depend on the password alone, and a key search builds a transform per guess: each password's once.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, (FfxCipher Cipher, int[] Lookup, int[] Inverse)> TablesByPassword = new();

    public FfxTransform(int blockSize, SecretKey key, string password = DefaultPassword)
        : this(blockSize, BlockKey.From(key, BlockSegmentation.BlockLength(blockSize)), password)
    {
    }

    public FfxTransform(int blockSize, BlockKey key, string password = DefaultPassword) : base(Method, blockSize, key)
    {
        var tables = TablesByPassword.GetOrAdd(password, p =>
        {
            var cipher = new FfxCipher(p);
            return (cipher, Enumerable.Range(0, 256).Select(cipher.Encrypt).ToArray(), Enumerable.Range(0, FfxCipher.Domain).Select(cipher.Decrypt).ToArray());
        });
        (Cipher, Lookup, inverse) = tables;
        LookupMax = tables.Lookup.Max();
    }

    public FfxCipher Cipher { get; }

    /// <summary>lut[v] = FFX(password, v) for v in 0..255.</summary>
    public IReadOnlyList<int> Lookup { get; }

    /// <summary>max(lut): the divisor that brings encrypted values back into [0,1].</summary>
    public int LookupMax { get; }

    protected override Tensor ApplyToBlocks(Tensor blocks)
    {
        var (mask, lut, _) = Tables(blocks);
        var v = blocks.clamp(0, 1).mul(255).floor();
        var encrypted = lut.take(v.to(ScalarType.Int64));
        return where(mask, encrypted, v).div(LookupMax);
    }

    protected override Tensor InvertBlocks(Tensor blocks)
    {
        var (mask, _, decrypt) = Tables(blocks);
        // Rounding absorbs the float error of the division by max(lut); every stored value is an integer.
        var w = blocks.mul(LookupMax).round();
        var decrypted = decrypt.take(w.clamp(0, FfxCipher.Domain - 1).to(ScalarType.Int64));
        return where(mask, decrypted, w).div(255);
    }

    // Tables in the blocks' element type, so that where() needs no type promotion.
    private (Tensor mask, Tensor lut, Tensor decrypt) Tables(Tensor blocks)
    {
        var (device, type) = (DeviceId.Of(blocks), blocks.dtype);
        var mask = SelectionMask(device);
        var lut = Constant($"lut/{type}", device, () => Table(Lookup, type));
        var decrypt = Constant($"inverse/{type}", device, () => Table(inverse, type));
        return (mask, lut, decrypt);
    }

    private static Tensor Table(IEnumerable<int> values, ScalarType type)
    {
        using var t = tensor(values.Select(v => (float)v).ToArray());
        return t.to(type);
    }
}

/// <summary>FFX as a protection method: the key's selected positions encrypted under the password.</summary>
public sealed class FfxMethod() : SelectionMethod(FfxTransform.Method, order: 3)
{
    public override bool UsesPassword => true;

    public override BlockTransform Transform(int blockSize, BlockKey key, MethodOptions options) => new FfxTransform(blockSize, key, options.Password);
}
