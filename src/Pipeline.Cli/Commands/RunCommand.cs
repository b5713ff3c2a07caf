using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Pipeline.Orchestration.Jobs;
using Pipeline.Orchestration.Running;
using Pipeline.Reports;
using Pipeline.Reports.Results;
using Pipeline.TorchExtensions;

namespace Pipeline.Cli.Commands;

/// <summary>`pipeline run EXPERIMENT.yaml`: runs every unfinished job of the grid, then writes the report.</summary>
public static class RunCommand
{
    public static Command Create()
    {
        var experiment = new Argument<FileInfo>("experiment") { Description = "The experiment file, e.g. experiments/quick.yaml" };
        var results = new Option<string>("--results") { Description = ExperimentInput.ResultsDescription };
        var devices = new Option<string>("--devices") { Description = "Comma-separated devices overriding the YAML's, e.g. cpu or cuda:0,cuda:1" };
        var dispatcher = new Option<string>("--dispatcher") { Description = "local (child processes, one job per device) or slurm", DefaultValueFactory = _ => "local" };
        var cpuJobs = new Option<int?>("--cpu-jobs") { Description = "Jobs sharing the CPU at once, each with an equal share of its cores (overrides the YAML's cpu_jobs)" };
        var set = ExperimentInput.SetOption();
        var addJobs = new Option<bool>("--add-jobs") { Description = "Add this experiment's jobs to a results folder that holds other jobs of the same configuration (another grid)" };
        var retryFailed = new Option<bool>("--retry-failed") { Description = "Give jobs that failed for good a fresh retry budget" };
        var command = new Command("run", "Run an experiment's jobs (skipping finished ones, resuming interrupted ones) and write its report")
        {
            experiment, results, devices, dispatcher, cpuJobs, set, addJobs, retryFailed,
        };
        command.SetAction(parse => Run(parse.GetValue(experiment)!.ToString(), parse.GetValue(results), parse.GetValue(devices), parse.GetValue(dispatcher)!,
                                       parse.GetValue(cpuJobs), parse.GetValue(set) ?? [], parse.GetValue(addJobs), parse.GetValue(retryFailed)));
        return command;
    }

