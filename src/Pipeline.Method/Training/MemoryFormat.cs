using Pipeline.Method.Models;
using Pipeline.TorchExtensions;

namespace Pipeline.Method.Training;

/// <summary>
/// How a job lays out its weights and activations: channels-last (NHWC strides, the paper recipe's) or NCHW. Decided
/// once per job from the recipe and the device, as <see cref="ComputePrecision"/> is: channels-last applies on every
/// device, the CPU included, except for FCN-ResNet-50 on a CPU that describes no data caches, where libtorch's oneDNN
/// kills the process planning its channels-last 1×1 convolutions (<see cref="CpuCaches"/>); there the job trains in
/// NCHW, which computes the same model, and says why.
/// </summary>
public sealed record MemoryFormat(bool ChannelsLast, string Reason)
{
    public static MemoryFormat For(bool configured, DeviceId device, ResNetDepth depth) =>
        For(configured, device, depth, CpuCaches.Described);

    public static MemoryFormat For(bool configured, DeviceId device, ResNetDepth depth, bool cpuCachesDescribed)
    {
        if (!configured) return new MemoryFormat(false, "NCHW as configured");
        if (!device.IsCuda && ResNetBackbone.IsBottleneck(depth) && !cpuCachesDescribed)
            return new MemoryFormat(false, "NCHW, not the configured channels-last: this CPU describes no data caches (a hypervisor " +
                                           "zeroed those cpuid leaves), and there libtorch's oneDNN dies of SIGFPE planning ResNet-50's " +
                                           "channels-last 1×1 convolutions");
        return new MemoryFormat(true, $"channels-last on {device}");
    }
}
