namespace Pipeline.Method.Keys;

/// <summary>Which kind a key is: a 32-bit seed or 256 random bits. Not secret: it says only how large the key space is.</summary>
public enum KeyKind
{
    Seed,
    Strong,
}
