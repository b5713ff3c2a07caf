using System.Globalization;
using Pipeline.Method.Keys;
using Pipeline.TorchExtensions;

namespace Pipeline.Orchestration.Jobs;

/// <summary>
/// One job's folder: job.yaml (the resolved job without its key), key.secret (the seed, readable by the owner
/// only) and status.json. <c>pipeline job JOBDIR</c> needs nothing else.
/// </summary>
public sealed class JobFolder(string path)
{
    public const string JobFile = "job.yaml";
    public const string KeyFile = "key.secret";
    public const string StatusFile = "status.json";

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public string Path { get; } = path;

    public void WriteJob(JobSpec job)
    {
        Directory.CreateDirectory(Path);
        // The key first: a job.yaml without its key.secret beside it would be unrunnable.
        if (job.KeySeed is { } seed)
            AtomicFile.WriteAllText(File(KeyFile), seed.ToString(CultureInfo.InvariantCulture) + "\n", OwnerOnly);
        AtomicFile.WriteAllText(File(JobFile), JobYaml.Serialize(job));
    }

    /// <summary>The job with its seed, checked against the fingerprint and the folder's name (the id).</summary>
    public JobSpec ReadJob()
    {
        var job = JobYaml.Deserialize(System.IO.File.ReadAllText(File(JobFile)));
        if (job.KeyFingerprint is not null)
        {
            var text = System.IO.File.ReadAllText(File(KeyFile)).Trim();
            if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seed) || new SecretKey(seed).Fingerprint != job.KeyFingerprint)
                throw new InvalidDataException($"{File(KeyFile)} does not hold the key with fingerprint {job.KeyFingerprint}");
            job = job with { KeySeed = seed };
        }
        var folderName = System.IO.Path.GetFileName(System.IO.Path.TrimEndingDirectorySeparator(Path));
        if (job.Id != folderName)
            throw new InvalidDataException($"{File(JobFile)} describes job {job.Id}, not {folderName}: it was edited or moved; plan the experiment again");
        return job;
    }

    /// <summary>The recorded status, or null before the job was ever saved.</summary>
    public JobStatus? ReadStatus() =>
        System.IO.File.Exists(File(StatusFile)) ? JobStatus.FromJson(System.IO.File.ReadAllText(File(StatusFile))) : null;

    public void WriteStatus(JobStatus status)
    {
        Directory.CreateDirectory(Path);
        AtomicFile.WriteAllText(File(StatusFile), status.ToJson());
    }

    public string File(string name) => System.IO.Path.Combine(Path, name);
}
