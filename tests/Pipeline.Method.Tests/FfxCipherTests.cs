using Pipeline.Method.Transforms;

namespace Pipeline.Method.Tests;

public class FfxCipherTests
{
    [Theory]
    [InlineData("password")]
    [InlineData("")]
    [InlineData("secret")]
    [InlineData("ключ 🔑")]
    public void EncryptIsABijectionOnThreeDigitsAndDecryptInvertsIt(string password)
    {
        var cipher = new FfxCipher(password);
        var encrypted = Enumerable.Range(0, 1000).Select(cipher.Encrypt).ToArray();
        Assert.Equal(Enumerable.Range(0, 1000), encrypted.Order());
        Assert.Equal(Enumerable.Range(0, 1000), encrypted.Select(cipher.Decrypt));
        Assert.Equal(Enumerable.Range(0, 1000), Enumerable.Range(0, 1000).Select(v => cipher.Encrypt(cipher.Decrypt(v))));
    }

    [Fact]
    public void LookupTableOfThePaperPassword()
    {
        // From an independent implementation of the README's FFX definition (Python's hmac and struct).
        var lut = new FfxTransform(1, new Keys.SecretKey(0)).Lookup;
        Assert.Equal(new[] { 355, 522, 858, 133, 916, 326, 747, 930, 444, 760, 203, 17, 565, 473, 31, 756 }, lut.Take(16));
        Assert.Equal(996, lut.Max());
        Assert.Equal(256, lut.Distinct().Count());
    }

    [Fact]
    public void OtherPasswordsGiveOtherTables()
    {
        Assert.Equal(new[] { 519, 51, 171, 549 }, new[] { 0, 1, 2, 999 }.Select(new FfxCipher("").Encrypt));
        Assert.Equal(new[] { 786, 611, 486, 484 }, new[] { 0, 1, 2, 999 }.Select(new FfxCipher("ключ").Encrypt));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1000)]
    public void ValuesOutsideThreeDigitsAreRefused(int value)
    {
        var cipher = new FfxCipher("password");
        Assert.Throws<ArgumentOutOfRangeException>(() => cipher.Encrypt(value));
        Assert.Throws<ArgumentOutOfRangeException>(() => cipher.Decrypt(value));
    }
}
