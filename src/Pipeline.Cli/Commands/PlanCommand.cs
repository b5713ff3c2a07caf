using System.CommandLine;
using Pipeline.Method.Keys;
using Pipeline.Orchestration.Config;
using Pipeline.Orchestration.Jobs;
using Pipeline.Orchestration.Running;

namespace Pipeline.Cli.Commands;

/// <summary>
/// `pipeline plan EXPERIMENT.yaml`: validates the experiment and lists its jobs with their states, and what in its results
/// folder `pipeline run` would refuse. Writes only the fingerprint secret the ids need.
/// </summary>
public static class PlanCommand
{
    public static Command Create()
    {
        var experiment = new Argument<FileInfo>("experiment") { Description = "The experiment file, e.g. experiments/quick.yaml" };
        var results = new Option<string>("--results") { Description = ExperimentInput.ResultsDescription };
        var set = ExperimentInput.SetOption();
        var command = new Command("plan", "Validate an experiment and list its jobs: id, method, block size, key fingerprint, state");
        command.Arguments.Add(experiment);
        command.Options.Add(results);
        command.Options.Add(set);
        // FileInfo.ToString() is the path as typed: error messages then name the file the way the user wrote it.
        command.SetAction(parse => Run(parse.GetValue(experiment)!.ToString(), parse.GetValue(results), parse.GetValue(set) ?? [], Console.Out, Console.Error));
        return command;
    }

    public static int Run(string experimentFile, string? resultsFolder, IReadOnlyList<string> overrides, TextWriter output, TextWriter error)
    {
        if (ExperimentInput.Load("plan", experimentFile, overrides, error) is not { } loaded) return ExitCodes.BadInput;
        var experiment = loaded.Experiment;
        var store = ExperimentInput.ResultsFolder(experiment, resultsFolder);
        if (!ExperimentInput.TryFingerprinter("plan", store.Fingerprinter, error, out var fingerprints)) return ExitCodes.BadInput;
        var jobs = GridExpander.Expand(experiment, fingerprints);
        // What `pipeline run` would refuse, said now.
        foreach (var line in ResultsFolderCheck.Of(store, jobs).Refusals(addJobs: false)) error.WriteLine($"warning: {line}");
        var rows = jobs.Select(job => (job, store.Job(job.Id).Observe().State)).ToArray();
        JobTable.Write(output, rows);
        var counts = rows.GroupBy(r => r.Item2).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}");
        output.WriteLine($"{rows.Length} jobs ({string.Join(", ", counts)}) in {store.JobsDirectory}");
        return ExitCodes.Finished;
    }
}
