using System.Text.Json.Nodes;
using Pipeline.Cli.Commands;
using Pipeline.Method.Benchmarks;
using Pipeline.Tests.Shared;
using Pipeline.TorchExtensions;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Method.Tests;

/// <summary>`pipeline bench` on the CPU at toy sizes: it measures, and with PyTorch installed it compares.</summary>
[Collection(GlobalGeneratorCollection.Name)]
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
        Assert.Equal("fp32", result.Precision);
        Assert.False(result.ChannelsLast);
        Assert.Null(result.PeakMemoryBytes);
        Assert.Null(result.TrainTflops);
    }

    [Fact]
    public void Resnet50ReportsAchievedTflopsFromTheDesignCounts()
    {
        var result = ThroughputBenchmark.Run(Tiny("fcn_resnet50"));
        // 207 GFLOP per 256×256 training image, scaled to 32×32.
        Assert.Equal(result.TrainImagesPerSecond * 207e9 / 64 / 1e12, result.TrainTflops!.Value, 9);
        Assert.Equal(result.EvalImagesPerSecond * 69e9 / 64 / 1e12, result.EvalTflops!.Value, 9);
    }

    [PyTorchFact]
    public void ComparesWithPyTorchEagerInTheSameInvocation()
    {
        var output = new StringWriter();
        var code = BenchCommand.Run(Tiny("fcn_resnet50"), withReference: true, asJson: true, output, TextWriter.Null);

        Assert.Equal(0, code);
        var report = JsonNode.Parse(output.ToString())!;
        var ours = report["pipeline"]!["train_images_per_second"]!.GetValue<double>();
        var theirs = report["reference"]!["train_images_per_second"]!.GetValue<double>();
        Assert.Equal("pytorch-eager", report["reference"]!["implementation"]!.GetValue<string>());
        Assert.Equal(ours / theirs, report["ratios"]!["train"]!.GetValue<double>(), 9);
        Assert.True(report["ratios"]!["eval"]!.GetValue<double>() > 0);
        foreach (var side in new[] { "pipeline", "reference" })
            Assert.Equal(PaperGridProjection.Minutes(report[side]!["train_images_per_second"]!.GetValue<double>(), report[side]!["eval_images_per_second"]!.GetValue<double>()),
                         report[side]!["paper_grid_minutes"]!.GetValue<double>(), 9);
    }

    [Fact]
    public void ProjectsThePaperGridAsTheIssueDid()
    {
        // PyTorch eager on an H100 (issue 8): training 1,112 img/s, inference 3,612 img/s, "about 66 minutes".
        Assert.Equal(65.8, PaperGridProjection.Minutes(1112, 3612), 1);
        // Twice as fast everywhere halves it.
        Assert.Equal(PaperGridProjection.Minutes(1112, 3612) / 2, PaperGridProjection.Minutes(2224, 7224), 9);
    }
}
