using Pipeline.Orchestration.Running;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Pipeline.Cli;

/// <summary>
/// The live view of `pipeline run` in a terminal: jobs done, each device's job with its epoch and batch (or key-search
/// query), loss and time left, in columns of fixed width so nothing jumps; the last frame says how the run ended.
/// </summary>
public static class LiveRunView
{
    /// <summary>A terminal that is not a CI log: there the plain log lines read better.</summary>
    public static bool Wanted => !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("CI") is null;

    private const int JobWidth = 52, ProgressWidth = 28;

    public static void Show(string experiment, RunProgress progress, Task run)
    {
        AnsiConsole.Live(Render(experiment, progress.Snapshot())).AutoClear(false).Start(context =>
        {
            while (!run.Wait(TimeSpan.FromMilliseconds(500))) context.UpdateTarget(Render(experiment, progress.Snapshot()));
            context.UpdateTarget(Render(experiment, progress.Snapshot()));
        });
    }

    public static IRenderable Render(string experiment, ProgressSnapshot p)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn(Column("device", 8)).AddColumn(Column("job", JobWidth)).AddColumn(Column("progress", ProgressWidth))
            .AddColumn(Column("train loss", 10, right: true)).AddColumn(Column("elapsed", 8, right: true)).AddColumn(Column("left", 8, right: true));
        foreach (var r in p.Running)
            table.AddRow(Markup.Escape(r.Device), Markup.Escape(Fit($"{r.JobId} {r.Label}", JobWidth)), Fit(Where(r), ProgressWidth),
                         r.Loss is { } loss ? loss.ToString("F4") : "-", Format(r.Elapsed), r.Remaining is { } left ? Format(left) : "-");
        if (p.Running.Count == 0) table.AddRow("-", p.State == RunState.Running ? "[grey]no job running[/]" : "[grey]no job left running[/]", "", "", "", "");
        var done = p.Finished + p.Failed;
        var header = new Markup($"[bold]{Markup.Escape(experiment)}[/]  {done}/{p.Total} jobs done" +
                                $"{(p.Failed > 0 ? $", [red]{p.Failed} failed[/]" : "")}" +
                                $"{(p.Remaining is { } eta ? $"  about {Format(eta)} left" : "")}" + Ending(p));
        var bar = new BreakdownChart().Width(60).HideTags()
            .AddItem("finished", p.Finished, Color.Green).AddItem("failed", p.Failed, Color.Red)
            .AddItem("to do", Math.Max(0, p.Total - done), Color.Grey);
        var events = new Rows(p.RecentEvents.Select(e => (IRenderable)new Markup($"[grey]{Markup.Escape(e)}[/]")));
        return new Rows(header, bar, table, events);
    }

    // What the header adds once a stop was asked for or the run has ended.
    private static string Ending(ProgressSnapshot p) => p.State switch
    {
        RunState.Stopping => "  [yellow]stopping: running jobs write their checkpoints[/]",
        RunState.Interrupted => $"  [yellow]interrupted[/]: finished jobs are kept, {p.Unfinished} left pending (a stopped job from its checkpoint); run again to resume",
        RunState.Done when p.Unfinished > 0 => $"  {p.Unfinished} not finished",
        _ => "",
    };

    // "epoch 2/8 batch 5/16", "query 12/64", or "starting" until the job says where it is.
    private static string Where(RunningJob r) =>
        r.Queries > 0 ? $"query {r.Query}/{r.Queries}"
        : r.Batches > 0 ? $"epoch {r.Epoch + 1}/{r.Epochs} batch {r.Batch}/{r.Batches}"
        : r.Epochs > 0 ? $"epoch {r.Epoch}/{r.Epochs}"
        : "starting";

    private static TableColumn Column(string header, int width, bool right = false)
    {
        var column = new TableColumn(header).Width(width).NoWrap();
        return right ? column.RightAligned() : column;
    }

    private static string Fit(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";

    private static string Format(TimeSpan t) => t.TotalHours >= 1 ? $"{(int)t.TotalHours}h{t.Minutes:D2}m" : t.TotalMinutes >= 1 ? $"{(int)t.TotalMinutes}m{t.Seconds:D2}s" : $"{Math.Max(0, t.Seconds)}s";
}
