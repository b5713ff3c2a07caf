using System.Diagnostics;

namespace Pipeline.Tests.Shared;

/// <summary>The built `pipeline` command line (copied beside the tests), started as a real process.</summary>
public sealed class PipelineProcess : IDisposable
{
    private readonly Process process;
    private readonly System.Text.StringBuilder output = new();

    public PipelineProcess(params string[] args) : this((long?)null, args)
    {
    }

    /// <param name="environment">Variables to set (a null value removes one) for this process only.</param>
    public PipelineProcess(IReadOnlyDictionary<string, string?> environment, params string[] args) : this((long?)null, environment, args)
    {
    }

    /// <param name="dataLimitKilobytes">
    /// The process's data-segment limit (ulimit -d, inherited by the job processes it starts): a real libtorch
    /// out-of-memory error on the CPU, as a GPU gives one, once a tensor no longer fits.
    /// </param>
    public PipelineProcess(long? dataLimitKilobytes, params string[] args) : this(dataLimitKilobytes, new Dictionary<string, string?>(), args)
    {
    }

    private PipelineProcess(long? dataLimitKilobytes, IReadOnlyDictionary<string, string?> environment, string[] args)
    {
        var start = new ProcessStartInfo(dataLimitKilobytes is null ? "dotnet" : "/bin/sh")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        if (dataLimitKilobytes is { } limit)
            foreach (var a in new[] { "-c", $"ulimit -d {limit} && exec dotnet \"$@\"", "sh" }) start.ArgumentList.Add(a);
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "pipeline.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (name, value) in environment)
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Output
    {
        get { lock (output) return output.ToString(); }
    }

    public int WaitForExit(TimeSpan timeout)
    {
        if (!process.WaitForExit(timeout)) throw new TimeoutException($"pipeline did not finish in {timeout}; output:\n{Output}");
        process.WaitForExit();
        return process.ExitCode;
    }

    /// <summary>SIGINT to the worker alone, as Ctrl+C in its terminal would send (the worker passes it on).</summary>
    public void Interrupt()
    {
        using var kill = Process.Start("kill", ["-INT", process.Id.ToString()])!;
        kill.WaitForExit();
    }

    /// <summary>SIGKILL to the worker and every job process it started: nothing gets to clean up.</summary>
    public void KillTree()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public void Dispose()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.Dispose();
    }

    public static int Run(TimeSpan timeout, out string output, params string[] args) => Run(timeout, (long?)null, out output, args);

    public static int Run(TimeSpan timeout, out string output, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        using var p = new PipelineProcess(environment, args);
        var code = p.WaitForExit(timeout);
        output = p.Output;
        return code;
    }

    public static int Run(TimeSpan timeout, long? dataLimitKilobytes, out string output, params string[] args)
    {
        using var p = new PipelineProcess(dataLimitKilobytes, args);
        var code = p.WaitForExit(timeout);
        output = p.Output;
        return code;
    }
}
