using Pipeline.Method.Keys;
using Pipeline.Method.Transforms;

namespace Pipeline.Method.Attacks;

/// <summary>
/// A key-estimation attacker's guess, in the form the method uses the key (<see cref="ProtectionMethod.GuessOf"/>): a
/// permutation of the L block positions (SHF), a selection of them (NP, FFX: 1 = selected), or a permutation of each
/// permuted stage's channels (fmp). It knows the method's setting (block size, FFX password, fmp stages), as an
/// attacker who has the code would.
/// </summary>
public sealed class KeyGuess
{
    private readonly long[][] parts;

    private KeyGuess(MethodSetting setting, long[][] parts)
    {
        Of = setting;
        this.parts = parts;
    }

    /// <summary>What is being guessed: the method and everything about it but the key.</summary>
    public MethodSetting Of { get; }

    /// <summary>The guess's arrays: one for SHF, NP and FFX, one per permuted stage for fmp (a copy).</summary>
    public IReadOnlyList<long[]> Parts => parts.Select(p => (long[])p.Clone()).ToArray();

    /// <summary>The guess a key makes (the random-key search tries random seed keys).</summary>
    public static KeyGuess From(MethodSetting setting, SecretKey key) => new(setting, setting.Method.GuessOf(setting, key));

    /// <summary>A guess from its arrays, as <see cref="Parts"/> gave them (a resumed search).</summary>
    public static KeyGuess FromParts(MethodSetting setting, IReadOnlyList<long[]> parts) => new(setting, parts.Select(p => (long[])p.Clone()).ToArray());

    /// <summary>The model's access under this guess.</summary>
    public Protection Protect() => Of.Method.Protect(Of, parts);

    /// <summary>A neighbouring guess: the method's move in one of the guess's arrays.</summary>
    public KeyGuess Neighbour(Random random)
    {
        var next = parts.Select(p => (long[])p.Clone()).ToArray();
        Of.Method.Move(next[random.Next(next.Length)], random);
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
