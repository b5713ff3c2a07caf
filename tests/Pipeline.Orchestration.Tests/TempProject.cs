using Pipeline.Method.Keys;
using Pipeline.Orchestration.Config;
using Pipeline.Orchestration.Jobs;

namespace Pipeline.Orchestration.Tests;

/// <summary>A throw-away project folder (configs/, experiments/) with small blocks every test can name.</summary>
public sealed class TempProject : IDisposable
{
    public const string Experiment = """
        name: t
        dataset: tiny
        model: small
        training: short
        evaluation: few
        grid:
          methods: [shf, np, ffx]
          block_sizes: [2, 4, 8]
          keys:
            - seed: 11
            - seed: 22
          baseline: true
        """;

    public TempProject()
    {
        Root = Directory.CreateTempSubdirectory("orchestration-").FullName;
        Write("configs/dataset/tiny.yaml", """
            kind: synthetic
            image_size: 32
            train: 4
            val: 2
            test: 2
            """);
        Write("configs/model/small.yaml", "arch: fcn_resnet18\n");
        Write("configs/training/short.yaml", """
            epochs: 2
            batch_size: 4
            lr: 0.01
            """);
        Write("configs/evaluation/few.yaml", "incorrect_keys: 2\n");
    }

    public string Root { get; }

    public string Path(string relative) => System.IO.Path.Combine(Root, relative);

    public string Write(string relative, string content)
    {
        var path = Path(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content.EndsWith('\n') ? content : content + "\n");
        return path;
    }

    /// <summary>Sets a file's Unix mode; nothing on Windows, where only the mode tests (skipped there) depend on it.</summary>
    public static string SetMode(string file, UnixFileMode mode)
    {
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, mode);
        return file;
    }

    public static UnixFileMode ModeOf(string file) =>
        OperatingSystem.IsWindows() ? throw new PlatformNotSupportedException() : File.GetUnixFileMode(file);

    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    public const UnixFileMode WorldReadable = OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public string WriteExperiment(string content = Experiment, string name = "exp") => Write($"experiments/{name}.yaml", content);

    public LoadedExperiment Load(string content = Experiment) => ExperimentLoader.Load(WriteExperiment(content));

    /// <summary>A fixed fingerprint secret, for tests of ids and job files that do not go through a results folder's.</summary>
    public static readonly KeyFingerprinter Fingerprints = new(Enumerable.Repeat((byte)7, KeyFingerprinter.SecretBytes).ToArray());

    /// <summary>The jobs of the experiment, fingerprinted with <see cref="Fingerprints"/>.</summary>
    public IReadOnlyList<Job> Jobs(string content = Experiment) => GridExpander.Expand(Load(content).Experiment, Fingerprints);

    /// <summary>experiments/exp.yaml, where <see cref="WriteExperiment"/> writes by default: the file its errors name.</summary>
    public string ExperimentFile => Path("experiments/exp.yaml");

    /// <summary><see cref="Experiment"/> with one piece of text replaced.</summary>
    public static string Edit(string from, string to) => Experiment.Replace(from, to);

    /// <summary>The one error loading <paramref name="content"/> gives, as printed.</summary>
    public string Error(string content) => Assert.Single(Errors(content));

    /// <summary>The errors loading <paramref name="content"/> gives, as printed.</summary>
    public string[] Errors(string content)
    {
        var file = WriteExperiment(content);
        var e = Assert.Throws<ConfigException>(() => ExperimentLoader.Load(file));
        return e.Errors.Select(x => x.ToString()).ToArray();
    }

    /// <summary>Every file under the project, to show that a command wrote nothing.</summary>
    public string[] Files() => Directory.EnumerateFileSystemEntries(Root, "*", SearchOption.AllDirectories).Order().ToArray();

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
