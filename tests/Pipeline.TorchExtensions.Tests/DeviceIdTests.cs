using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.TorchExtensions.Tests;

/// <summary>DeviceId: a device by value, unlike torch.Device, with the text form the options and jobs use.</summary>
public class DeviceIdTests
{
    [Theory]
    [InlineData("cpu", DeviceType.CPU, -1, "cpu")]
    [InlineData(" CPU ", DeviceType.CPU, -1, "cpu")]
    [InlineData("cuda", DeviceType.CUDA, 0, "cuda:0")]
    [InlineData("cuda:0", DeviceType.CUDA, 0, "cuda:0")]
    [InlineData("CUDA:3", DeviceType.CUDA, 3, "cuda:3")]
    public void ParsesAndFormats(string text, DeviceType type, int index, string formatted)
    {
        var id = DeviceId.Parse(text);
        Assert.Equal(new DeviceId(type, index), id);
        Assert.Equal(formatted, id.ToString());
        Assert.Equal(id, DeviceId.Parse(id.ToString()));   // the text form round-trips
        Assert.Equal(type == DeviceType.CUDA, id.IsCuda);
    }

    [Theory]
    [InlineData("")]
    [InlineData("gpu")]
    [InlineData("cuda:")]
    [InlineData("cuda:-1")]
    [InlineData("cuda:x")]
    [InlineData("cuda:1:2")]
    [InlineData("cpu:0")]
    public void BadTextIsAFormatErrorQuotingIt(string text)
    {
        var e = Assert.Throws<FormatException>(() => DeviceId.Parse(text));
        Assert.Contains($"'{text}'", e.Message);
    }

    [Fact]
    public void EqualityIsByValue()
    {
        Assert.Equal(DeviceId.CUDA(1), DeviceId.Parse("cuda:1"));
        Assert.NotEqual(DeviceId.CUDA(0), DeviceId.CUDA(1));
        Assert.NotEqual(DeviceId.CPU, DeviceId.CUDA(0));
        Assert.Equal(DeviceId.CUDA(), DeviceId.CUDA(0));
        // As a cache key it hits, where torch.Device (a class without value equality) would miss every time.
        var cache = new Dictionary<DeviceId, string> { [DeviceId.Parse("cuda:2")] = "two", [DeviceId.CPU] = "host" };
        Assert.Equal("two", cache[DeviceId.CUDA(2)]);
        Assert.Equal("host", cache[DeviceId.Parse("cpu")]);
    }

    [Fact]
    public void ConvertsToAndFromTorchDevices()
    {
        Device cuda = DeviceId.CUDA(2);
        Assert.Equal(DeviceType.CUDA, cuda.type);
        Assert.Equal(2, cuda.index);
        Assert.Equal(DeviceType.CPU, DeviceId.CPU.ToTorch().type);
        Assert.Equal(0, DeviceId.Parse("cuda").CudaIndex);
        Assert.Equal(0, DeviceId.CPU.CudaIndex);

        using var scope = NewDisposeScope();
        Assert.Equal(DeviceId.CPU, DeviceId.Of(ones(1)));
        Assert.Equal(DeviceId.CPU, DeviceId.Of(ones([1], device: DeviceId.CPU)));   // the implicit conversion at a tensor boundary
    }

    [CudaFact]
    public void NamesTheCudaDeviceATensorIsOn()
    {
        using var scope = NewDisposeScope();
        Assert.Equal(DeviceId.CUDA(0), DeviceId.Of(ones([1], device: DeviceId.CUDA(0))));
    }
}
