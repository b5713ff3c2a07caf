using System.Diagnostics;
using Pipeline.Method.Data;
using Pipeline.Method.Keys;
using Pipeline.Method.Metrics;
using Pipeline.Method.Models;
using Pipeline.Method.Training;
using Pipeline.Method.Transforms;
using Pipeline.TorchExtensions;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Pipeline.Method.Benchmarks;

/// <summary>What `pipeline bench` measures: the paper's training step and evaluation on random data of the given shape.</summary>
public sealed record BenchmarkOptions
{
    public string Model { get; init; } = FcnResNet.Architectures[^1];
    public int Batch { get; init; } = 256;
    public int ImageSize { get; init; } = 256;
    public Precision Precision { get; init; } = Precision.Bf16;
    public DeviceId Device { get; init; } = DeviceId.CUDA(0);
    public int Steps { get; init; } = 10;
    public int Warmup { get; init; } = 3;
    public string Method { get; init; } = BlockShuffle.Method;
    public int BlockSize { get; init; } = 4;
    public int Classes { get; init; } = 21;
    public bool ChannelsLast { get; init; } = true;

    /// <summary>Also time each phase of the steps (<see cref="StepPhases"/>), in as many steps again.</summary>
    public bool Profile { get; init; }

    /// <summary>The recipe the bench trains with: the paper's SGD settings at this batch, precision and memory format.</summary>
    public TrainingRecipe Recipe => new()
    {
        Epochs = 1, BatchSize = Batch, Lr = 0.1, Momentum = 0.9, WeightDecay = 0.005, Precision = Precision, ChannelsLast = ChannelsLast,
    };
}

public sealed record BenchmarkResult
{
    public string Implementation { get; init; } = "pipeline";
    public required string Device { get; init; }
    public required string DeviceName { get; init; }
    public required string Model { get; init; }
    public required int Batch { get; init; }
    public required int ImageSize { get; init; }
    /// <summary>The precision actually used: bf16 where the device's bf16 kernels are trustworthy (<see cref="ComputePrecision"/>).</summary>
    public required string Precision { get; init; }
    /// <summary>The layout actually used: channels-last where asked for and safe on the device (<see cref="MemoryFormat"/>).</summary>
    public required bool ChannelsLast { get; init; }
    public required double TrainImagesPerSecond { get; init; }
    public required double TrainStepMs { get; init; }
    public required double EvalImagesPerSecond { get; init; }
    public required double EvalStepMs { get; init; }
    /// <summary>Peak device memory in use during training above the use before the bench started (NVML; CUDA only).</summary>
    public long? PeakMemoryBytes { get; init; }
    /// <summary>Achieved TFLOP/s from the README's counts for FCN-ResNet50 (Performance) (207 / 69 GFLOP per 256² image), scaled by pixels; null for other models.</summary>
    public double? TrainTflops { get; init; }
    public double? EvalTflops { get; init; }
    public required int Steps { get; init; }
    public required int Warmup { get; init; }
    /// <summary>With --profile: milliseconds per step of each phase, each ended by a device synchronisation.</summary>
    public IReadOnlyDictionary<string, double>? TrainPhasesMs { get; init; }
    public IReadOnlyDictionary<string, double>? EvalPhasesMs { get; init; }
}

