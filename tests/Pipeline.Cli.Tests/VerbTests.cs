using Pipeline.Orchestration.Jobs;
using Pipeline.Orchestration.Running;
using Pipeline.Orchestration.Tests;
using Pipeline.Tests.Shared;

namespace Pipeline.Cli.Tests;

/// <summary>
/// Every verb of the built `pipeline` program, started as a real process: the exit code and what it prints for good
/// and for bad input. Bad input exits 2 and says which argument is wrong and what is allowed.
/// </summary>
public sealed class VerbTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);
    private readonly TempProject project = new();

    public void Dispose() => project.Dispose();

    private static (int Code, string Output) Pipeline(params string[] args)
    {
        var code = PipelineProcess.Run(Limit, out var output, args);
        return (code, output);
    }

    [Fact]
    public void DoctorNamesTorchSharpLibtorchAndChecksTheCpu()
    {
        var (code, output) = Pipeline("doctor");

        Assert.True(code == ExitCodes.Finished, output);
        Assert.Contains("TorchSharp   0.107.0, from package TorchSharp-cpu 0.107.0", output);
        Assert.Contains("libtorch     2.10.0", output);
        Assert.Contains("libtorch_cpu", output);
        Assert.Contains("OK    symbol void at::autocast::set_autocast_enabled(c10::DeviceType, bool)", output);
        Assert.Matches(@"OK    cpu\s+conv forward/backward", output);
    }

    [Fact]
    public void KeyspaceCountsKeysAndWhatEachKindReaches()
    {
        var (code, output) = Pipeline("keyspace", "--method", "shf", "--block-size", "4", "--json");
        Assert.True(code == 0, output);
        using var json = System.Text.Json.JsonDocument.Parse(output.Trim());
        var root = json.RootElement;
        var log2Factorial48 = Enumerable.Range(2, 47).Sum(i => Math.Log2(i));
        Assert.Equal(log2Factorial48, root.GetProperty("log2_keys").GetDouble(), 6);
        Assert.Equal("seed", root.GetProperty("key_kind").GetString());
        Assert.Equal(32, root.GetProperty("log2_effective").GetDouble());

        (code, output) = Pipeline("keyspace", "--method", "fmp", "--strong");
        Assert.True(code == 0, output);
        Assert.Contains("permuted           channels 64", output);
        Assert.Contains("strong key reaches 256.0000 bits", output);

        foreach (var (args, message) in new[]
                 {
                     (new[] { "--method", "shf" }, "--block-size is required for shf"),
                     (new[] { "--method", "rot" }, "--method 'rot' is not a method; allowed: shf, np, ffx, fmp"),
                     (new[] { "--method", "fmp", "--feature-maps", "layer9" }, "--feature-maps: 'layer9' is not a feature map"),
                     (new[] { "--method", "fmp", "--feature-maps", "", "--json" }, "--feature-maps: give at least one feature map"),
                     (new[] { "--method", "fmp", "--feature-maps", "layer1,layer1" }, "--feature-maps: 'layer1' is given twice"),
                     (new[] { "--method", "fmp", "--arch", "vgg" }, "--arch 'vgg' is not a model"),
                 })
        {
            (code, output) = Pipeline(["keyspace", .. args]);
            Assert.Equal(ExitCodes.BadInput, code);
            Assert.Contains(message, output);
        }
    }

    [Fact]
    public void AnUnknownVerbOrOptionExitsWith2()
    {
        var (verb, verbOutput) = Pipeline("frobnicate");
        var (option, optionOutput) = Pipeline("key", "--method", "shf", "--block-size", "2", "--seed", "1", "--colour");

        Assert.Equal(ExitCodes.BadInput, verb);
        Assert.Contains("frobnicate", verbOutput);
        Assert.Equal(ExitCodes.BadInput, option);
        Assert.Contains("--colour", optionOutput);
    }

    [Theory]
    [InlineData("--threads", "0", "--threads 0: allowed: 1 or more")]
    [InlineData("--device", "gpu", "--device: 'gpu' is not a device; use cpu, cuda or cuda:N")]
    public void JobRefusesBadOptions(string option, string value, string message)
    {
        var folder = Directory.CreateDirectory(project.Path("results/t/jobs/x")).FullName;

        var (code, output) = Pipeline("job", folder, option, value);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains(message, output);
    }

    [Fact]
    public void JobNamesAMissingFolder()
    {
        var (code, output) = Pipeline("job", project.Path("nowhere"));

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains($"{project.Path("nowhere")} does not exist", output);
    }

    [Theory]
    [InlineData("--dispatcher", "cloud", "--dispatcher 'cloud' is not a dispatcher; allowed: local, slurm")]
    [InlineData("--devices", "cpu,tpu", "--devices: 'tpu' is not a device; use cpu, cuda or cuda:N")]
    [InlineData("--cpu-jobs", "0", "cpu jobs 0 must be at least 1")]
    public void RunRefusesBadOptionsAndWritesNothing(string option, string value, string message)
    {
        var (code, output) = Pipeline("run", project.WriteExperiment(), "--results", project.Path("results"), option, value);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains(message, output);
        Assert.False(Directory.Exists(project.Path("results")));
    }

    [Fact]
    public void RunWithABrokenExperimentExitsWith2PlacesTheErrorAndWritesNothing()
    {
        var file = project.WriteExperiment(TempProject.Experiment.Replace("methods: [shf, np, ffx]", "methods: [shf"));
        var before = project.Files();

        var (code, output) = Pipeline("run", file, "--results", project.Path("results"));

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains($"{file}:7:12: (syntax): the YAML is not well-formed", output);
        Assert.DoesNotContain("Exception", output);
        Assert.Equal(before, project.Files());
    }

    [Theory]
    [InlineData("truncated-jpeg")]
    [InlineData("missing-mask")]
    [InlineData("mask-size")]
    [InlineData("label")]
    public void RunWithABrokenDatasetNamesTheFileAndTrainsNothing(string fault)
    {
        var layout = WriteVoc();
        var broken = fault == "truncated-jpeg" ? layout.ImagePath("train_000003") : layout.MaskPath("val_000001");
        switch (fault)
        {
            case "truncated-jpeg":
                var bytes = File.ReadAllBytes(broken);
                File.WriteAllBytes(broken, bytes[..(bytes.Length / 2)]);
                break;
            case "missing-mask":
                File.Delete(broken);
                break;
            case "mask-size":
                Method.Imaging.Png.WriteIndexed(broken, new Method.Imaging.IndexedImage(16, 12, new byte[16 * 12], Method.Data.VocPalette.Colours));
                break;
            case "label":
                var labels = new byte[16 * 16];
                labels[7] = 21;
                Method.Imaging.Png.WriteIndexed(broken, new Method.Imaging.IndexedImage(16, 16, labels, Method.Data.VocPalette.Colours));
                break;
        }
        var file = project.WriteExperiment(VocExperiment);

        var (code, output) = Pipeline("run", file, "--results", project.Path("results/t"));

        Assert.True(code == ExitCodes.BadInput, output);
        Assert.Contains(broken, output);
        Assert.Contains("nothing was trained", output);
        Assert.DoesNotContain("Exception", output);
        var jobs = project.Path("results/t/jobs");
        Assert.False(Directory.Exists(jobs) && Directory.EnumerateFileSystemEntries(jobs).Any(), "no job may start");
    }

    [Fact]
    public void AJobWhoseDatasetBrokeSinceItWasPlannedFailsAsBadInputForGood()
    {
        var layout = WriteVoc();
        var store = new ExperimentFolder(project.Path("results"), "t");
        var job = GridExpander.Expand(project.Load(VocExperiment).Experiment, store.Fingerprinter()).First();
        var folder = store.Save(job);
        File.Delete(layout.ImagePath("val_000001"));

        var (code, output) = Pipeline("job", folder.Path);

        Assert.True(code == ExitCodes.BadInput, output);
        var status = folder.ReadStatus()!;
        Assert.Equal(JobState.Failed, status.State);
        Assert.Equal(FailureKind.Input, status.FailureKind);
        Assert.Contains(layout.ImagePath("val_000001"), status.Message);
        Assert.False(RetryRules.HasBudget(status, new Orchestration.Config.RetryPolicy { Oom = 5, Crash = 5, Timeout = 5 }), "bad input is never retried");
        Assert.Contains("bad input, not retried", File.ReadAllText(Path.Combine(folder.File(JobFolder.LogsFolder), "attempt-1.log")));
    }

    private static readonly string VocExperiment = TempProject.Experiment.Replace("dataset: tiny", "dataset: {kind: voc, path: voc, image_size: 16}");

    private Method.Data.VocLayout WriteVoc()
    {
        var voc = project.Path("voc");
        using (var set = Method.Data.SyntheticVoc.Generate(new Method.Data.SyntheticVocOptions { ImageSize = 16, Train = 6, Validation = 2, Test = 2, Seed = 4 }))
            Method.Data.VocWriter.Write(set, voc);
        return new Method.Data.VocLayout(voc);
    }

    [Fact]
    public void PlanRunAndStatusTakeOverridesAndNameAWrongOneWritingNothing()
    {
        var file = project.WriteExperiment();
        var edited = project.WriteExperiment(TempProject.Edit("evaluation: few", "evaluation: {incorrect_keys: 5}"), "edited");

        var (overridden, output) = Pipeline("plan", file, "--results", project.Path("results/t"), "--set", "evaluation.incorrect_keys=5");
        var (written, writtenOutput) = Pipeline("plan", edited, "--results", project.Path("results/t"));

        Assert.True(overridden == ExitCodes.Finished, output);
        Assert.Equal(writtenOutput, output);
        var before = project.Files();
        foreach (var verb in new[] { "plan", "run", "status" })
        {
            var (code, refusal) = Pipeline(verb, file, "--results", project.Path("results/t"), "--set", "training.epochs=many");
            Assert.True(code == ExitCodes.BadInput, refusal);
            Assert.Contains("--set training.epochs=many: training.epochs: expected an integer, found 'many'; allowed: an integer from 1 to 100000", refusal);
            Assert.Contains($"pipeline {verb}: 1 error(s); nothing was run or written", refusal);
        }
        var (folder, folderRefusal) = Pipeline("status", project.Path("results/t"), "--set", "training.epochs=1");
        Assert.Equal(ExitCodes.BadInput, folder);
        Assert.Contains("--set changes an experiment file, not a results folder", folderRefusal);
        Assert.Equal(before, project.Files());
    }

    [Fact]
    public void RunAndStatusNameAMissingExperimentFile()
    {
        var missing = project.Path("experiments/none.yaml");

        var (run, runOutput) = Pipeline("run", missing);
        var (status, statusOutput) = Pipeline("status", missing);

        Assert.Equal(ExitCodes.BadInput, run);
        Assert.Contains(missing, runOutput);
        Assert.Equal(ExitCodes.BadInput, status);
        Assert.Contains(missing, statusOutput);
    }

    [Fact]
    public void PlanRunAndStatusNameADamagedFingerprintSecretAndWriteNothing()
    {
        var file = project.WriteExperiment();
        var secret = new ExperimentFolder(project.Path("results"), "t").FingerprintSecretFile;
        Directory.CreateDirectory(Path.GetDirectoryName(secret)!);
        File.WriteAllText(secret, "abc");

        foreach (var verb in new[] { "plan", "run", "status" })
        {
            var (code, output) = Pipeline(verb, file);

            Assert.True(code == ExitCodes.BadInput, $"{verb}: {output}");
            Assert.Contains($"pipeline {verb}: {secret} is not a fingerprint secret", output);
        }
        Assert.Equal([secret], Directory.EnumerateFiles(project.Path("results"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void StatusListsTheJobsOfAnExperimentAndRefusesAFolderWithoutJobs()
    {
        var store = new ExperimentFolder(project.Path("results"), "t");
        foreach (var job in GridExpander.Expand(project.Load().Experiment, TempProject.Fingerprints)) store.Save(job);

        var (listed, output) = Pipeline("status", project.Path("results/t"));
        var (refused, refusal) = Pipeline("status", project.Root);

        Assert.True(listed == ExitCodes.Finished, output);
        Assert.Contains("19 jobs (19 pending)", output);
        Assert.Equal(ExitCodes.BadInput, refused);
        Assert.Contains("has no jobs/ folder", refusal);
    }

    [Fact]
    public void ResultsMeansTheExperimentsOwnFolderForEveryVerb()
    {
        var file = project.WriteExperiment(OneExperiment.Yaml.Replace(", keys: [{seed: 3}], baseline: true", ", keys: [{seed: 3}]")
            .Replace("epochs: 2", "epochs: 1"));
        var results = project.Path("elsewhere/mine");

        var (planned, plan) = Pipeline("plan", file, "--results", results);
        var (ran, run) = Pipeline("run", file, "--results", results);
        var (statused, status) = Pipeline("status", file, "--results", results);
        var (keyed, key) = Pipeline("key", "--method", "shf", "--block-size", "4", "--seed", "3", "--results", results);
        var (reported, report) = Pipeline("report", results);

        Assert.True(new[] { planned, ran, statused, keyed, reported }.All(c => c == ExitCodes.Finished), string.Join("\n", plan, run, status, key, report));
        var job = Assert.Single(Directory.GetDirectories(Path.Combine(results, "jobs")));
        Assert.Contains($"1 jobs (1 pending) in {Path.Combine(results, "jobs")}", plan);
        Assert.Contains("1 jobs (1 finished)", status);
        Assert.Contains($"fingerprint  {new ExperimentFolder(results).ExistingFingerprinter()!.Of(new Method.Keys.SecretKey(3))}", key);
        Assert.True(File.Exists(Path.Combine(results, "report.html")));
        Assert.True(new JobFolder(job).IsFinished);
    }

    [Fact]
    public void JobHelpNamesOnlyWhatWritesJobFolders()
    {
        var (code, output) = Pipeline("job", "--help");

        Assert.Equal(ExitCodes.Finished, code);
        Assert.Contains("A job folder written by `pipeline run`", output);
        Assert.DoesNotContain("plan --results", output);
    }

    [Fact]
    public void ReportNamesAMissingResultsFolder()
    {
        var (code, output) = Pipeline("report", project.Path("results/none"));

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains(project.Path("results/none"), output);
    }

    [Theory]
    [InlineData("--precision", "fp16", "--precision: allowed bf16, fp32")]
    [InlineData("--model", "fcn_vgg16", "fcn_vgg16")]
    [InlineData("--device", "cuda:0", "cuda:0 is not available")]
    public void BenchRefusesWhatItCannotRun(string option, string value, string message)
    {
        string[] device = option == "--device" ? [] : ["--device", "cpu"];
        var (code, output) = Pipeline(["bench", .. device, "--batch", "1", "--image-size", "32", "--steps", "1", "--warmup", "0", option, value]);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains(message, output);
    }

    /// <summary>
    /// Every precision and memory format the GPU takes, on the CPU: a warm-up step and a timed one, so that a forward
    /// follows an SGD step (where channels-last weights made as views failed). bf16 applies where this CPU's bf16
    /// arithmetic agrees with fp32.
    /// </summary>
    [Theory]
    [InlineData("fp32", "false")]
    [InlineData("fp32", "true")]
    [InlineData("bf16", "true")]
    [InlineData("bf16", "false")]
    public void BenchOnTheCpuRunsEveryPrecisionAndMemoryFormat(string precision, string channelsLast)
    {
        var (code, output) = Pipeline("bench", "--model", "fcn_resnet18", "--device", "cpu", "--batch", "2", "--image-size", "32",
                                      "--precision", precision, "--channels-last", channelsLast, "--steps", "1", "--warmup", "1", "--json");

        Assert.True(code == ExitCodes.Finished, output);
        // Standard error says why the precision used is not the one asked for; standard output is the JSON alone.
        const string note = "pipeline bench: note: ";
        var lines = output.Split('\n');
        using var json = System.Text.Json.JsonDocument.Parse(string.Join('\n', lines.Where(l => !l.StartsWith(note, StringComparison.Ordinal))).Trim());
        var result = json.RootElement.GetProperty("pipeline");
        Assert.True(result.GetProperty("train_images_per_second").GetDouble() > 0);
        var used = precision == "bf16" && TorchExtensions.BFloat16Check.On(TorchExtensions.DeviceId.CPU).Trustworthy ? "bf16" : "fp32";
        Assert.Equal(used, result.GetProperty("precision").GetString());
        var notes = lines.Where(l => l.StartsWith(note, StringComparison.Ordinal)).ToList();
        if (used == precision) Assert.Empty(notes);
        else Assert.StartsWith(note + "fp32, not the configured bf16: wrong bf16 result on cpu", Assert.Single(notes));
        Assert.Equal(channelsLast == "true", result.GetProperty("channels_last").GetBoolean());
    }

    [Fact]
    public void BenchOutOfMemoryIsOneLineAndItsOwnExitCode()
    {
        // 1 GB of data segment: the runtime, libtorch and the model fit; the batch's 1.6 GB of images do not, so libtorch's
        // allocator refuses the first tensor of the batch (as CUDA's does on a full GPU).
        var code = PipelineProcess.Run(Limit, 1_000_000, out var output, "bench", "--model", "fcn_resnet18", "--device", "cpu", "--batch", "512",
                                       "--image-size", "1024", "--precision", "fp32", "--steps", "1", "--warmup", "0");

        Assert.True(code == ExitCodes.OutOfMemory, output);
        Assert.Contains("pipeline bench: out of memory on cpu with --batch 512 at --image-size 1024 (", output);
        Assert.Contains("try a smaller --batch", output);
        Assert.DoesNotContain("Exception", output);
        Assert.DoesNotContain("frame #", output);
        Assert.Single(output.Trim().Split('\n'));
    }
}
