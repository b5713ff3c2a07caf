using Pipeline.TorchExtensions;
using System.Text.RegularExpressions;

namespace Pipeline.Orchestration.Config;

/// <summary>An experiment, the command-line overrides applied to it and the warnings found while loading it (e.g. a world-readable key file).</summary>
public sealed record LoadedExperiment(Experiment Experiment, IReadOnlyList<string> Warnings, IReadOnlyList<string> Overrides);

/// <summary>
/// Reads experiments/NAME.yaml, composes the blocks it names from configs/, applies the command line's overrides
/// (<see cref="ConfigOverrides"/>), and validates everything before anything runs. Throws
/// <see cref="ConfigException"/> with every error found.
/// </summary>
public static partial class ExperimentLoader
{
    /// <param name="overrides">"field.path=value" items, as <c>--set</c> gives them.</param>
    public static LoadedExperiment Load(string file, IEnumerable<string>? overrides = null)
    {
        var diagnostics = new ConfigDiagnostics();
        diagnostics.Overrides = ConfigOverrides.Parse(overrides ?? [], diagnostics);
        var projectRoot = FindProjectRoot(file);
        var experiment = File.Exists(file) ? Read(file, projectRoot, diagnostics) : Missing(file, diagnostics);
        if (experiment is not null) diagnostics.Overrides.ReportUnapplied(diagnostics);
        diagnostics.ThrowIfAny();
        return new LoadedExperiment(experiment!, diagnostics.Warnings, diagnostics.Overrides.Given);
    }

    private static Experiment? Missing(string file, ConfigDiagnostics diagnostics)
    {
        diagnostics.Error(file, YamlFile.Start, "(file)", Directory.Exists(file)
            ? "this is a folder, not an experiment file; give a .yaml file such as experiments/quick.yaml"
            : "the experiment file does not exist");
        return null;
    }

    private static Experiment? Read(string file, string projectRoot, ConfigDiagnostics diagnostics)
    {
        if (YamlFile.Load(file, "", diagnostics) is not { } root) return null;
        var blocks = new ConfigBlocks(Display(Path.Combine(projectRoot, "configs")), diagnostics);

        var nameValue = root.Field("name");
        var name = nameValue?.Text() ?? Path.GetFileNameWithoutExtension(file);
        if (!Name().IsMatch(name))
        {
            var message = $"'{name}' cannot name a results folder; allowed: letters, digits, '.', '_' and '-', starting with a letter or digit";
            if (nameValue is { } n) n.Error(message);
            else root.Error(message + "; add a name: field");
        }

        var datasetSection = Block(root, blocks, "dataset");
        var dataset = datasetSection is null ? null : DatasetSection.Read(datasetSection, projectRoot);
        var model = Block(root, blocks, "model") is { } m ? ModelSection.Read(m, projectRoot) : null;
        var training = Block(root, blocks, "training") is { } t ? TrainingSection.Read(t) : null;
        var evaluation = root.Field("evaluation") is { } e
            ? blocks.Resolve(e, "evaluation") is { } es ? EvaluationSection.Read(es) : null
            : new Method.Evaluation.EvaluationSettings();

        var imageSize = dataset is not null && datasetSection!.Field("image_size") is { } size ? (dataset.ImageSize, size.Where) : ((int, string)?)null;
        var grid = root.Required("grid")?.Mapping() is { } g ? GridSpec.Read(g, projectRoot, imageSize, diagnostics) : null;
        var devices = root.Field("devices") is { } d ? Devices.Read(d) : [DeviceId.CPU];
        var cpuJobs = root.Field("cpu_jobs")?.Int(1, 256) ?? 1;
        var slurm = root.Field("slurm")?.Mapping() is { } s ? SlurmSpec.Read(s) : SlurmSpec.Default;
        var retries = root.Field("retries")?.Mapping() is { } r ? RetryPolicy.Read(r) : RetryPolicy.Default;
        var attacks = root.Field("attacks")?.Mapping() is { } a ? AttackPlan.Read(a, grid) : null;
        root.RejectUnknown();

        if (dataset is null || model is null || training is null || evaluation is null || grid is null) return null;
        return new Experiment
        {
            Name = name, ProjectRoot = projectRoot, Dataset = dataset, Model = model, Training = training,
            Evaluation = evaluation, Grid = grid, Attacks = attacks, Devices = devices, CpuJobs = cpuJobs, Slurm = slurm, Retries = retries,
        };
    }

    private static ConfigSection? Block(ConfigSection root, ConfigBlocks blocks, string kind) =>
        root.Required(kind, $"name a block from configs/{kind}/ or write the fields inline") is { } value ? blocks.Resolve(value, kind) : null;

    /// <summary>The nearest folder at or above the experiment's folder that holds configs/; else the experiment's parent folder.</summary>
    private static string FindProjectRoot(string file)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(file))!;
        for (var dir = new DirectoryInfo(folder); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "configs"))) return dir.FullName;
        return Directory.GetParent(folder)?.FullName ?? folder;
    }

    /// <summary>Paths under the working directory are shown relative to it: shorter messages, same meaning.</summary>
    private static string Display(string path)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex Name();
}
