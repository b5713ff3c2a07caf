namespace Pipeline.Tests.Shared;

/// <summary>A fact about Unix file modes (key files, key.secret): skipped on Windows, which has none.</summary>
public sealed class UnixFactAttribute : FactAttribute
{
    public UnixFactAttribute()
    {
        if (OperatingSystem.IsWindows()) Skip = "Unix file modes do not exist on Windows";
    }
}
