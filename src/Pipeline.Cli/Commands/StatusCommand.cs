using System.CommandLine;
using Pipeline.Method.Keys;
using Pipeline.Orchestration.Config;
using Pipeline.Orchestration.Jobs;
using Pipeline.Orchestration.Running;

namespace Pipeline.Cli.Commands;

/// <summary>`pipeline status EXPERIMENT.yaml|RESULTS_DIR`: every job's recorded state, attempts, device and last message.</summary>
public static class StatusCommand
{
    public static Command Create()
    {
        var target = new Argument<string>("experiment-or-results") { Description = "An experiment file, or its results folder (results/<experiment>)" };
        var results = new Option<string>("--results") { Description = "Results root when an experiment file is given (default: results/ under the project root)" };
        var set = ExperimentInput.SetOption();
        var command = new Command("status", "Show the state of every job of an experiment") { target, results, set };
        command.SetAction(parse => Run(parse.GetValue(target)!, parse.GetValue(results), parse.GetValue(set) ?? [], Console.Out, Console.Error));
        return command;
    }

    public static int Run(string target, string? resultsRoot, IReadOnlyList<string> overrides, TextWriter output, TextWriter error)
    {
        IEnumerable<JobFolder> folders;
        if (Directory.Exists(target))
        {
            if (overrides.Count > 0)
            {
                error.WriteLine($"pipeline status: {ConfigOverrides.Option} changes an experiment file, not a results folder; give the experiment file with the same overrides");
                return ExitCodes.BadInput;
            }
            var experiment = new ExperimentFolder(target);
            if (!Directory.Exists(experiment.JobsDirectory))
            {
                error.WriteLine($"pipeline status: {target} has no jobs/ folder; give an experiment's results folder (results/<experiment>)");
                return ExitCodes.BadInput;
            }
            folders = experiment.Jobs();
        }
        else
        {
            if (ExperimentInput.Load("status", target, overrides, error) is not { } loaded) return ExitCodes.BadInput;
            var store = new ExperimentFolder(ExperimentInput.ResultsRoot(loaded.Experiment, resultsRoot), loaded.Experiment.Name);
            // Without the experiment's fingerprint secret no job was ever saved there.
            if (!ExperimentInput.TryFingerprinter("status", store.ExistingFingerprinter, error, out var fingerprints)) return ExitCodes.BadInput;
            if (fingerprints is null)
            {
                output.WriteLine($"no job of {loaded.Experiment.Name} has been saved in {store.Path} yet");
                return 0;
            }
            folders = GridExpander.Expand(loaded.Experiment, fingerprints).Select(j => store.Job(j.Id));
        }

        var rows = new List<(Job, JobStatus)>();
        foreach (var folder in folders)
        {
            try
            {
                // Finished means metrics.json exists, whatever status.json last said.
                rows.Add((folder.ReadJobWithoutKey(), (folder.ReadStatus() ?? JobStatus.Pending) with { State = folder.State }));
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
