using System.Collections.Concurrent;
using System.Globalization;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pipeline.TorchExtensions;

/// <summary>Whether a device's bf16 kernels can be trusted, and what was seen.</summary>
/// <param name="Detail">What was compared and the largest difference seen; for a kernel found wrong, which and by how much.</param>
public sealed record BFloat16Verdict(bool Trustworthy, string Detail);

/// <summary>
/// Checks a device's bf16 arithmetic against fp32 before anything computes in bf16 there. libtorch's kernels differ by
/// CPU: on one of this project's VMs (a CPU with AVX512-BF16), libtorch 2.10's CPU bf16 conv2d gave 2 where 9 is right,
/// while other CPUs compute it exactly. The check runs the convolutions the models are made of (3×3 with padding, dilated
/// 3×3, strided 7×7, 1×1) forward and backward, and a matrix product, in NCHW and channels-last, under bf16 autocast, on
/// inputs exact in bf16, and compares each with fp32: bf16 rounding moves a result by well under 2 % of its scale, a
/// broken kernel by far more. Made once per device and process.
/// </summary>
public static class BFloat16Check
{
    /// <summary>Largest difference from fp32 accepted, as a share of the largest fp32 value of the result.</summary>
    public const double Tolerance = 0.02;

    private static readonly ConcurrentDictionary<DeviceId, BFloat16Verdict> Verdicts = new();

    public static BFloat16Verdict On(DeviceId device) => Verdicts.GetOrAdd(device, Run);

    /// <summary>How far <paramref name="bf16"/> is from <paramref name="fp32"/>; untrustworthy beyond <see cref="Tolerance"/>.</summary>
    public static BFloat16Verdict Compare(string what, Tensor fp32, Tensor bf16)
    {
        using var scope = NewDisposeScope();
        var expected = fp32.to(ScalarType.Float64);
        var difference = (bf16.to(ScalarType.Float64) - expected).abs().max().item<double>();
        var scale = Math.Max(expected.abs().max().item<double>(), 1e-6);
        var share = difference / scale;
        var detail = string.Create(CultureInfo.InvariantCulture,
            $"{what}: largest difference from fp32 {difference:G3} ({share * 100:F1}% of its largest value {scale:G3})");
        return new BFloat16Verdict(share <= Tolerance, detail);
    }

    private static BFloat16Verdict Run(DeviceId device)
    {
        if (!Autocast.IsAvailable) return new BFloat16Verdict(false, "bf16 autocast is not available in this libtorch");
        using var scope = NewDisposeScope();
        using var generator = new Generator(20210101, CPU);
        // Values exact in bf16, so that only the kernels' own rounding can differ from fp32.
        Tensor Random(params long[] shape) => randn(shape, generator: generator).to(ScalarType.BFloat16).to(ScalarType.Float32).to(device.ToTorch());

        var cases = new List<(string What, Func<Tensor, Tensor, Tensor> Op, Tensor X, Tensor W)>
        {
            // The case seen wrong: an interior pixel sums 18 taps of 0.5, which is 9 exactly in any precision.
            ("conv2d 3×3 of ones", (x, w) => F.conv2d(x, w, padding: [1, 1]), ones(1, 2, 4, 4, device: device.ToTorch()), full([3, 2, 3, 3], 0.5, device: device.ToTorch())),
            ("conv2d 3×3", (x, w) => F.conv2d(x, w, padding: [1, 1]), Random(2, 16, 12, 12), Random(16, 16, 3, 3)),
            ("conv2d 3×3 dilated 2", (x, w) => F.conv2d(x, w, padding: [2, 2], dilation: [2, 2]), Random(2, 16, 12, 12), Random(16, 16, 3, 3)),
            ("conv2d 7×7 stride 2", (x, w) => F.conv2d(x, w, strides: [2, 2], padding: [3, 3]), Random(2, 3, 16, 16), Random(8, 3, 7, 7)),
            ("conv2d 1×1", (x, w) => F.conv2d(x, w), Random(2, 32, 8, 8), Random(64, 32, 1, 1)),
            ("matmul", (x, w) => x.matmul(w), Random(32, 48), Random(48, 16)),
        };
        var compared = new List<BFloat16Verdict>();
        foreach (var (what, op, x, w) in cases)
        {
            var layouts = x.dim() == 4 ? new[] { false, true } : [false];
            foreach (var channelsLast in layouts)
            {
                var name = channelsLast ? what + " channels-last" : what;
                var (xs, ws) = channelsLast ? (x.ToChannelsLast(), w.ToChannelsLast()) : (x, w);
                foreach (var (part, fp32, bf16) in ForwardAndBackward(op, xs, ws))
                {
                    var verdict = Compare($"{name} {part}", fp32, bf16);
                    if (!verdict.Trustworthy) return verdict with { Detail = $"wrong bf16 result on {device}: {verdict.Detail}" };
                    compared.Add(verdict);
                }
            }
        }
        return new BFloat16Verdict(true, $"{compared.Count} bf16 results on {device} within {Tolerance * 100:F0}% of fp32");
    }

    /// <summary>The output and the gradients of a weighted sum of it for x and w, in fp32 and under bf16 autocast.</summary>
    private static IEnumerable<(string Part, Tensor Fp32, Tensor Bf16)> ForwardAndBackward(Func<Tensor, Tensor, Tensor> op, Tensor x, Tensor w)
    {
        (Tensor Y, Tensor Dx, Tensor Dw) Pass(bool bf16)
        {
            var xg = x.detach().requires_grad_(true);
            var wg = w.detach().requires_grad_(true);
            Tensor y;
            using (Autocast.Enter(x.device_type, ScalarType.BFloat16, enabled: bf16)) y = op(xg, wg);
            var weights = linspace(-1, 1, y.numel(), device: y.device).reshape(y.shape);
            (y.to(ScalarType.Float32) * weights).sum().backward();
            return (y.detach(), xg.grad!, wg.grad!);
        }
        var full = Pass(false);
        var half = Pass(true);
        yield return ("forward", full.Y, half.Y);
        yield return ("input gradient", full.Dx, half.Dx);
        yield return ("weight gradient", full.Dw, half.Dw);
    }
}
