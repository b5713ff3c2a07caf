using System.Reflection;
using Pipeline.Method.Keys;

namespace Pipeline.Method.Transforms;

/// <summary>
/// A way to protect a model with a secret key, and everything that differs by method: its name, whether it works on
/// image blocks (and so has a block size), which options it reads, what the key does to a model
/// (<see cref="Protect(MethodSetting, SecretKey)"/>), how many keys it has (<see cref="KeySpace"/>), and what a
/// key-estimation attacker guesses and how a guess moves. Its kinds: <see cref="PermutationMethod"/> (SHF),
/// <see cref="SelectionMethod"/> (NP, FFX) and fmp's <see cref="FmpMethod"/>. Every sealed kind in this assembly is a
/// method (<see cref="All"/>): adding one is one file with its class and its tests, as the README shows.
/// </summary>
public abstract class ProtectionMethod(string name, int order)
{
    /// <summary>The unprotected model: plain images, no key, no block size. Not a method, but shown beside them.</summary>
    public const string Baseline = "baseline";

    /// <summary>The name in experiments, job files and metrics: shf, np, ffx, fmp.</summary>
    public string Name { get; } = name;

    /// <summary>Where the method comes in tables and figures (the paper's order for SHF, NP, FFX).</summary>
    private int TableOrder { get; } = order;

    /// <summary>Whether the method transforms image blocks, so that a grid trains it at every block size.</summary>
    public abstract bool HasBlockSize { get; }

    /// <summary>Whether it reads <see cref="MethodOptions.Password"/> (FFX), so that only its jobs carry one.</summary>
    public virtual bool UsesPassword => false;

    /// <summary>Whether it reads <see cref="MethodOptions.FeatureMaps"/> (fmp), so that only its jobs carry them.</summary>
    public virtual bool UsesFeatureMaps => false;

    /// <summary>What the key does to a model under this setting: an input transform or a feature permutation.</summary>
    public abstract Protection Protect(MethodSetting setting, SecretKey key);

    /// <summary>How many keys the method has at this setting, and how many a key of each kind reaches.</summary>
    public abstract KeySpace KeySpace(MethodSetting setting);

    /// <summary>What a key-estimation attacker guesses of a key: the arrays the method reads of it (a copy).</summary>
    public abstract long[][] GuessOf(MethodSetting setting, SecretKey key);

    /// <summary>The model's access under a guess, as <see cref="GuessOf"/> gives them.</summary>
    public abstract Protection Protect(MethodSetting setting, IReadOnlyList<long[]> guess);

    /// <summary>A neighbouring guess, in place: one move of the local search in one of the guess's arrays.</summary>
    public abstract void Move(long[] part, Random random);

    /// <summary>Two entries of a permutation swapped: SHF's and fmp's move.</summary>
    protected static void SwapTwo(long[] permutation, Random random)
    {
        if (permutation.Length < 2) return;
        var i = random.Next(permutation.Length);
        var j = (i + 1 + random.Next(permutation.Length - 1)) % permutation.Length;
        (permutation[i], permutation[j]) = (permutation[j], permutation[i]);
    }

    public override string ToString() => Name;

    /// <summary>Every method, in table order: the paper's SHF, NP, FFX, then fmp, then any other by name.</summary>
    public static IReadOnlyList<ProtectionMethod> All { get; } = typeof(ProtectionMethod).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsSealed: true } && t.IsSubclassOf(typeof(ProtectionMethod)))
        .Select(t => (ProtectionMethod)Activator.CreateInstance(t)!)
        .OrderBy(m => m.TableOrder).ThenBy(m => m.Name, StringComparer.Ordinal).ToArray();

    public static IReadOnlyList<string> Names { get; } = All.Select(m => m.Name).ToArray();

    /// <summary>The methods that transform image blocks, in table order.</summary>
    public static IReadOnlyList<string> BlockwiseNames { get; } = All.Where(m => m.HasBlockSize).Select(m => m.Name).ToArray();

    /// <summary>The method of this name; an unknown name throws an ArgumentException listing the known ones.</summary>
    public static ProtectionMethod Named(string name) =>
        Find(name) ?? throw new ArgumentException($"unknown method '{name}'; the methods are {string.Join(", ", Names)}");

    /// <summary>The method of this name, or null (a results folder may hold jobs of a method this version does not know).</summary>
    public static ProtectionMethod? Find(string? name) => All.FirstOrDefault(m => m.Name == name);

    /// <summary>The block-wise method of this name; fmp and unknown names throw an ArgumentException saying why.</summary>
    public static BlockwiseMethod Blockwise(string name) => Named(name) as BlockwiseMethod
        ?? throw new ArgumentException($"{name} has no block-wise transform: it has no block size; the block-wise methods are {string.Join(", ", BlockwiseNames)}");

    /// <summary>Whether the named method transforms image blocks; false for fmp, the baseline and unknown names.</summary>
    public static bool IsBlockwise(string? name) => Find(name)?.HasBlockSize ?? false;

    /// <summary>How a method is shown in tables and figures: SHF, NP, FFX, FMP, BASELINE (any name, known or not).</summary>
    public static string Display(string name) => name.ToUpperInvariant();

    /// <summary>The protected methods among those given, in table order, then any unknown one by name; the baseline left out.</summary>
    public static IReadOnlyList<string> Order(IEnumerable<string> methods)
    {
        var present = methods.Where(m => m != Baseline).Distinct().ToList();
        return Names.Where(present.Contains).Concat(present.Except(Names).Order(StringComparer.Ordinal)).ToList();
    }
}
