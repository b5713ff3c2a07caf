namespace Pipeline.Reports.Tests;

/// <summary>A fact skipped (not failed) where Debian's chromium is not installed; test-all.sh installs it.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string Path = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(Path)) Skip = $"{Path} is not installed (scripts/install-deps.sh --test installs Debian's chromium)";
    }
}
