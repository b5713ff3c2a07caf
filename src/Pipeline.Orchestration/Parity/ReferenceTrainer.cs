using Pipeline.Method;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Pipeline.Method.Evaluation;
using Pipeline.Method.Training;
using Pipeline.Orchestration.Jobs;
using Pipeline.TorchExtensions;

namespace Pipeline.Orchestration.Parity;

/// <summary>How the PyTorch reference trains beside a job: where its data and key material are, and what else it should do.</summary>
public sealed record ReferenceOptions
{
    /// <summary>The job's splits as <see cref="Method.Data.VocWriter.WriteExact"/> wrote them.</summary>
    public required string DataFolder { get; init; }

    /// <summary><see cref="ReferenceKeyMaterial"/>'s file; null for a job on plain images (the baseline).</summary>
    public string? KeyMaterialFile { get; init; }

    public required DeviceId Device { get; init; }

    /// <summary>Intra-op threads, ours: both sides compute with the same number.</summary>
    public required int Threads { get; init; }

    /// <summary>The paper's crop and flip; off for the step-parity test.</summary>
    public bool Augment { get; init; } = true;

    /// <summary>Where to torch.save the initial weights and those after the last step (null: not saved).</summary>
    public string? SaveInitial { get; init; }
    public string? SaveFinal { get; init; }
}

/// <summary>What the reference reported, in our metrics' own shapes: how training went and the access-control test.</summary>
public sealed record ReferenceOutcome
{
    public required string TorchVersion { get; init; }
    public required long Parameters { get; init; }
    public required TrainingSummary Training { get; init; }
    public required Evaluations Evaluations { get; init; }
}

/// <summary>The PyTorch reference failed; the message holds its last error line.</summary>
public sealed class ReferenceFailedException(string message) : Exception(message);

/// <summary>
/// Runs bench/reference_train.py for a job: PyTorch trains the same architecture by the job's recipe on the same
/// images, as the README's "Training parity" describes, and reports one JSON line per epoch and one at the end.
/// </summary>
public static class ReferenceTrainer
{
    public const string Script = "reference_train.py";

    /// <exception cref="ReferenceFailedException">The script is missing, or it failed; the message says why.</exception>
    public static ReferenceOutcome Run(Job job, ReferenceOptions options, Action<EpochRecord>? epochCompleted, CancellationToken cancellation)
    {
        var script = PythonReference.FindScript(Script) ?? throw new ReferenceFailedException($"bench/{Script} not found in this folder or above it");
        var start = new ProcessStartInfo(PythonReference.Interpreter) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in Arguments(script, job, options)) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new ReferenceFailedException($"{start.FileName} could not be started");
        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var kill = cancellation.Register(() => process.Kill(entireProcessTree: true));
        ReferenceOutcome? outcome = null;
        while (process.StandardOutput.ReadLine() is { } line)
        {
            if (!line.StartsWith('{')) continue;
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            switch (root.GetProperty("event").GetString())
            {
                case "epoch":
                    epochCompleted?.Invoke(root.Deserialize<EpochRecord>(JsonFiles.Options)!);
                    break;
                case "result":
                    outcome = root.Deserialize<ReferenceOutcome>(JsonFiles.Options);
                    break;
            }
        }
        process.WaitForExit();
        cancellation.ThrowIfCancellationRequested();
        if (process.ExitCode != 0 || outcome is null)
        {
            var why = errors.Result.Trim().Split('\n')[^1];
            throw new ReferenceFailedException($"the PyTorch reference failed (exit {process.ExitCode}): {(why.Length > 0 ? why : "no result")}");
        }
        return outcome;
    }

    private static IEnumerable<string> Arguments(string script, Job job, ReferenceOptions o)
    {
        var (recipe, device) = (job.Training, o.Device);
        string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        var arguments = new List<string>
        {
            script, "--data", o.DataFolder,
            "--train-list", Method.Data.VocWriter.ExactLists[0], "--val-list", Method.Data.VocWriter.ExactLists[1], "--test-list", Method.Data.VocWriter.ExactLists[2],
            "--image-size", N(job.Dataset.ImageSize), "--classes", N(job.Dataset.Classes), "--arch", job.Model.Arch,
            "--epochs", N(recipe.Epochs), "--batch-size", N(recipe.BatchSize), "--lr", N(recipe.Lr), "--momentum", N(recipe.Momentum),
            "--weight-decay", N(recipe.WeightDecay), "--restart-epochs", N(recipe.RestartPeriod), "--min-lr", N(recipe.MinLr),
            "--seed", N(recipe.Seed), "--micro-batch", N(recipe.MicroBatch),
            // What our side really computes with on this device, so the two compare like with like.
            "--precision", recipe.PrecisionOn(device).Name,
            "--eval-batch-size", N(job.Evaluation.BatchSize), "--device", device.ToString(), "--threads", N(o.Threads),
        };
        if (job.Model.AuxHead) arguments.Add("--aux-head");
        if (recipe.MemoryFormatOn(device, Method.Models.FcnResNet.DepthOf(job.Model.Arch)).ChannelsLast) arguments.Add("--channels-last");
        if (!o.Augment) arguments.Add("--no-augmentation");
        foreach (var (flag, value) in new[] { ("--protection", o.KeyMaterialFile), ("--save-initial", o.SaveInitial), ("--save-final", o.SaveFinal) })
            if (value is not null) arguments.AddRange([flag, value]);
        return arguments;
    }
}
