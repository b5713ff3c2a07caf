using Pipeline.Method.Keys;

namespace Pipeline.Method.Transforms;

/// <summary>
/// A method that transforms the input image block by block (<see cref="BlockTransform"/>) with the key's material for
/// blocks of L = M·M·3 positions: its permutation (<see cref="PermutationMethod"/>) or its selected positions
/// (<see cref="SelectionMethod"/>), which is also what an attacker guesses.
/// </summary>
public abstract class BlockwiseMethod(string name, int order) : ProtectionMethod(name, order)
{
    public override bool HasBlockSize => true;

    /// <summary>The method's transform of blocks of the given size with the given key material.</summary>
    public abstract BlockTransform Transform(int blockSize, BlockKey key, MethodOptions options);

    /// <summary>The method's transform with a key's material (a key of block length 3·M²).</summary>
    public BlockTransform Transform(int blockSize, SecretKey key, MethodOptions options) =>
        Transform(blockSize, BlockKey.From(key, BlockSegmentation.BlockLength(blockSize)), options);

    public override Protection Protect(MethodSetting setting, SecretKey key) => new(Transform(setting.RequiredBlockSize, key, setting.Options), null);

    public override Protection Protect(MethodSetting setting, IReadOnlyList<long[]> guess) =>
        new(Transform(setting.RequiredBlockSize, Material(guess[0]), setting.Options), null);

    public override long[][] GuessOf(MethodSetting setting, SecretKey key) =>
        [Guess(BlockKey.From(key, BlockSegmentation.BlockLength(setting.RequiredBlockSize)))];

    /// <summary>The part of a key's material the method reads, as an array.</summary>
    protected abstract long[] Guess(BlockKey key);

    /// <summary>Key material from a guessed array.</summary>
    protected abstract BlockKey Material(long[] guess);
}

/// <summary>A block-wise method that moves positions by the key's permutation (SHF): L! keys; a guess is a permutation, moved by swapping two positions.</summary>
public abstract class PermutationMethod(string name, int order) : BlockwiseMethod(name, order)
{
    public override KeySpace KeySpace(MethodSetting setting)
    {
        var length = BlockSegmentation.BlockLength(setting.RequiredBlockSize);
        return new KeySpace { Method = Name, BlockSize = setting.BlockSize, Positions = [length], Log2Keys = Keys.KeySpace.Log2Factorial(length) };
    }

    protected override long[] Guess(BlockKey key) => key.Permutation.ToArray();

    protected override BlockKey Material(long[] guess) => BlockKey.FromPermutation(guess);

    public override void Move(long[] part, Random random) => SwapTwo(part, random);
}

/// <summary>
/// A block-wise method that changes the key's selected positions (NP, FFX): C(L, k) keys with k = L − 1 − ⌊L/2⌋ (the
/// paper's rule selects exactly that many); a guess is a selection (1 = selected), moved by flipping one position,
/// so a guessed selection need not keep exactly k.
/// </summary>
public abstract class SelectionMethod(string name, int order) : BlockwiseMethod(name, order)
{
    public override KeySpace KeySpace(MethodSetting setting)
    {
        var length = BlockSegmentation.BlockLength(setting.RequiredBlockSize);
        var selected = length - 1 - length / 2;
        return new KeySpace
        {
            Method = Name, BlockSize = setting.BlockSize, Positions = [length], Selected = selected,
            Log2Keys = Keys.KeySpace.Log2Factorial(length) - Keys.KeySpace.Log2Factorial(selected) - Keys.KeySpace.Log2Factorial(length - selected),
        };
    }

    protected override long[] Guess(BlockKey key) => key.Selected.Select(s => s ? 1L : 0L).ToArray();

    protected override BlockKey Material(long[] guess) => BlockKey.FromSelection(guess.Select(v => v != 0).ToArray());

    public override void Move(long[] part, Random random)
    {
        var j = random.Next(part.Length);
        part[j] = 1 - part[j];
    }
}
