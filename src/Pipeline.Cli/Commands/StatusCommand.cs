using System.CommandLine;
using Pipeline.Orchestration.Jobs;

namespace Pipeline.Cli.Commands;

/// <summary>`pipeline status EXPERIMENT.yaml|RESULTS_DIR`: every job's recorded state, attempts, device and last message.</summary>
public static class StatusCommand
{
    public static Command Create()
    {
        var target = new Argument<string>("experiment-or-results") { Description = "An experiment file, or its results folder (results/<experiment>)" };
        var results = new Option<string>("--results") { Description = "Results root when an experiment file is given (default: results/ under the project root)" };
        var command = new Command("status", "Show the state of every job of an experiment") { target, results };
        command.SetAction(parse => Run(parse.GetValue(target)!, parse.GetValue(results), Console.Out, Console.Error));
        return command;
    }

    public static int Run(string target, string? resultsRoot, TextWriter output, TextWriter error)
    {
        IEnumerable<JobFolder> folders;
        if (Directory.Exists(target))
        {
            var jobs = Path.Combine(target, "jobs");
            if (!Directory.Exists(jobs))
            {
                error.WriteLine($"pipeline status: {target} has no jobs/ folder; give an experiment's results folder (results/<experiment>)");
                return PlanCommand.BadInput;
            }
            folders = Directory.GetDirectories(jobs).Order(StringComparer.Ordinal).Select(d => new JobFolder(d));
        }
        else
        {
            if (ExperimentInput.Load("status", target, error) is not { } loaded) return PlanCommand.BadInput;
            var store = new JobStore(ExperimentInput.ResultsRoot(loaded.Experiment, resultsRoot), loaded.Experiment.Name);
            folders = GridExpander.Expand(loaded.Experiment).Select(j => store.Folder(j.Id));
        }

        var rows = new List<(JobSpec, JobStatus)>();
        foreach (var folder in folders)
        {
            try
            {
                rows.Add((folder.ReadJob(), folder.ReadStatus() ?? JobStatus.Pending));
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                error.WriteLine($"pipeline status: {folder.Path}: {e.Message}");
            }
        }
        JobTable.WriteDetailed(output, rows);
        var counts = rows.GroupBy(r => r.Item2.State).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}");
        output.WriteLine($"{rows.Count} jobs ({string.Join(", ", counts)})");
        return 0;
    }
}
