namespace Pipeline.TorchExtensions;

/// <summary>
/// Writes a file so that readers see the old content or the new, never a torn one, even across a crash:
/// a temporary file in the same folder, flushed to disk, then renamed over the target. Every result the
/// pipeline writes (metrics, status, weights, checkpoints, reports) goes through here.
/// </summary>
public static class AtomicFile
{
    /// <param name="mode">Unix permissions the file is created with (e.g. 0600 for secrets), so it is never briefly wider.</param>
    public static void WriteAllText(string path, string content, UnixFileMode? mode = null) =>
        WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(content), mode);

    public static void WriteAllBytes(string path, byte[] content, UnixFileMode? mode = null) =>
        Write(path, stream => stream.Write(content), mode);

    /// <summary>Streams the content into the temporary file (large files such as checkpoints), then renames it into place.</summary>
    public static void Write(string path, Action<Stream> write, UnixFileMode? mode = null)
    {
        var full = Path.GetFullPath(path);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, BufferSize = 1 << 20 };
        if (mode is { } m && !OperatingSystem.IsWindows()) options.UnixCreateMode = m;
        try
        {
            using (var stream = new FileStream(temp, options))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
