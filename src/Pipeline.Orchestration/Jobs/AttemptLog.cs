namespace Pipeline.Orchestration.Jobs;

/// <summary>logs/attempt-N.log of a job (<see cref="JobFolder.OpenAttemptLog"/>): one file per attempt, never overwritten, flushed line by line.</summary>
internal static class AttemptLog
{
    public static StreamWriter Open(string folder, int attempt)
    {
        Directory.CreateDirectory(folder);
        for (var suffix = 0; ; suffix++)
        {
            var name = suffix == 0 ? $"attempt-{attempt}.log" : $"attempt-{attempt}.{suffix}.log";
            try
            {
                var stream = new FileStream(Path.Combine(folder, name), FileMode.CreateNew, FileAccess.Write, FileShare.Read);
                return new TimestampedWriter(stream);
            }
            catch (IOException) when (File.Exists(Path.Combine(folder, name)))
            {
            }
        }
    }

    private sealed class TimestampedWriter(Stream stream) : StreamWriter(stream)
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine($"{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} {value}");
            Flush();
        }
    }
}
