using System.Security.Cryptography;
using Pipeline.Method.Keys;
using Pipeline.TorchExtensions;

namespace Pipeline.Orchestration.Jobs;

/// <summary>
/// An experiment's results on disk, RESULTS/&lt;experiment&gt;/: its jobs (jobs/&lt;id&gt;/), run.json, run.log, the
/// fingerprint secret, slurm/ and the report beside them.
/// </summary>
public sealed class ExperimentFolder(string path)
{
    public ExperimentFolder(string resultsRoot, string experiment) : this(System.IO.Path.Combine(resultsRoot, experiment))
    {
    }

    public string Path { get; } = path;

    public string Name => System.IO.Path.GetFileName(System.IO.Path.TrimEndingDirectorySeparator(Path));

    public string JobsDirectory => System.IO.Path.Combine(Path, "jobs");

    public string RunFile => System.IO.Path.Combine(Path, "run.json");

    /// <summary>The run's log, written there when the terminal shows the live view instead.</summary>
    public string RunLogFile => System.IO.Path.Combine(Path, "run.log");

    /// <summary>The Slurm dispatcher's batch scripts and the array tasks' logs.</summary>
    public string SlurmDirectory => System.IO.Path.Combine(Path, "slurm");

    /// <summary>The secret key fingerprints are made with (<see cref="KeyFingerprinter"/>): mode 0600, never committed.</summary>
    public string FingerprintSecretFile => System.IO.Path.Combine(Path, "fingerprint.secret");

    /// <summary>
    /// The fingerprinter of this experiment's keys, creating its secret the first time. Two processes creating it at
    /// once agree: the file is written aside and moved into place without overwriting, and whoever loses reads the winner's.
    /// </summary>
    /// <exception cref="InvalidDataException">The folder has keyed jobs but no secret: a new one would give their keys new fingerprints.</exception>
    public KeyFingerprinter Fingerprinter()
    {
        if (ExistingFingerprinter() is { } existing) return existing;
        if (Jobs().Any(HasKey))
            throw new InvalidDataException($"{Path} has jobs but no {System.IO.Path.GetFileName(FingerprintSecretFile)}: a new secret would give its keys new "
                                           + "fingerprints, so every keyed job would train again under a new id and count twice in the tables; restore "
                                           + "the file from where the results came from (without it the folder can be reported, not run)");
        Directory.CreateDirectory(Path);
        var temp = FingerprintSecretFile + $".{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(temp, options))
        {
            stream.Write(System.Text.Encoding.ASCII.GetBytes(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(KeyFingerprinter.SecretBytes)) + "\n"));
            stream.Flush(flushToDisk: true);
        }
        try
        {
            File.Move(temp, FingerprintSecretFile, overwrite: false);
        }
        catch (IOException) when (File.Exists(FingerprintSecretFile))
        {
            File.Delete(temp);
        }
        return ExistingFingerprinter()!;
    }

    // Whether the job names a key by its fingerprint; one whose job.yaml cannot be read might.
    private static bool HasKey(JobFolder job)
    {
        try
        {
            return JobYaml.Deserialize(File.ReadAllText(job.File(JobFolder.JobFile))) is KeyedModelJob;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or YamlDotNet.Core.YamlException or InvalidDataException)
        {
            return true;
        }
    }

    /// <summary>The fingerprinter when the secret exists; null otherwise (nothing is created).</summary>
    public KeyFingerprinter? ExistingFingerprinter()
    {
        if (!File.Exists(FingerprintSecretFile)) return null;
        var text = File.ReadAllText(FingerprintSecretFile).Trim();
        return text.Length >= 32 && text.Length % 2 == 0 && text.All(char.IsAsciiHexDigit)
            ? new KeyFingerprinter(Convert.FromHexString(text))
            : throw new InvalidDataException($"{FingerprintSecretFile} is not a fingerprint secret (hex digits); restore it from a backup of the results");
    }

    public JobFolder Job(string id) => new(System.IO.Path.Combine(JobsDirectory, id));

    /// <summary>run.json, or null when there is none or it is damaged.</summary>
    public RunRecord? ReadRun() => File.Exists(RunFile) ? RunRecord.FromJson(File.ReadAllText(RunFile)) : null;

    public void WriteRun(RunRecord run)
    {
        Directory.CreateDirectory(Path);
        AtomicFile.WriteAllText(RunFile, run.ToJson());
    }

    /// <summary>Every job folder present, by id.</summary>
    public IReadOnlyList<JobFolder> Jobs() => Directory.Exists(JobsDirectory)
        ? Directory.GetDirectories(JobsDirectory).Order(StringComparer.Ordinal).Select(d => new JobFolder(d)).ToList()
        : [];

    /// <summary>Writes the job's files; a job seen for the first time starts pending, a known one keeps its status.</summary>
    public JobFolder Save(Job job)
    {
        var folder = Job(job.Id);
        folder.WriteJob(job);
        if (folder.ReadStatus() is null) folder.WriteStatus(JobStatus.Pending);
        return folder;
    }
}
