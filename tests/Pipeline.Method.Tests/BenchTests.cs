using Pipeline.Method.Benchmarks;
using Pipeline.Method.Models;
using Pipeline.Method.Training;
using Pipeline.Tests.Shared;
using Pipeline.TorchExtensions;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Method.Tests;

/// <summary>`pipeline bench` on the CPU at toy sizes: it measures, and with PyTorch installed it compares.</summary>
[Collection(ProcessWideCollection.Name)]
public class BenchTests
{
    private static BenchmarkOptions Tiny(string model) => new()
    {
        Model = model, Batch = 2, ImageSize = 32, Device = DeviceId.CPU, Steps = 1, Warmup = 1, BlockSize = 4,
    };

    [Fact]
    public void MeasuresTrainingAndEvaluationOnTheCpu()
    {
        var result = ThroughputBenchmark.Run(Tiny("fcn_resnet18"));

        Assert.True(result.TrainImagesPerSecond > 0 && result.EvalImagesPerSecond > 0);
        Assert.Equal(2 / result.TrainImagesPerSecond * 1000, result.TrainStepMs, 6);
        // The bench's defaults, the paper's: bf16 where this CPU's bf16 arithmetic is trustworthy, channels-last.
        Assert.Equal(BFloat16Check.On(DeviceId.CPU).Trustworthy ? "bf16" : "fp32", result.Precision);
        Assert.True(result.ChannelsLast);
        Assert.Null(result.PeakMemoryBytes);
        Assert.Null(result.TrainTflops);
    }

    [Fact]
    public void AProfileTimesEveryPhaseOfBothSteps()
    {
        var plain = ThroughputBenchmark.Run(Tiny("fcn_resnet18"));
        var profiled = ThroughputBenchmark.Run(Tiny("fcn_resnet18") with { Profile = true });

        Assert.Null(plain.TrainPhasesMs);
        Assert.Equal(["augmentation", "input", "forward", "backward", "optimizer"], profiled.TrainPhasesMs!.Keys);
        Assert.Equal(["input", "forward", "confusion"], profiled.EvalPhasesMs!.Keys);
        Assert.All(profiled.TrainPhasesMs.Values.Concat(profiled.EvalPhasesMs.Values), ms => Assert.True(ms > 0));
        // Forward and backward are most of a training step on any device.
        Assert.True(profiled.TrainPhasesMs["forward"] + profiled.TrainPhasesMs["backward"] > profiled.TrainPhasesMs["augmentation"]);
    }

    [Fact]
    public void Resnet50ReportsAchievedTflopsFromTheReadmeCounts()
    {
        // Asked for channels-last, as the paper's recipe is: on a CPU that describes no data caches it runs in NCHW,
        // elsewhere in channels-last; either way it runs to the end (oneDNN's SIGFPE ended this test host before).
        var result = ThroughputBenchmark.Run(Tiny("fcn_resnet50"));
        Assert.Equal(MemoryFormat.For(true, DeviceId.CPU, ResNetDepth.ResNet50).ChannelsLast, result.ChannelsLast);
        // 207 GFLOP per 256×256 training image, scaled to 32×32.
        Assert.Equal(result.TrainImagesPerSecond * 207e9 / 64 / 1e12, result.TrainTflops!.Value, 9);
        Assert.Equal(result.EvalImagesPerSecond * 69e9 / 64 / 1e12, result.EvalTflops!.Value, 9);
    }

    [Fact]
    public void ProjectsThePaperGridFromPyTorchsH100Figures()
    {
        // PyTorch eager on an H100 (README, Performance): training 1,112 img/s, inference 3,612 img/s, "about 66 minutes".
        Assert.Equal(65.8, PaperGridProjection.Minutes(1112, 3612), 1);
        // Twice as fast everywhere halves it.
        Assert.Equal(PaperGridProjection.Minutes(1112, 3612) / 2, PaperGridProjection.Minutes(2224, 7224), 9);
    }
}
