using System.CommandLine;
using Pipeline.Method.Keys;
using Pipeline.Orchestration.Config;
using Pipeline.Orchestration.Jobs;
using Pipeline.Orchestration.Running;

namespace Pipeline.Cli.Commands;

/// <summary>`pipeline plan EXPERIMENT.yaml`: validates the experiment and lists its jobs with their states. Writes nothing.</summary>
public static class PlanCommand
{
    public static Command Create()
    {
        var experiment = new Argument<FileInfo>("experiment") { Description = "The experiment file, e.g. experiments/quick.yaml" };
        var results = new Option<string>("--results") { Description = "Results folder to read job states from (default: results/ under the project root)" };
        var set = ExperimentInput.SetOption();
        var command = new Command("plan", "Validate an experiment and list its jobs: id, method, block size, key fingerprint, state");
        command.Arguments.Add(experiment);
        command.Options.Add(results);
        command.Options.Add(set);
        // FileInfo.ToString() is the path as typed: error messages then name the file the way the user wrote it.
        command.SetAction(parse => Run(parse.GetValue(experiment)!.ToString(), parse.GetValue(results), parse.GetValue(set) ?? [], Console.Out, Console.Error));
        return command;
    }

    public static int Run(string experimentFile, string? resultsRoot, IReadOnlyList<string> overrides, TextWriter output, TextWriter error)
    {
        if (ExperimentInput.Load("plan", experimentFile, overrides, error) is not { } loaded) return ExitCodes.BadInput;
        var experiment = loaded.Experiment;
        var store = new ExperimentFolder(ExperimentInput.ResultsRoot(experiment, resultsRoot), experiment.Name);
        if (!ExperimentInput.TryFingerprinter("plan", store.Fingerprinter, error, out var fingerprints)) return ExitCodes.BadInput;
        var rows = GridExpander.Expand(experiment, fingerprints).Select(job => (job, store.Job(job.Id).State)).ToArray();
        JobTable.Write(output, rows);
        var counts = rows.GroupBy(r => r.Item2).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}");
        output.WriteLine($"{rows.Length} jobs ({string.Join(", ", counts)}) in {store.JobsDirectory}");
        return 0;
    }
}
