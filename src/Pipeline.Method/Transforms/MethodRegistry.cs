using Pipeline.Method.Keys;
using Pipeline.Method.Models;

namespace Pipeline.Method.Transforms;

/// <summary>Settings a method may use beyond block size and key: FFX's password, the feature maps fmp permutes.</summary>
public sealed record MethodOptions(string Password = FfxTransform.DefaultPassword, IReadOnlyList<string>? FeatureMaps = null)
{
    public IReadOnlyList<string> FeatureMaps { get; init; } = FeatureMaps ?? FeatureMapPermutation.DefaultStages;
}

/// <summary>
/// The methods by name, the one place they are defined: the block-wise transforms, the feature-map permutation
/// (fmp) and the unprotected baseline. To add a transform: write a <see cref="BlockTransform"/> subclass and add one
/// line to <see cref="Methods"/>; the CLI, the experiments, the evaluator, the attacks and the reports pick it up by name.
/// </summary>
public static class MethodRegistry
{
    /// <summary>The unprotected model: plain images, no key, no block size.</summary>
    public const string Baseline = "baseline";

    // selection: the method reads the key's selected positions (the binary key), not its permutation; a key-estimation
    // attack then guesses a selection.
    private static readonly (string name, bool selection, Func<int, BlockKey, MethodOptions, BlockTransform> create)[] Methods =
    [
        (BlockShuffle.Method, false, (blockSize, key, _) => new BlockShuffle(blockSize, key)),
        (NegativePositive.Method, true, (blockSize, key, _) => new NegativePositive(blockSize, key)),
        (FfxTransform.Method, true, (blockSize, key, options) => new FfxTransform(blockSize, key, options.Password)),
    ];

    /// <summary>Whether a block-wise method reads the key's selection (NP, FFX) rather than its permutation (SHF).</summary>
    public static bool ReadsSelection(string method) => Methods.Any(m => m.name == method && m.selection);

    /// <summary>The registered names: the paper's block-wise methods in its order, then fmp.</summary>
    public static IReadOnlyList<string> Names { get; } = Methods.Select(m => m.name).Append(FeatureMapPermutation.Method).ToArray();

    /// <summary>The block-wise methods, in the paper's order.</summary>
    public static IReadOnlyList<string> BlockwiseNames { get; } = Methods.Select(m => m.name).ToArray();

    /// <summary>Whether the method transforms image blocks (and so has block sizes); fmp works on feature maps instead.</summary>
    public static bool IsBlockwise(string method) => Methods.Any(m => m.name == method);

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

    /// <summary>The named block-wise transform with a key's material; an unknown name throws an ArgumentException listing the known ones.</summary>
    public static BlockTransform Create(string name, int blockSize, SecretKey key, MethodOptions? options = null)
    {
        // The name first: a wrong one is named before the key's permutation is drawn.
        var create = Factory(name);
        return create(blockSize, BlockKey.From(key, BlockSegmentation.BlockLength(blockSize)), options ?? new MethodOptions());
    }

    /// <summary>The named block-wise transform with explicit key material (an attack's guess).</summary>
    public static BlockTransform Create(string name, int blockSize, BlockKey key, MethodOptions? options = null) =>
        Factory(name)(blockSize, key, options ?? new MethodOptions());

    private static Func<int, BlockKey, MethodOptions, BlockTransform> Factory(string name)
    {
        foreach (var (known, _, create) in Methods)
            if (known == name) return create;
        if (name == FeatureMapPermutation.Method)
            throw new ArgumentException("fmp permutes the model's feature maps, not image blocks: it has no block-wise transform");
        throw new ArgumentException($"unknown method '{name}'; the methods are {string.Join(", ", Names)}");
    }

    /// <summary>What the key does to a model of the given depth under the method: its input transform, or its feature permutation.</summary>
    /// <param name="blockSize">M for a block-wise method; ignored by fmp.</param>
    public static Protection Protect(string method, int? blockSize, SecretKey key, MethodOptions options, ResNetDepth depth) =>
        method == FeatureMapPermutation.Method
            ? new Protection(null, FeatureMapPermutation.From(key, options.FeatureMaps, stage => ResNetBackbone.StageChannels(depth, stage)))
            : new Protection(Create(method, blockSize ?? throw new ArgumentException($"{method} needs a block size"), key, options), null);
}