    public static int Run(string experimentFile, string? resultsFolder, string? devicesText, string dispatcher, int? cpuJobs = null,
                          IReadOnlyList<string>? overrides = null, bool addJobs = false, bool retryFailed = false)
    {
        if (dispatcher is not ("local" or "slurm"))
        {
            Console.Error.WriteLine($"pipeline run: --dispatcher '{dispatcher}' is not a dispatcher; allowed: local, slurm");
            return ExitCodes.BadInput;
        }
        if (ExperimentInput.Load("run", experimentFile, overrides ?? [], Console.Error) is not { } loaded) return ExitCodes.BadInput;
        var experiment = loaded.Experiment;
        RunOptions options;
        try
        {
            options = new RunOptions
            {
                ExperimentName = experiment.Name,
                ResultsFolder = ExperimentInput.ResultsFolder(experiment, resultsFolder).Path,
                RetryFailed = retryFailed,
                // Under Slurm the allocation decides the device; the list only matters to the local dispatcher.
                Devices = devicesText?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(DeviceId.Parse).ToArray()
                          ?? experiment.Devices,
                JobCommand = RunOptions.CurrentProgram(),
                CpuJobs = cpuJobs ?? experiment.CpuJobs,
            };
            options.Validate();
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            Console.Error.WriteLine($"pipeline run: {(e is FormatException ? "--devices: " : "")}{e.Message}");
            return ExitCodes.BadInput;
        }

        var outcome = new RunOutcome();
        var store = options.Experiment;
        var problem = dispatcher == "local" ? RunPreflight.DeviceProblem(options.Devices, devicesText is null ? $"devices in {experimentFile}" : "--devices")
                                            : RunPreflight.SlurmProblem();
        if ((problem ?? RunPreflight.WriteProblem(store)) is { } refusal)
        {
            Console.Error.WriteLine($"pipeline run: {refusal}");
            return ExitCodes.BadInput;
        }
        // From here an unexpected error's trace goes to the run's log.
        UnexpectedError.RunLog = store.RunLogFile;
        if (!ExperimentInput.TryFingerprinter("run", store.Fingerprinter, Console.Error, out var fingerprints)) return ExitCodes.BadInput;
        var jobs = GridExpander.Expand(experiment, fingerprints);
        var check = ResultsFolderCheck.Of(store, jobs);
        if (check.Refusals(addJobs) is { Count: > 0 } refusals)
        {
            foreach (var line in refusals) Console.Error.WriteLine($"pipeline run: {line}");
            Console.Error.WriteLine("pipeline run: nothing was trained");
            return ExitCodes.BadInput;
        }
        if (check.Adding > 0 && check.Existing + check.OtherGrid.Count > 0)
            Console.WriteLine($"adding {check.Adding} job(s) to the {check.Existing + check.OtherGrid.Count} in {store.Path}");
        if (jobs.FirstOrDefault(j => !store.Job(j.Id).IsFinished) is { } unfinished)
        {
            try
            {
                TrainingRunner.CheckInputs(unfinished);
            }
            catch (JobInputException e)
            {
                Console.Error.WriteLine($"pipeline run: {e.Message}; nothing was trained");
                return ExitCodes.BadInput;
            }
        }
        var provenance = RunProvenance.Start(dispatcher == "local" ? options.Devices : [], loaded.Overrides);
        store.WriteRun(provenance);
        var progress = new RunProgress(jobs.Count);
        var live = LiveRunView.Wanted && dispatcher == "local";
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        // The run's log has every line and every trace; the terminal the live view, or the lines without traces.
        builder.Logging.AddProvider(new RunLogFile(store.RunLogFile));
        if (live) Console.WriteLine($"log: {store.RunLogFile}");
        else
        {
            builder.Logging.AddConsole(o => o.FormatterName = PlainConsoleFormatter.FormatterName)
                .AddConsoleFormatter<PlainConsoleFormatter, Microsoft.Extensions.Logging.Console.ConsoleFormatterOptions>();
        }
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ChildJob.StopGrace + TimeSpan.FromSeconds(30));
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<IReadOnlyList<Job>>(jobs);
        builder.Services.AddSingleton(progress);
        builder.Services.AddSingleton(experiment.Retries);
        builder.Services.AddSingleton(outcome);
        builder.Services.AddSingleton(experiment.Slurm);
        if (dispatcher == "slurm") builder.Services.AddSingleton<IJobDispatcher, SlurmDispatcher>();
        else builder.Services.AddSingleton<IJobDispatcher, LocalDispatcher>();
        builder.Services.AddHostedService<ExperimentWorker>();
        using (var host = builder.Build())
        {
            if (live) LiveRunView.Show(experiment.Name, progress, host.RunAsync());
            else host.Run();
        }
        if (live)
        {
            Console.WriteLine($"{outcome.Finished} finished, {outcome.Failed} failed, {outcome.Unfinished} not finished");
            // The view's events scroll by; what the user must act on is said again where it stays.
            foreach (var note in outcome.Notes) Console.WriteLine(note);
        }
        if (outcome.Error is { } error)
        {
            Console.Error.WriteLine($"pipeline run: the run stopped: {TorchErrors.FirstLine(error)} (details in {store.RunLogFile}); "
                                    + "finished jobs are kept, and running it again resumes the others");
            return ExitCodes.Failed;
        }

        store.WriteRun(provenance with { Finished = DateTimeOffset.UtcNow });
        try
        {
            var written = Report.Write(store.Path, note => Console.WriteLine($"note: {note}"));
            Console.WriteLine($"report: {written.FirstOrDefault(p => p.EndsWith(".html", StringComparison.Ordinal)) ?? store.Path}");
        }
        // The jobs are finished and kept whatever goes wrong here: say so rather than end the run with a stack trace.
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var why = e is ResultsFolderException or IOException ? e.Message : $"{e.GetType().Name}: {e.Message}";
            Console.Error.WriteLine($"pipeline run: the report could not be written: {why}");
            Console.Error.WriteLine($"pipeline run: the jobs' results are kept; `pipeline report {store.Path}` writes the report again");
        }
        return outcome.ExitCode;
    }
}
