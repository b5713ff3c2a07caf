using System.Security.Cryptography;

namespace Pipeline.Method.Keys;

/// <summary>
/// Names keys without giving them away: a fingerprint is the first 12 hex digits of HMAC-SHA256 under a secret of
/// the results folder (created once, kept beside the key files it names and never published), over the key. Without
/// that secret nobody can test a guessed seed against a published fingerprint, however few seeds people use;
/// with it, the same key always has the same fingerprint, so job ids stay stable across reruns and nodes.
/// </summary>
public sealed class KeyFingerprinter
{
    public const int SecretBytes = 32;
    private static readonly byte[] Domain = "pipeline/key-fingerprint/v2\0"u8.ToArray();
    private readonly byte[] secret;

    public KeyFingerprinter(byte[] secret)
    {
        if (secret.Length < 16) throw new ArgumentException("a fingerprint secret has at least 16 bytes", nameof(secret));
        this.secret = (byte[])secret.Clone();
    }

    public string Of(SecretKey key) => Convert.ToHexStringLower(HMACSHA256.HashData(secret, (byte[])[.. Domain, .. key.Material()]))[..12];
}
