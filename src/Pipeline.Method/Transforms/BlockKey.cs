using Pipeline.Method.Keys;

namespace Pipeline.Method.Transforms;

/// <summary>
/// The key material a block-wise transform works with, for block vectors of length L: the permutation (SHF reads
/// it) and the selected positions, the binary key (NP and FFX read them). A <see cref="SecretKey"/> gives both by
/// the paper's rule; a key-estimation attack builds its guesses directly, one part or the other.
/// </summary>
public sealed class BlockKey
{
    private readonly long[] permutation;
    private readonly bool[] selected;

    private BlockKey(long[] permutation, bool[] selected)
    {
        this.permutation = permutation;
        this.selected = selected;
    }

    public int Length => permutation.Length;

    /// <summary>Position j of a transformed block takes position Permutation[j] of the plain block.</summary>
    public IReadOnlyList<long> Permutation => permutation;

    /// <summary>Selected[j]: position j is transformed by NP and FFX.</summary>
    public IReadOnlyList<bool> Selected => selected;

    /// <summary>The key's permutation of L positions and its binary key (perm[j] &gt; L/2).</summary>
    public static BlockKey From(SecretKey key, int length)
    {
        var permutation = key.Permutation(length);
        return new BlockKey(permutation, SecretKey.SelectedBy(permutation));
    }

    /// <summary>A guessed permutation; its selection follows the paper's rule, so any method can use it.</summary>
    public static BlockKey FromPermutation(IReadOnlyList<long> permutation)
    {
        var perm = permutation.ToArray();
        if (!perm.Order().SequenceEqual(Enumerable.Range(0, perm.Length).Select(i => (long)i)))
            throw new ArgumentException("not a permutation of 0..L-1", nameof(permutation));
        return new BlockKey(perm, SecretKey.SelectedBy(perm));
    }

    /// <summary>A guessed binary key; the permutation is the identity (NP and FFX do not read it).</summary>
    public static BlockKey FromSelection(IReadOnlyList<bool> selected) =>
        new(Enumerable.Range(0, selected.Count).Select(i => (long)i).ToArray(), selected.ToArray());
}
