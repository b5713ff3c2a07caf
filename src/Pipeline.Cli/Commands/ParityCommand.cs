using Pipeline.Method;
using System.CommandLine;
using System.Runtime.InteropServices;
using System.Text.Json;
using Pipeline.Method.Evaluation;
using Pipeline.Method.Training;
using Pipeline.Orchestration.Jobs;
using Pipeline.Orchestration.Parity;
using Pipeline.Orchestration.Running;
using Pipeline.Reports.Charts;
using Pipeline.Reports.Tables;
using Pipeline.TorchExtensions;

namespace Pipeline.Cli.Commands;

/// <summary>
/// `pipeline parity EXPERIMENT.yaml --job ID|METHOD/M`: trains one job of the grid with our pipeline and with the PyTorch
/// reference (bench/reference_train.py) on the same images, for several seeds, and prints both training curves, the
/// final mean IoUs and their difference against the seed-to-seed spread; writes parity.md, parity.json and a chart.
/// </summary>
public static class ParityCommand
{
    public static Command Create()
    {
        var experiment = new Argument<FileInfo>("experiment") { Description = "The experiment file, e.g. experiments/quick.yaml" };
        var job = new Option<string>("--job") { Description = "The job: its id (or the start of it), METHOD/M (shf/4) or baseline / fmp", Required = true };
        var set = ExperimentInput.SetOption();
        var seeds = new Option<int>("--seeds") { Description = "Training seeds, from the recipe's seed on (each side trains once per seed)", DefaultValueFactory = _ => 3 };
        var results = new Option<string>("--results") { Description = ExperimentInput.ResultsDescription + "; the job ids use its fingerprint secret" };
        var output = new Option<string>("--out") { Description = "Folder for both sides' runs and the comparison (default: <results>/parity/<job id>)" };
        var device = new Option<string>("--device") { Description = "cpu, cuda or cuda:N (default: the experiment's first device)" };
        var threads = new Option<int>("--threads") { Description = "Intra-op threads of both sides (default: every logical CPU)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var command = new Command("parity", "Train a job with this pipeline and with PyTorch on the same images, over several seeds, and compare them")
        {
            experiment, job, set, seeds, results, output, device, threads,
        };
        command.SetAction(parse => Run(parse.GetValue(experiment)!.ToString(), parse.GetValue(job)!, parse.GetValue(set) ?? [], parse.GetValue(seeds),
                                       parse.GetValue(results), parse.GetValue(output), parse.GetValue(device), parse.GetValue(threads), Console.Out, Console.Error));
        return command;
    }

    public static int Run(string experimentFile, string jobText, IReadOnlyList<string> overrides, int seeds, string? resultsFolder, string? outFolder,
                          string? deviceText, int threads, TextWriter output, TextWriter error)
    {
        if (seeds < 1 || threads < 1)
        {
            error.WriteLine($"pipeline parity: {(seeds < 1 ? $"--seeds {seeds}" : $"--threads {threads}")}: allowed: 1 or more");
            return ExitCodes.BadInput;
        }
        if (ExperimentInput.Load("parity", experimentFile, overrides, error) is not { } loaded) return ExitCodes.BadInput;
        var experiment = loaded.Experiment;
        var store = ExperimentInput.ResultsFolder(experiment, resultsFolder);
        if (!ExperimentInput.TryFingerprinter("parity", store.Fingerprinter, error, out var fingerprints)) return ExitCodes.BadInput;
        Job job;
        DeviceId device;
        try
        {
            job = ParityJobChoice.Select(GridExpander.Expand(experiment, fingerprints), jobText);
            device = deviceText is null ? experiment.Devices[0] : DeviceId.Parse(deviceText);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            error.WriteLine($"pipeline parity: {(e is FormatException ? "--device: " : "")}{e.Message}");
            return ExitCodes.BadInput;
        }
        if (device.IsCuda && !TorchSharp.torch.cuda.is_available())
        {
            error.WriteLine($"pipeline parity: {device} is not available (pipeline doctor shows what this libtorch sees); use --device cpu");
            return ExitCodes.BadInput;
        }
        var folder = Path.GetFullPath(outFolder ?? Path.Combine(store.Path, "parity", job.Id));
        output.WriteLine($"parity of {job.Label} (job {job.Id}), {job.Model.Arch}, {job.Dataset.Describe()}, {device}, {threads} threads, {seeds} seed(s); in {folder}");

        TorchSharp.torch.set_num_threads(threads);
        using var stop = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        IReadOnlyList<ParitySeed> runs;
        try
        {
            runs = new ParityRun(job, folder, device, threads, output.WriteLine).Run(seeds, stop.Token);
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("pipeline parity: stopped; what either side finished is kept, and the same command goes on from there");
            return ExitCodes.Interrupted;
        }
        catch (JobInputException e)
        {
            error.WriteLine($"pipeline parity: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (Exception e) when (e is ReferenceFailedException or NonFiniteLossException or TorchOutOfMemoryException)
        {
            error.WriteLine($"pipeline parity: {e.Message}");
            return ExitCodes.Failed;
        }

        var summary = ParitySummary.Of(job, device.ToString(), runs);
        var markdown = ParityMarkdown.Write(summary);
        output.WriteLine();
        output.Write(markdown);
        var chart = ParityChart.Build(summary);
        AtomicFile.WriteAllText(Path.Combine(folder, ParityMarkdown.File), markdown);
        AtomicFile.WriteAllText(Path.Combine(folder, "parity.json"), JsonSerializer.Serialize(summary, JsonFiles.Options));
        AtomicFile.WriteAllText(Path.Combine(folder, ParityChart.SvgFile), chart.Svg());
        AtomicFile.WriteAllBytes(Path.Combine(folder, ParityChart.PngFile), chart.Png());
        output.WriteLine($"\nwritten: {string.Join(", ", new[] { ParityMarkdown.File, "parity.json", ParityChart.SvgFile, ParityChart.PngFile }.Select(f => Path.Combine(folder, f)))}");
        return ExitCodes.Finished;
    }
}
