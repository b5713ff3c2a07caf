using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace Pipeline.Method.Transforms;

/// <summary>
/// FFX, format-preserving encryption of three decimal digits (0..999) with a password: a 10-round
/// unbalanced Feistel network over digit strings whose round function is a digit stream from HMAC-SHA1.
/// This is the construction of the pyffx library that the authors use (radix 10, 10 rounds, SHA-1,
/// split at len/2), written from its definition in the README (The method, exactly).
/// </summary>
public sealed class FfxCipher
{
    public const int Digits = 3;
    public const int Domain = 1000;
    private const int Radix = 10;
    private const int Rounds = 10;
    // A 160-bit digest carries floor(20·log10(256)) = 48 decimal digits.
    private const int DigitsPerHash = 48;

    private readonly byte[] key;

    public FfxCipher(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        Password = password;
        key = Encoding.UTF8.GetBytes(password);
    }

    public string Password { get; }

    public int Encrypt(int value)
    {
        var (a, b) = Split(value);
        for (var i = 0; i < Rounds; i++)
        {
            // c = a + F(i, b), digit by digit mod 10, over the len(a) digits of a; then (a, b) = (b, c).
            var f = RoundDigits(i, b, a.Length);
            var c = new int[a.Length];
            for (var k = 0; k < c.Length; k++) c[k] = (a[k] + f[k]) % Radix;
            (a, b) = (b, c);
        }
        return Join(a, b);
    }

    public int Decrypt(int value)
    {
        var (a, b) = Split(value);
        for (var i = Rounds - 1; i >= 0; i--)
        {
            // Undo round i: its input b is our a, its input a is our b − F(i, that b).
            var c = b;
            b = a;
            var f = RoundDigits(i, b, c.Length);
            a = new int[c.Length];
            for (var k = 0; k < a.Length; k++) a[k] = ((c[k] - f[k]) % Radix + Radix) % Radix;
        }
        return Join(a, b);
    }

    /// <summary>
    /// The first <paramref name="count"/> digits of F(round, s). Message = uint32le(round) ‖ uint32le(each digit
    /// of s); block j is h = HMAC-SHA1(password, message ‖ uint32le(j)), read as a big-endian integer d that
    /// yields 48 digits d mod 10, d div 10, …; the next block's message is the raw bytes of h.
    /// </summary>
    private int[] RoundDigits(int round, int[] s, int count)
    {
        var message = new byte[4 * (1 + s.Length)];
        BinaryPrimitives.WriteUInt32LittleEndian(message, (uint)round);
        for (var k = 0; k < s.Length; k++) BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(4 * (k + 1)), (uint)s[k]);

        var digits = new int[count];
        var produced = 0;
        for (uint block = 0; produced < count; block++)
        {
            var input = new byte[message.Length + 4];
            message.CopyTo(input, 0);
            BinaryPrimitives.WriteUInt32LittleEndian(input.AsSpan(message.Length), block);
            var h = HMACSHA1.HashData(key, input);
            var d = new BigInteger(h, isUnsigned: true, isBigEndian: true);
            for (var k = 0; k < DigitsPerHash && produced < count; k++)
            {
                d = BigInteger.DivRem(d, Radix, out var r);
                digits[produced++] = (int)r;
            }
            message = h;
        }
        return digits;
    }

    // Zero-padded digits of the value; a = the first floor(3/2) = 1 digit, b = the other 2.
    private static (int[] a, int[] b) Split(int value)
    {
        if (value is < 0 or >= Domain)
            throw new ArgumentOutOfRangeException(nameof(value), value, $"FFX works on {Digits} decimal digits, 0..{Domain - 1}");
        var digits = new[] { value / 100, value / 10 % 10, value % 10 };
        var split = Digits / 2;
        return (digits[..split], digits[split..]);
    }

    private static int Join(int[] a, int[] b) => a.Concat(b).Aggregate(0, (n, digit) => n * Radix + digit);
}
