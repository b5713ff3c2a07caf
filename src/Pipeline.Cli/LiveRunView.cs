using Pipeline.Orchestration.Running;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Pipeline.Cli;

/// <summary>The live view of `pipeline run` in a terminal: jobs done, each device's job with epoch, loss and time left.</summary>
public static class LiveRunView
{
    /// <summary>A terminal that is not a CI log: there the plain log lines read better.</summary>
    public static bool Wanted => !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("CI") is null;

    public static void Show(string experiment, RunProgress progress, Task run)
    {
        AnsiConsole.Live(Render(experiment, progress.Snapshot())).AutoClear(false).Start(context =>
        {
            while (!run.Wait(TimeSpan.FromMilliseconds(500))) context.UpdateTarget(Render(experiment, progress.Snapshot()));
            context.UpdateTarget(Render(experiment, progress.Snapshot()));
        });
    }

    private static IRenderable Render(string experiment, ProgressSnapshot p)
    {
        var table = new Table().Border(TableBorder.Rounded).Expand()
            .AddColumn("device").AddColumn("job").AddColumn("epoch").AddColumn("train loss").AddColumn("elapsed").AddColumn("left");
        foreach (var r in p.Running)
            table.AddRow(Markup.Escape(r.Device), Markup.Escape($"{r.JobId} {r.Label}"), r.Epochs > 0 ? $"{r.Epoch}/{r.Epochs}" : "starting",
                         r.Loss is { } loss ? loss.ToString("F4") : "-", Format(r.Elapsed), r.Remaining is { } left ? Format(left) : "-");
        if (p.Running.Count == 0) table.AddRow("-", "[grey]no job running[/]", "", "", "", "");
        var done = p.Finished + p.Failed;
        var header = new Markup($"[bold]{Markup.Escape(experiment)}[/]  {done}/{p.Total} jobs done" +
                                $"{(p.Failed > 0 ? $", [red]{p.Failed} failed[/]" : "")}" +
                                $"{(p.Remaining is { } eta ? $"  about {Format(eta)} left" : "")}");
        var bar = new BreakdownChart().Width(60).HideTags()
            .AddItem("finished", p.Finished, Color.Green).AddItem("failed", p.Failed, Color.Red)
            .AddItem("to do", Math.Max(0, p.Total - done), Color.Grey);
        var events = new Rows(p.RecentEvents.Select(e => (IRenderable)new Markup($"[grey]{Markup.Escape(e)}[/]")));
        return new Rows(header, bar, table, events);
    }

    private static string Format(TimeSpan t) => t.TotalHours >= 1 ? $"{(int)t.TotalHours}h{t.Minutes:D2}m" : t.TotalMinutes >= 1 ? $"{(int)t.TotalMinutes}m{t.Seconds:D2}s" : $"{Math.Max(0, t.Seconds)}s";
}
