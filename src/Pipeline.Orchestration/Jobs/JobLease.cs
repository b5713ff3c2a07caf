using System.Text;

namespace Pipeline.Orchestration.Jobs;

/// <summary>
/// The right to run one job: an exclusive lock on the job folder's lease file, held by the job process for
/// the whole attempt. The operating system drops the lock when the process dies (kill -9 included), so a
/// dead job is never "running" for long, and two workers on one results folder cannot run it twice.
/// On Linux .NET takes FileShare.None as an advisory flock; on a shared cluster file system that honours
/// flock (NFSv4, Lustre, GPFS) the same holds across nodes, and the status heartbeat covers the rest.
/// </summary>
public sealed class JobLease : IDisposable
{
    private readonly FileStream stream;

    private JobLease(FileStream stream) => this.stream = stream;

    /// <summary>Takes the lease, or returns null when another live process holds it.</summary>
    public static JobLease? TryAcquire(JobFolder folder)
    {
        var path = folder.File(JobFolder.LeaseFile);
        Directory.CreateDirectory(folder.Path);
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            stream.SetLength(0);
            stream.Write(Encoding.UTF8.GetBytes($"{Owner}\n"));
            stream.Flush();
            return new JobLease(stream);
        }
        // Held by another process; a full or read-only disk is the machine's failure, not a busy lease.
        catch (IOException e) when (InfrastructureFailure.Of(e) is null)
        {
            return null;
        }
    }

    /// <summary>
    /// Whether a live process holds the job's lease right now: probes by trying to lock it for an instant, and writes
    /// nothing (`pipeline status` reads a results folder without changing it).
    /// </summary>
    public static bool IsHeld(JobFolder folder)
    {
        var path = folder.File(JobFolder.LeaseFile);
        // A process that holds the lease made its file first.
        if (!File.Exists(path)) return false;
        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None);
            return false;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
        catch (IOException e) when (InfrastructureFailure.Of(e) is null)
        {
            return true;
        }
    }

    public static string Owner => $"{Environment.MachineName}:{Environment.ProcessId}";

    public void Dispose() => stream.Dispose();
}
