using System.Diagnostics;

namespace Pipeline.Reports.Tests;

/// <summary>Runs headless Chromium once, in a fresh profile, with its log on stderr.</summary>
internal static class Chromium
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static Result Run(string url, params string[] arguments)
    {
        var profile = Directory.CreateTempSubdirectory("pipeline-chromium-");
        try
        {
            var start = new ProcessStartInfo(ChromiumFactAttribute.Path)
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            foreach (var argument in new[]
                     {
                         "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                         "--disable-background-networking", "--disable-component-update", "--disable-sync",
                         $"--user-data-dir={profile.FullName}", "--enable-logging=stderr", "--v=0",
                     }.Concat(arguments).Append(url))
                start.ArgumentList.Add(argument);
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"chromium did not finish within 120 s: {string.Join(' ', start.ArgumentList)}");
            }
            return new Result(process.ExitCode, stdout.Result, stderr.Result);
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}
