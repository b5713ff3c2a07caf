using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pipeline.TorchExtensions.Tests;

/// <summary>The check that stands between a CPU's bf16 kernels and a job: it must flag a wrong result, pass bf16 rounding, and agree with the kernels it names.</summary>
public class BFloat16CheckTests
{
    [Fact]
    public void AResultFarFromFp32IsFlaggedAndNamed()
    {
        using var scope = NewDisposeScope();

        // What a broken CPU kernel gave: 2 where every interior pixel is 9.
        var verdict = BFloat16Check.Compare("conv2d 3×3 of ones forward", full([1, 3, 4, 4], 9.0), full([1, 3, 4, 4], 2.0));

        Assert.False(verdict.Trustworthy);
        Assert.Equal("conv2d 3×3 of ones forward: largest difference from fp32 7 (77.8% of its largest value 9)", verdict.Detail);
    }

    [Fact]
    public void Bf16RoundingIsWithinTheTolerance()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(1, CPU);
        var fp32 = randn([1000], generator: g) * 40;

        var verdict = BFloat16Check.Compare("rounded", fp32, fp32.to(ScalarType.BFloat16));

        Assert.True(verdict.Trustworthy, verdict.Detail);
    }

    /// <summary>The convolution seen wrong, under bf16 autocast on the CPU: an interior pixel sums 18 taps of 0.5, 9 in any precision.</summary>
    public static double OnesConvolutionInBFloat16()
    {
        using var scope = NewDisposeScope();
        using (Autocast.Enter(DeviceType.CPU, ScalarType.BFloat16))
            return F.conv2d(ones(1, 2, 4, 4), full([3, 2, 3, 3], 0.5), padding: [1, 1]).to(ScalarType.Float32)[0, 0, 1, 1].item<float>();
    }

    [Fact]
    public void TheCpusVerdictAgreesWithTheConvolutionThatWasSeenWrongAndIsMadeOnce()
    {
        var value = OnesConvolutionInBFloat16();

        var verdict = BFloat16Check.On(DeviceId.CPU);

        // Whichever this CPU is: a trusted verdict means the convolution is right; a wrong convolution is named.
        if (verdict.Trustworthy) Assert.Equal(9.0, value);
        else Assert.StartsWith("wrong bf16 result on cpu: ", verdict.Detail);
        if (value != 9.0) Assert.Contains("conv2d 3×3 of ones", verdict.Detail);
        Assert.Same(verdict, BFloat16Check.On(DeviceId.CPU));
        Assert.False(Autocast.IsEnabled(DeviceType.CPU));   // the check leaves no scope behind
    }
}
