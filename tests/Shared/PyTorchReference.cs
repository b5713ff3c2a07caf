using System.Diagnostics;

namespace Pipeline.Tests.Shared;

/// <summary>
/// Runs a script in Debian's Python with its torch and torchvision (python3-torch, python3-torchvision,
/// installed by the test setup), the real reference our implementation must match.
/// </summary>
public static class PyTorchReference
{
    private const string Python = "/usr/bin/python3";
    private static readonly Lazy<string?> Missing = new(Probe);

    /// <summary>Why the reference cannot run here, or null when it can.</summary>
    public static string? SkipReason => Missing.Value;

    public static string Run(string script, string workingDirectory)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"reference script failed ({process.ExitCode}): {error.Result}");
        return output.Result;
    }

    private static string? Probe()
    {
        if (!File.Exists(Python)) return $"{Python} is missing (install python3-torch python3-torchvision)";
        try
        {
            Run("import torch, torchvision", Path.GetTempPath());
            return null;
        }
        catch (InvalidOperationException e)
        {
            return $"Debian's torch/torchvision are not importable: {e.Message.Split('\n')[0]}";
        }
    }
}

/// <summary>A fact that needs the PyTorch reference; skipped with the reason when it is not installed.</summary>
public sealed class PyTorchFactAttribute : FactAttribute
{
    public PyTorchFactAttribute()
    {
        if (PyTorchReference.SkipReason is { } reason) Skip = reason;
    }
}