/// <summary>
/// Times the training step exactly as a job runs it (device-side augmentation, the key's block transform,
/// normalisation, forward, cross-entropy, backward, SGD) and the evaluation pass (transform, forward,
/// argmax, confusion matrix; batch norm folded into the convolutions as the job does), synchronising the device only around the timed steps.
/// </summary>
public static class ThroughputBenchmark
{
    public static BenchmarkResult Run(BenchmarkOptions o)
    {
        var device = o.Device;
        var precision = o.Recipe.PrecisionOn(device);
        using var memory = DeviceMemoryMonitor.Start(device);
        CudnnBenchmark.Enabled = true; // as a job sets it (TrainingRunner)
        Seeding.ManualSeedAll(0);
        using var model = FcnResNet.FromName(o.Model, o.Classes);
        model.to(device.ToTorch());
        var recipe = o.Recipe;
        var channelsLast = recipe.MemoryFormatOn(device, model.Depth).ChannelsLast;
        if (channelsLast) model.ToChannelsLast();
        using var optimizer = recipe.Optimizer(model);
        using var transform = ProtectionMethod.Blockwise(o.Method).Transform(o.BlockSize, new SecretKey(1), new MethodOptions());
        var input = new InputPipeline(transform, channelsLast);
        using var images = randint(0, 256, [o.Batch, 3, o.ImageSize, o.ImageSize], ScalarType.Byte, device.ToTorch()).DetachFromDisposeScope();
        using var masks = RandomMasks(o, device);

        void TrainStep(int step, StepPhases? phases)
        {
            using var scope = NewDisposeScope();
            phases?.Begin();
            var (x, y) = new Augmentation(o.ImageSize, step).Apply(images, masks);
            phases?.End("augmentation");
            var prepared = input.Prepare(x);
            phases?.End("input");
            Tensor loss;
            using (precision.Scope())
                loss = cross_entropy(model.forward(prepared), y, ignore_index: VocClasses.IgnoreIndex);
            phases?.End("forward");
            optimizer.zero_grad(); // in place, as the trainer does (see Trainer.Step)
            loss.backward();
            phases?.End("backward");
            optimizer.step();
            phases?.End("optimizer");
        }

        model.train();
        var trainSeconds = Time(o, device, step => TrainStep(step, null));
        var peak = memory?.PeakBytes;
        var trainPhases = o.Profile ? Phases(o, device, TrainStep) : null;

        model.eval();
        model.FoldBatchNorm(); // as the job's evaluation does
        using var confusion = new ConfusionMatrix(o.Classes, device);
        using var targets = masks.to(ScalarType.Int64).DetachFromDisposeScope();
        void EvalStep(int step, StepPhases? phases)
        {
            using var scope = NewDisposeScope();
            phases?.Begin();
            var prepared = input.Prepare(images);
            phases?.End("input");
            Tensor predictions;
            using (precision.Scope()) predictions = model.forward(prepared).argmax(1);
            phases?.End("forward");
            confusion.Update(predictions, targets);
            phases?.End("confusion");
        }

        double evalSeconds;
        IReadOnlyDictionary<string, double>? evalPhases;
        using (no_grad())
        {
            evalSeconds = Time(o, device, step => EvalStep(step, null));
            evalPhases = o.Profile ? Phases(o, device, EvalStep) : null;
        }

        var pixels = (double)o.ImageSize * o.ImageSize / (256.0 * 256.0);
        var isResnet50 = o.Model == FcnResNet.Architectures[^1];
        var trainRate = o.Batch / trainSeconds;
        var evalRate = o.Batch / evalSeconds;
        return new BenchmarkResult
        {
            Device = device.ToString(),
            DeviceName = device.IsCuda ? CudaDevices.Describe(device.CudaIndex)?.Name ?? "cuda" : "cpu",
            Model = o.Model,
            Batch = o.Batch,
            ImageSize = o.ImageSize,
            Precision = precision.Name,
            ChannelsLast = channelsLast,
            TrainImagesPerSecond = trainRate,
            TrainStepMs = trainSeconds * 1000,
            EvalImagesPerSecond = evalRate,
            EvalStepMs = evalSeconds * 1000,
            PeakMemoryBytes = peak,
            TrainTflops = isResnet50 ? trainRate * 207e9 * pixels / 1e12 : null,
            EvalTflops = isResnet50 ? evalRate * 69e9 * pixels / 1e12 : null,
            Steps = o.Steps,
            Warmup = o.Warmup,
            TrainPhasesMs = trainPhases,
            EvalPhasesMs = evalPhases,
        };
    }

    /// <summary>Milliseconds per step of each phase, over as many steps as were timed.</summary>
    private static IReadOnlyDictionary<string, double> Phases(BenchmarkOptions o, DeviceId device, Action<int, StepPhases> step)
    {
        var phases = new StepPhases(device);
        for (var i = 0; i < o.Steps; i++) step(o.Warmup + o.Steps + i, phases);
        return phases.MillisecondsPerStep();
    }

    private static Tensor RandomMasks(BenchmarkOptions o, DeviceId device)
    {
        using var scope = NewDisposeScope();
        var labels = randint(0, o.Classes, [o.Batch, o.ImageSize, o.ImageSize], ScalarType.Byte, device.ToTorch());
        // Some ignored pixels, as VOC's object outlines are.
        var ignored = rand([o.Batch, o.ImageSize, o.ImageSize], device: device.ToTorch()).lt(0.05);
        return labels.masked_fill(ignored, VocClasses.IgnoreIndex).DetachFromDisposeScope();
    }

    /// <summary>Seconds per step, averaged over the timed steps after the warm-up ones.</summary>
    private static double Time(BenchmarkOptions o, DeviceId device, Action<int> step)
    {
        for (var i = 0; i < o.Warmup; i++) step(i);
        StepPhases.Synchronize(device);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < o.Steps; i++) step(o.Warmup + i);
        StepPhases.Synchronize(device);
        return clock.Elapsed.TotalSeconds / Math.Max(1, o.Steps);
    }
}
