using System.Diagnostics;
using System.Text.RegularExpressions;
using Pipeline.Orchestration.Jobs;
using Pipeline.Orchestration.Running;
using Pipeline.Orchestration.Tests;
using Pipeline.Tests.Shared;
using Spectre.Console;

namespace Pipeline.Cli.Tests;

/// <summary>The live view of `pipeline run` tells the truth: where a job is within an epoch, columns that stay put, and how a stopped run ended.</summary>
public sealed partial class LiveViewTests : IDisposable
{
    private readonly TempProject project = new();

    public void Dispose() => project.Dispose();

    [UnixFact]
    public void CtrlCLeavesAFrameThatSaysInterruptedAndTheSummaryOnTheTerminal()
    {
        var file = project.WriteExperiment(OneExperiment.Yaml
            .Replace("image_size: 16", "image_size: 32").Replace("epochs: 2", "epochs: 30, checkpoint_minutes: 0").Replace(", baseline: true", ""));
        var results = project.Path("results/one");
        var checkpoint = GridExpander.Expand(project.Load(File.ReadAllText(file)).Experiment, new ExperimentFolder(results).Fingerprinter())
            .Select(j => new ExperimentFolder(results).Job(j.Id).Checkpoint).Single();
        // Ctrl+C is the byte 0x03 typed into the terminal, which turns it into SIGINT for the worker and its job, as a
        // user's keyboard does.
        var (terminal, screen) = InTerminal($"run {file} --results {results}");
        using var _ = terminal;
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (!File.Exists(checkpoint))
        {
            Assert.True(DateTime.UtcNow < deadline && !terminal.HasExited, $"the job never checkpointed:\n{Text(screen)}");
            Thread.Sleep(100);
        }

        terminal.StandardInput.Write('\u0003');
        terminal.StandardInput.Flush();
        Assert.True(terminal.WaitForExit(TimeSpan.FromMinutes(2)), $"the run did not stop:\n{Text(screen)}");
        terminal.WaitForExit();

        var text = Text(screen);
        Assert.True(terminal.ExitCode == ExitCodes.Failed, text);
        // Within an epoch the view said which batch, not "starting".
        Assert.Matches(@"epoch \d+/30 batch \d/2", text);
        var lastFrame = text[text.LastIndexOf("jobs done", StringComparison.Ordinal)..];
        Assert.Contains("interrupted: finished jobs are kept, 1 left pending", lastFrame);
        Assert.Contains("interrupted, checkpoint written", lastFrame);
        Assert.DoesNotContain("left  ", lastFrame[..lastFrame.IndexOf('\n')]);
        Assert.Contains("0 finished, 0 failed, 1 not finished", lastFrame);
    }

    [MountFact]
    public void WhatTheUserMustFixIsOnTheTerminalAfterTheLastFrame()
    {
        // The baseline meets a full disk; the SHF job failed for good in an earlier run.
        using var disk = TestMount.Tmpfs(1024);
        var file = project.WriteExperiment(OneExperiment.Yaml);
        var store = new ExperimentFolder(Path.Combine(disk.Path, "one"));
        var jobs = GridExpander.Expand(project.Load(OneExperiment.Yaml).Experiment, store.Fingerprinter());
        var failed = jobs.Single(j => j is not BaselineJob);
        store.Save(failed).WriteStatus(new JobStatus
        {
            State = JobState.Failed, Attempts = 3, FailureKind = FailureKind.Crash, Message = "boom", Failures = new() { ["crash"] = 3 },
        });
        var baseline = jobs.Single(j => j is BaselineJob);

        var (terminal, screen) = InTerminal($"run {file} --results {store.Path}");
        using var _ = terminal;
        Assert.True(terminal.WaitForExit(TimeSpan.FromMinutes(3)), $"the run did not end:\n{Text(screen)}");
        terminal.WaitForExit();

        var text = Text(screen);
        Assert.True(terminal.ExitCode == ExitCodes.Failed, text);
        var after = text[text.LastIndexOf("0 finished, 1 failed, 1 not finished", StringComparison.Ordinal)..];
        Assert.Contains($"job {failed.Id} ({failed.Label}) failed for good: boom; `pipeline run --retry-failed` gives it a fresh retry budget", after);
        Assert.Contains($"job {baseline.Id} ({baseline.Label}) stopped, not counted against its retries: the disk is full", after);
        Assert.Contains("free space there and run again", after);
    }

    /// <summary>`pipeline ARGUMENTS` in a real terminal: script(1) runs it on a pseudo-terminal, as a user's shell does, so the live view shows.</summary>
    private static (Process Terminal, System.Text.StringBuilder Screen) InTerminal(string arguments)
    {
        var start = new ProcessStartInfo("script") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-qfec");
        start.ArgumentList.Add($"stty cols 160 rows 40; exec dotnet {Path.Combine(AppContext.BaseDirectory, "pipeline.dll")} {arguments}");
        start.ArgumentList.Add("/dev/null");
        start.Environment.Remove("CI");
        start.Environment["TERM"] = "xterm-256color";
        var terminal = Process.Start(start)!;
        var screen = new System.Text.StringBuilder();
        terminal.OutputDataReceived += (_, e) => { lock (screen) screen.AppendLine(e.Data); };
        terminal.BeginOutputReadLine();
        return (terminal, screen);
    }

    private static string Text(System.Text.StringBuilder screen)
    {
        lock (screen) return Ansi().Replace(screen.ToString(), "");
    }

    [GeneratedRegex(@"\x1b(\[[0-9;?]*[A-Za-z]|\][^\x07]*\x07|[()][A-Z0-9])")]
    private static partial Regex Ansi();

    [Fact]
    public void ColumnsKeepTheirPlaceWhateverTheyHold()
    {
        var progress = new RunProgress(total: 3);
        var starting = Render(progress);
        progress.JobStarted("cpu/1", "0123456789abcdef", "fine-tuning on 25 % of shf M=8 key 0123456789ab and more words than fit");
        progress.JobStarted("cpu/2", "fedcba9876543210", "baseline");
        progress.JobLine("cpu/1", "progress: epoch 3/100 batch 17/120");
        progress.JobLine("cpu/2", "[fedcba9876543210] epoch 12/100: train loss 1234.5678, validation loss 1, lr 0.1, 2.0 s");
        var running = Render(progress);

        var separators = Separators(starting);
        Assert.NotEmpty(separators);
        Assert.All(running.Split('\n').Where(l => l.StartsWith('│')), line => Assert.Equal(separators, Positions(line)));
        Assert.True(running.Contains("epoch 3/100 batch 17/120"), running);
        Assert.Contains("epoch 12/100", running);
    }

    private static string Render(RunProgress progress)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 160;
        console.Write(LiveRunView.Render("quick", progress.Snapshot()));
        return writer.ToString();
    }

    private static int[] Separators(string frame) => Positions(frame.Split('\n').First(l => l.Contains("device")));

    private static int[] Positions(string line) => line.Select((c, i) => (c, i)).Where(p => p.c == '│').Select(p => p.i).ToArray();
}
