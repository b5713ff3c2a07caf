using System.Text.Json.Nodes;
using Pipeline.Cli.Commands;
using Pipeline.Method.Benchmarks;
using Pipeline.Tests.Shared;
using Pipeline.TorchExtensions;

namespace Pipeline.Cli.Tests;

/// <summary>`pipeline bench --reference-pytorch` on the CPU at toy sizes: both sides measured in one invocation, and the ratios.</summary>
[Collection(ProcessWideCollection.Name)]
public class BenchCommandTests
{
    [PyTorchFact]
    public void ComparesWithPyTorchEagerInTheSameInvocation()
    {
        var output = new StringWriter();
        var options = new BenchmarkOptions { Model = "fcn_resnet50", Batch = 2, ImageSize = 32, Device = DeviceId.CPU, Steps = 1, Warmup = 1, BlockSize = 4 };
        var code = BenchCommand.Run(options, withReference: true, asJson: true, output, TextWriter.Null);

        Assert.Equal(0, code);
        var report = JsonNode.Parse(output.ToString())!;
        var ours = report["pipeline"]!["train_images_per_second"]!.GetValue<double>();
        var theirs = report["reference"]!["train_images_per_second"]!.GetValue<double>();
        Assert.Equal("pytorch-eager", report["reference"]!["implementation"]!.GetValue<string>());
        Assert.Equal(ours / theirs, report["ratios"]!["train"]!.GetValue<double>(), 9);
        Assert.True(report["ratios"]!["eval"]!.GetValue<double>() > 0);
        // Like with like: the reference computes in the precision and memory format ours really used.
        Assert.Equal(report["pipeline"]!["precision"]!.GetValue<string>(), report["reference"]!["precision"]!.GetValue<string>());
        Assert.Equal(report["pipeline"]!["channels_last"]!.GetValue<bool>(), report["reference"]!["channels_last"]!.GetValue<bool>());
        foreach (var side in new[] { "pipeline", "reference" })
            Assert.Equal(PaperGridProjection.Minutes(report[side]!["train_images_per_second"]!.GetValue<double>(), report[side]!["eval_images_per_second"]!.GetValue<double>()),
                         report[side]!["paper_grid_minutes"]!.GetValue<double>(), 9);
    }

    /// <summary>A libtorch error (here: random labels of zero classes) is one line naming the device, and exit 1: no native stack frames.</summary>
    [Fact]
    public void ALibtorchErrorIsOneLineAndExitsWith1()
    {
        var error = new StringWriter();
        var options = new BenchmarkOptions { Model = "fcn_resnet18", Batch = 1, ImageSize = 32, Device = DeviceId.CPU, Steps = 1, Warmup = 0, Classes = 0 };

        var code = BenchCommand.Run(options, withReference: false, asJson: false, TextWriter.Null, error);

        Assert.Equal(1, code);
        var line = Assert.Single(error.ToString().Trim().Split('\n'));
        Assert.StartsWith("pipeline bench: libtorch failed on cpu: ", line);
        Assert.DoesNotContain("frame #", line);
    }
}
