using Pipeline.Method.Keys;
using Pipeline.Method.Models;
using Pipeline.Method.Transforms;

namespace Pipeline.Method.Attacks;

/// <summary>
/// A key-estimation attacker's guess, in the form the method uses the key: a permutation of the L block positions
/// (SHF), a selection of them (NP, FFX: 1 = selected), or a permutation of each permuted stage's channels (fmp).
/// It knows the method, block size, FFX password and fmp stages, as an attacker who has the code would.
/// </summary>
public sealed class KeyGuess
{
    private readonly long[][] parts;

    private KeyGuess(Space space, long[][] parts)
    {
        Of = space;
        this.parts = parts;
    }

    /// <summary>What is being guessed: the method and everything about it but the key.</summary>
    public sealed record Space(string Method, int? BlockSize, MethodOptions Options, ResNetDepth Depth)
    {
        public bool IsSelection => MethodRegistry.ReadsSelection(Method);
    }

    public Space Of { get; }

    /// <summary>The guess's arrays: one for SHF, NP and FFX, one per permuted stage for fmp (a copy).</summary>
    public IReadOnlyList<long[]> Parts => parts.Select(p => (long[])p.Clone()).ToArray();

    /// <summary>The guess a key makes (the random-key search tries random seed keys).</summary>
    public static KeyGuess From(Space space, SecretKey key)
    {
        if (space.Method == FeatureMapPermutation.Method)
        {
            using var protection = MethodRegistry.Protect(space.Method, space.BlockSize, key, space.Options, space.Depth);
            return new KeyGuess(space, space.Options.FeatureMaps.Select(stage => (long[])protection.Features!.Permutations[stage].Clone()).ToArray());
        }
        // The key's material alone: a transform would also build its tables (FFX's: over a thousand cipher calls) for nothing.
        var material = BlockKey.From(key, BlockSegmentation.BlockLength(space.BlockSize!.Value));
        return new KeyGuess(space, [space.IsSelection ? material.Selected.Select(s => s ? 1L : 0L).ToArray() : material.Permutation.ToArray()]);
    }

    /// <summary>A guess from its arrays, as <see cref="Parts"/> gave them (a resumed search).</summary>
    public static KeyGuess FromParts(Space space, IReadOnlyList<long[]> parts) => new(space, parts.Select(p => (long[])p.Clone()).ToArray());

    /// <summary>The model's access under this guess.</summary>
    public Protection Protect()
    {
        if (Of.Method == FeatureMapPermutation.Method)
            return new Protection(null, new FeatureMapPermutation(Of.Options.FeatureMaps.Select((stage, i) => KeyValuePair.Create(stage, (IReadOnlyList<long>)parts[i])).ToDictionary()));
        var material = Of.IsSelection ? BlockKey.FromSelection(parts[0].Select(v => v != 0).ToArray()) : BlockKey.FromPermutation(parts[0]);
        return new Protection(MethodRegistry.Create(Of.Method, Of.BlockSize!.Value, material, Of.Options), null);
    }

    /// <summary>A neighbouring guess: one position's selection flipped (NP, FFX), or two positions of one permutation swapped (SHF, fmp).</summary>
    public KeyGuess Neighbour(Random random)
    {
        var next = parts.Select(p => (long[])p.Clone()).ToArray();
        var part = next[random.Next(next.Length)];
        if (Of.IsSelection)
        {
            var j = random.Next(part.Length);
            part[j] = 1 - part[j];
        }
        else if (part.Length > 1)
        {
            var i = random.Next(part.Length);
            var j = (i + 1 + random.Next(part.Length - 1)) % part.Length;
            (part[i], part[j]) = (part[j], part[i]);
        }
        return new KeyGuess(Of, next);
    }

    /// <summary>The share of positions where this guess equals the key's own material: 1 when the key's effect is recovered.</summary>
    public double Agreement(SecretKey key)
    {
        var truth = From(Of, key).parts;
        var (same, total) = (0L, 0L);
        for (var p = 0; p < parts.Length; p++)
        for (var j = 0; j < parts[p].Length; j++, total++)
            if (parts[p][j] == truth[p][j]) same++;
        return (double)same / total;
    }
}
