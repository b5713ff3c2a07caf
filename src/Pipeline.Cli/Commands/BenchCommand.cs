using Pipeline.Method;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json;
using Pipeline.Method.Benchmarks;
using Pipeline.Method.Evaluation;
using Pipeline.Method.Models;
using Pipeline.Method.Training;
using Pipeline.Orchestration.Parity;
using Pipeline.Orchestration.Running;
using Pipeline.TorchExtensions;

namespace Pipeline.Cli.Commands;

/// <summary>
/// `pipeline bench`: training-step and evaluation throughput of this pipeline; with --reference-pytorch the same
/// workload in PyTorch eager (bench/reference_pytorch.py) in the same invocation, and the ratios.
/// </summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = string.Join(", ", FcnResNet.Architectures), DefaultValueFactory = _ => FcnResNet.Architectures[^1] };
        var batch = new Option<int>("--batch") { Description = "Images per step", DefaultValueFactory = _ => 256 };
        var size = new Option<int>("--image-size") { Description = "Image side in pixels", DefaultValueFactory = _ => 256 };
        var precision = new Option<string>("--precision") { Description = "bf16 (autocast where the device's bf16 arithmetic agrees with fp32) or fp32", DefaultValueFactory = _ => EnumNames.Of(Precision.Bf16) };
        var device = new Option<string>("--device") { Description = "cpu, cuda or cuda:N", DefaultValueFactory = _ => "cuda:0" };
        var steps = new Option<int>("--steps") { Description = "Timed steps", DefaultValueFactory = _ => 10 };
        var warmup = new Option<int>("--warmup") { Description = "Untimed steps first (cuDNN autotuning, allocator)", DefaultValueFactory = _ => 3 };
        var blockSize = new Option<int>("--block-size") { Description = "Block size of the SHF transform in the step", DefaultValueFactory = _ => 4 };
        var channelsLast = new Option<bool>("--channels-last") { Description = "NHWC memory format for weights and activations: true (the paper recipe's) or false", DefaultValueFactory = _ => true };
        var reference = new Option<bool>("--reference-pytorch") { Description = "Also run bench/reference_pytorch.py (needs PyTorch and torchvision) and print the ratios" };
        var profile = new Option<bool>("--profile")
        {
            Description = "Also time each phase of the steps (augmentation, input, forward, backward, optimizer; evaluation's input, forward, confusion), "
                          + "each ended by a device synchronisation, in as many steps again",
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON object" };
        var command = new Command("bench", "Measure training and evaluation throughput (images per second, step time, peak memory, TFLOP/s)")
        {
            model, batch, size, precision, device, steps, warmup, blockSize, channelsLast, profile, reference, json,
        };
        command.SetAction(parse =>
        {
            BenchmarkOptions options;
            try
            {
                options = new BenchmarkOptions
                {
                    Model = FcnResNet.Architectures.Contains(parse.GetValue(model)) ? parse.GetValue(model)!
                        : throw new ArgumentException($"--model '{parse.GetValue(model)}' is not a model; allowed: {string.Join(", ", FcnResNet.Architectures)}"),
                    Batch = Positive("--batch", parse.GetValue(batch)), ImageSize = Positive("--image-size", parse.GetValue(size)),
                    Precision = EnumNames.Parse<Precision>(parse.GetValue(precision)!) ?? throw new ArgumentException($"--precision: allowed {string.Join(", ", EnumNames.All<Precision>())}"),
                    Device = DeviceId.Parse(parse.GetValue(device)!), Steps = Positive("--steps", parse.GetValue(steps)), Warmup = Math.Max(0, parse.GetValue(warmup)),
                    BlockSize = Positive("--block-size", parse.GetValue(blockSize)), ChannelsLast = parse.GetValue(channelsLast),
                    Profile = parse.GetValue(profile),
                };
                if (options.ImageSize % options.BlockSize != 0) throw new ArgumentException($"--block-size {options.BlockSize} does not divide --image-size {options.ImageSize}");
            }
            catch (Exception e) when (e is ArgumentException or FormatException)
            {
                Console.Error.WriteLine($"pipeline bench: {e.Message}");
                return ExitCodes.BadInput;
            }
            return Run(options, parse.GetValue(reference), parse.GetValue(json), Console.Out, Console.Error);
        });
        return command;
    }

    public static int Run(BenchmarkOptions options, bool withReference, bool asJson, TextWriter output, TextWriter error)
    {
        if (options.Device.IsCuda && !TorchSharp.torch.cuda.is_available())
        {
            error.WriteLine($"pipeline bench: {options.Device} is not available: this libtorch sees no CUDA device (pipeline doctor shows what it sees); use --device cpu");
            return ExitCodes.BadInput;
        }
        if (options.Device.IsCuda && options.Device.CudaIndex >= TorchSharp.torch.cuda.device_count())
        {
            error.WriteLine($"pipeline bench: {options.Device} is not available: this libtorch sees {TorchSharp.torch.cuda.device_count()} CUDA device(s), "
                            + $"cuda:0 to cuda:{TorchSharp.torch.cuda.device_count() - 1}");
            return ExitCodes.BadInput;
        }
        TorchSharp.torch.set_num_threads(Environment.ProcessorCount);
        BenchmarkResult ours;
        try
        {
            ours = TorchOutOfMemoryException.Translate(() => ThroughputBenchmark.Run(options));
        }
        catch (TorchOutOfMemoryException e)
        {
            error.WriteLine($"pipeline bench: out of memory on {options.Device} with --batch {options.Batch} at --image-size {options.ImageSize} ({e.Message}); "
                            + "try a smaller --batch");
            return ExitCodes.OutOfMemory;
        }
        catch (System.Runtime.InteropServices.ExternalException e)
        {
            error.WriteLine($"pipeline bench: libtorch failed on {options.Device}: {TorchErrors.FirstLine(e)}");
            return ExitCodes.Failed;
        }
        // Where the device kept the bench from what was asked, say why, as a job's log does.
        if (ours.Precision != EnumNames.Of(options.Precision)) error.WriteLine($"pipeline bench: note: {options.Recipe.PrecisionOn(options.Device).Reason}");
        if (ours.ChannelsLast != options.ChannelsLast)
            error.WriteLine($"pipeline bench: note: {options.Recipe.MemoryFormatOn(options.Device, FcnResNet.DepthOf(options.Model)).Reason}");
        var report = new JsonObject { ["pipeline"] = JsonSerializer.SerializeToNode(ours, JsonFiles.Options) };
        report["pipeline"]!["paper_grid_minutes"] = PaperGridProjection.Minutes(ours.TrainImagesPerSecond, ours.EvalImagesPerSecond);
        if (withReference)
        {
            // Like with like: the reference computes in the precision and layout ours really used on this device.
            var theirs = RunReference(options with { ChannelsLast = ours.ChannelsLast }, ours.Precision, error);
            if (theirs is null) return ExitCodes.Failed;
            theirs["paper_grid_minutes"] = PaperGridProjection.Minutes(
                theirs["train_images_per_second"]!.GetValue<double>(), theirs["eval_images_per_second"]!.GetValue<double>());
            report["reference"] = theirs;
            report["ratios"] = new JsonObject
            {
                ["train"] = ours.TrainImagesPerSecond / theirs["train_images_per_second"]!.GetValue<double>(),
                ["eval"] = ours.EvalImagesPerSecond / theirs["eval_images_per_second"]!.GetValue<double>(),
                ["peak_memory"] = ours.PeakMemoryBytes is { } m && theirs["peak_memory_bytes"] is JsonValue v ? (double)m / v.GetValue<double>() : null,
            };
        }
        if (asJson) output.WriteLine(report.ToJsonString(JsonFiles.Options));
        else WriteTable(output, report);
        return ExitCodes.Finished;
    }

    private static JsonObject? RunReference(BenchmarkOptions o, string precision, TextWriter error)
    {
        var script = PythonReference.FindScript("reference_pytorch.py");
        if (script is null)
        {
            error.WriteLine("pipeline bench: bench/reference_pytorch.py not found in this folder or above it");
            return null;
        }
        var start = new ProcessStartInfo(PythonReference.Interpreter) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[]
                 {
                     script, "--model", o.Model, "--batch", o.Batch.ToString(CultureInfo.InvariantCulture), "--image-size", o.ImageSize.ToString(CultureInfo.InvariantCulture),
                     "--precision", precision, "--device", o.Device.ToString(), "--steps", o.Steps.ToString(CultureInfo.InvariantCulture),
                     "--warmup", o.Warmup.ToString(CultureInfo.InvariantCulture), "--block-size", o.BlockSize.ToString(CultureInfo.InvariantCulture),
                     "--classes", o.Classes.ToString(CultureInfo.InvariantCulture), "--channels-last", o.ChannelsLast ? "1" : "0",
                     "--threads", TorchSharp.torch.get_num_threads().ToString(CultureInfo.InvariantCulture),
                 })
            start.ArgumentList.Add(a);
        // The reference's device memory is measured from here, as ours is (DeviceMemoryMonitor): like with like.
        using var memory = DeviceMemoryMonitor.Start(o.Device);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        memory?.Dispose();
        if (process.ExitCode != 0)
        {
            error.WriteLine($"pipeline bench: the PyTorch reference failed ({process.ExitCode}): {stderr.Result.Trim()}");
            return null;
        }
        var result = JsonNode.Parse(stdout.Result.Trim().Split('\n')[^1])!.AsObject();
        result["allocator_peak_memory_bytes"] = result["peak_memory_bytes"]?.DeepClone();
        result["peak_memory_bytes"] = memory?.PeakBytes;
        return result;
    }

    private static int Positive(string name, int value) => value > 0 ? value : throw new ArgumentException($"{name} {value} must be positive");

    private static void WriteTable(TextWriter output, JsonObject report)
    {
        var columns = new[] { "pipeline", "reference" }.Where(report.ContainsKey).ToArray();
        string Cell(string column, string field) => report[column]![field] is JsonValue v ? Format(v) : "-";
        output.WriteLine($"{"",-26}{string.Join("", columns.Select(c => $"{c,18}"))}");
        foreach (var field in new[] { "device_name", "precision", "train_images_per_second", "train_step_ms", "eval_images_per_second", "eval_step_ms", "peak_memory_bytes", "train_tflops", "eval_tflops", "paper_grid_minutes" })
            output.WriteLine($"{field,-26}{string.Join("", columns.Select(c => $"{Cell(c, field),18}"))}");
        foreach (var (phases, step) in new[] { ("train_phases_ms", "train_step_ms"), ("eval_phases_ms", "eval_step_ms") })
            if (report["pipeline"]![phases] is JsonObject timed)
                output.WriteLine($"{phases} (each synchronised): {string.Join(", ", timed.Select(p => $"{p.Key} {Format(p.Value)}"))}; "
                                 + $"sum {Format(timed.Sum(p => p.Value!.GetValue<double>()))} against a free-running step of {Format(report["pipeline"]![step])}");
        if (report["ratios"] is JsonObject ratios)
            output.WriteLine($"ratios (pipeline / PyTorch): train {Format(ratios["train"])}, eval {Format(ratios["eval"])}, peak memory {Format(ratios["peak_memory"])}");
    }

    private static string Format(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<double>(out var d) => d.ToString(d >= 100 ? "F0" : "F3", CultureInfo.InvariantCulture),
        JsonValue v => v.ToString(),
        _ => "-",
    };
}
