using Pipeline.Method.Keys;

namespace Pipeline.Method.Transforms;

/// <summary>Settings a method may use beyond block size and key (FFX's password).</summary>
public sealed record MethodOptions(string Password = FfxTransform.DefaultPassword);

/// <summary>
/// The block-wise methods by name. To add one: write a <see cref="BlockTransform"/> subclass and add one
/// line to <see cref="Methods"/>; the CLI and the experiments pick it up by name.
/// </summary>
public static class MethodRegistry
{
    private static readonly (string name, Func<int, SecretKey, MethodOptions, BlockTransform> create)[] Methods =
    [
        ("shf", (blockSize, key, _) => new BlockShuffle(blockSize, key)),
        ("np", (blockSize, key, _) => new NegativePositive(blockSize, key)),
        ("ffx", (blockSize, key, options) => new FfxTransform(blockSize, key, options.Password)),
    ];

    /// <summary>The registered names, in the paper's order.</summary>
    public static IReadOnlyList<string> Names { get; } = Methods.Select(m => m.name).ToArray();

    /// <summary>The named transform; an unknown name throws an ArgumentException listing the known ones.</summary>
    public static BlockTransform Create(string name, int blockSize, SecretKey key, MethodOptions? options = null)
    {
        foreach (var (known, create) in Methods)
            if (known == name) return create(blockSize, key, options ?? new MethodOptions());
        throw new ArgumentException($"unknown method '{name}'; the methods are {string.Join(", ", Names)}");
    }
}
