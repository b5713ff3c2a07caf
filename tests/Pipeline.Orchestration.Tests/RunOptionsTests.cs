using Pipeline.Orchestration.Running;
using Pipeline.TorchExtensions;

namespace Pipeline.Orchestration.Tests;

public class RunOptionsTests
{
    private static RunOptions Options(int cpuJobs, params DeviceId[] devices) => new()
    {
        ExperimentName = "e", ResultsFolder = "/r/e", Devices = devices, JobCommand = ["pipeline"], CpuJobs = cpuJobs,
    };

    [Fact]
    public void TheCpuIsSharedEquallyByItsSlotsAndEachGpuHasOne()
    {
        var slots = Options(2, DeviceId.CPU, DeviceId.CUDA(1)).Slots();

        var cpuThreads = Math.Max(1, Environment.ProcessorCount / 2);
        Assert.Equal(
            [new DeviceSlot("cpu/1", DeviceId.CPU, cpuThreads), new DeviceSlot("cpu/2", DeviceId.CPU, cpuThreads),
             new DeviceSlot("cuda:1", DeviceId.CUDA(1), Environment.ProcessorCount)],
            slots);
    }

    [Fact]
    public void OneCpuJobKeepsEveryCoreAndThePlainName() =>
        Assert.Equal([new DeviceSlot("cpu", DeviceId.CPU, Environment.ProcessorCount)], Options(1, DeviceId.CPU).Slots());

    [Fact]
    public void MoreCpuJobsThanCoresStillGiveEachOneThread() =>
        Assert.All(Options(Environment.ProcessorCount * 4, DeviceId.CPU).Slots(), s => Assert.Equal(1, s.Threads));

    [Fact]
    public void ZeroCpuJobsAreRefused() =>
        Assert.Throws<ArgumentException>(() => Options(0, DeviceId.CPU).Validate());
}
