using Pipeline.Method.Keys;

namespace Pipeline.Method.Transforms;

/// <summary>Settings a method may use beyond block size and key (FFX's password).</summary>
public sealed record MethodOptions(string Password = FfxTransform.DefaultPassword);

/// <summary>
/// The methods by name, the one place they are defined: the block-wise transforms, and the unprotected baseline.
/// To add a transform: write a <see cref="BlockTransform"/> subclass and add one line to <see cref="Methods"/>;
/// the CLI, the experiments, the evaluator and the reports pick it up by name.
/// </summary>
public static class MethodRegistry
{
    /// <summary>The unprotected model: plain images, no key, no block size.</summary>
    public const string Baseline = "baseline";

    private static readonly (string name, Func<int, SecretKey, MethodOptions, BlockTransform> create)[] Methods =
    [
        (BlockShuffle.Method, (blockSize, key, _) => new BlockShuffle(blockSize, key)),
        (NegativePositive.Method, (blockSize, key, _) => new NegativePositive(blockSize, key)),
        (FfxTransform.Method, (blockSize, key, options) => new FfxTransform(blockSize, key, options.Password)),
    ];

    /// <summary>The registered names, in the paper's order.</summary>
    public static IReadOnlyList<string> Names { get; } = Methods.Select(m => m.name).ToArray();

    /// <summary>The protected methods among those given, in registration order (the paper's for SHF, NP, FFX), then any other alphabetically.</summary>
    public static IReadOnlyList<string> Order(IEnumerable<string> methods)
    {
        var present = methods.Where(m => m != Baseline).Distinct().ToList();
        return Names.Where(present.Contains).Concat(present.Except(Names).Order(StringComparer.Ordinal)).ToList();
    }

    /// <summary>Whether the method reads <see cref="MethodOptions.Password"/> (only FFX does), so only its jobs carry one.</summary>
    public static bool UsesPassword(string method) => method == FfxTransform.Method;

    /// <summary>How a method is shown in tables and figures: SHF, NP, FFX, BASELINE.</summary>
    public static string Display(string method) => method.ToUpperInvariant();

    /// <summary>The named transform; an unknown name throws an ArgumentException listing the known ones.</summary>
    public static BlockTransform Create(string name, int blockSize, SecretKey key, MethodOptions? options = null)
    {
        foreach (var (known, create) in Methods)
            if (known == name) return create(blockSize, key, options ?? new MethodOptions());
        throw new ArgumentException($"unknown method '{name}'; the methods are {string.Join(", ", Names)}");
    }
}
