using System.CommandLine;
using Pipeline.Orchestration.Config;
using Pipeline.Orchestration.Jobs;
using Pipeline.Orchestration.Running;

namespace Pipeline.Cli.Commands;

/// <summary>
/// `pipeline status EXPERIMENT.yaml|RESULTS_DIR`: every job's state, attempts, device and last message, reading only: a
/// planned job not run yet is pending, a job whose process died is stopped, a damaged file is named with what to do.
/// </summary>
public static class StatusCommand
{
    public static Command Create()
    {
        var target = new Argument<string>("experiment-or-results") { Description = "An experiment file, or its results folder (results/<experiment>)" };
        var results = new Option<string>("--results") { Description = ExperimentInput.ResultsDescription + "; with an experiment file" };
        var set = ExperimentInput.SetOption();
        var command = new Command("status", "Show the state of every job of an experiment") { target, results, set };
        command.SetAction(parse => Run(parse.GetValue(target)!, parse.GetValue(results), parse.GetValue(set) ?? [], Console.Out, Console.Error));
        return command;
    }

    public static int Run(string target, string? resultsFolder, IReadOnlyList<string> overrides, TextWriter output, TextWriter error)
    {
        ExperimentFolder store;
        IReadOnlyList<Job>? planned = null;
        if (Directory.Exists(target))
        {
            if (overrides.Count > 0)
            {
                error.WriteLine($"pipeline status: {ConfigOverrides.Option} changes an experiment file, not a results folder; give the experiment file with the same overrides");
                return ExitCodes.BadInput;
            }
            store = new ExperimentFolder(Path.GetFullPath(target));
            if (!Directory.Exists(store.JobsDirectory))
            {
                // `plan` writes the fingerprint secret and no job folder: the jobs are in the experiment file, not here yet.
                if (File.Exists(store.FingerprintSecretFile))
                {
                    output.WriteLine($"no job has run in {store.Path} yet; `pipeline status EXPERIMENT.yaml` (with its --set overrides) lists the planned jobs");
                    return ExitCodes.Finished;
                }
                error.WriteLine($"pipeline status: {target} has no jobs/ folder; give an experiment's results folder (results/<experiment>)");
                return ExitCodes.BadInput;
            }
        }
        else
        {
            if (ExperimentInput.Load("status", target, overrides, error) is not { } loaded) return ExitCodes.BadInput;
            store = ExperimentInput.ResultsFolder(loaded.Experiment, resultsFolder);
            // Without the fingerprint secret no keyed job can be named: the folder's own jobs are what there is.
            if (!ExperimentInput.TryFingerprinter("status", store.ExistingFingerprinter, error, out var fingerprints)) return ExitCodes.BadInput;
            if (fingerprints is not null) planned = GridExpander.Expand(loaded.Experiment, fingerprints);
            else if (store.Jobs().Count == 0)
            {
                output.WriteLine($"no job of {loaded.Experiment.Name} has been planned or run in {store.Path} yet");
                return ExitCodes.Finished;
            }
        }

        var rows = new List<(Job, JobStatus)>();
        var earlier = new List<EarlierJobVersionException>();
        var byId = planned?.GroupBy(j => j.Id).ToDictionary(g => g.Key, g => g.First());
        var folders = byId?.Keys.Select(store.Job) ?? store.Jobs();
        foreach (var folder in folders)
        {
            try
            {
                rows.Add(Row(folder, byId?.GetValueOrDefault(folder.Id)));
            }
            catch (EarlierJobVersionException e)
            {
                earlier.Add(e);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                error.WriteLine($"pipeline status: {folder.Path}: {e.Message}");
            }
        }
        JobTable.WriteDetailed(output, rows);
        var counts = rows.GroupBy(r => r.Item2.State).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}");
        output.WriteLine(rows.Count == 0 ? "0 jobs" : $"{rows.Count} jobs ({string.Join(", ", counts)})");
        if (earlier.Count > 0)
            error.WriteLine($"pipeline status: {store.Path} also holds {earlier.Count} job(s) of an earlier job-id version ({string.Join(", ", earlier.Select(e => e.Version).Distinct())}), "
                            + $"which this pipeline does not run (e.g. {earlier[0].Message})");
        return ExitCodes.Finished;
    }

    // A planned job without a folder yet is pending; a job recorded running whose process died is stopped; one recorded
    // finished without its metrics.json is pending again; a damaged file says so.
    private static (Job, JobStatus) Row(JobFolder folder, Job? planned)
    {
        if (planned is not null && !File.Exists(folder.File(JobFolder.JobFile)))
            return (planned, JobStatus.Pending with { Message = "planned; not run yet" });
        var job = folder.ReadJobWithoutKey();
        var (state, problem) = folder.Observe();
        var status = problem is null ? folder.ReadStatus() ?? JobStatus.Pending : JobStatus.Pending;
        return (job, status with
        {
            State = state,
            Message = problem ?? (state, status.State) switch
            {
                (JobState.Stopped, _) => "its process died; `pipeline run` resumes it from its checkpoint",
                (JobState.Pending, JobState.Finished) => $"its {JobFolder.MetricsFile} is gone; `pipeline run` trains it again",
                _ => status.Message,
            },
        });
    }
}
