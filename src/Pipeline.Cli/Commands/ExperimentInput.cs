using System.CommandLine;
using Pipeline.Orchestration.Config;
using Pipeline.Orchestration.Jobs;

namespace Pipeline.Cli.Commands;

/// <summary>Loads an experiment for a verb, with its command-line overrides, printing every configuration error and the warnings.</summary>
public static class ExperimentInput
{
    /// <summary>The verbs' <c>--set FIELD=VALUE</c> option, repeatable (<see cref="ConfigOverrides"/>).</summary>
    public static Option<string[]> SetOption() => new(ConfigOverrides.Option)
    {
        Description = "Override a field of the experiment, as if the file said so: --set training.epochs=2 --set dataset.image_size=64 "
                      + "(repeatable; YAML values, lists whole: --set grid.block_sizes=[2,4]); validated like the file and part of job ids",
        HelpName = "FIELD=VALUE",
    };

    public static LoadedExperiment? Load(string verb, string experimentFile, IReadOnlyList<string> overrides, TextWriter error)
    {
        try
        {
            var loaded = ExperimentLoader.Load(experimentFile, overrides);
            foreach (var warning in loaded.Warnings) error.WriteLine($"warning: {warning}");
            return loaded;
        }
        catch (ConfigException e)
        {
            foreach (var problem in e.Errors) error.WriteLine(problem);
            error.WriteLine($"pipeline {verb}: {e.Errors.Count} error(s); nothing was run or written");
            return null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A reader that throws is a bug, but the user still gets one line naming the file, and exit 2.
            error.WriteLine($"{experimentFile}:1:1: (file): the experiment could not be read: {e.Message}");
            error.WriteLine($"pipeline {verb}: 1 error(s); nothing was run or written");
            return null;
        }
    }

    /// <summary>
    /// Reads the results folder's fingerprint secret with <paramref name="read"/>; a damaged or unreadable one is bad
    /// input: one line naming the file, and false.
    /// </summary>
    public static bool TryFingerprinter<T>(string verb, Func<T> read, TextWriter error, out T fingerprinter)
    {
        try
        {
            fingerprinter = read();
            return true;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"pipeline {verb}: {e.Message}");
            fingerprinter = default!;
            return false;
        }
    }

    /// <summary>What --results means for every verb that has it: the experiment's own results folder, the one holding jobs/.</summary>
    public const string ResultsDescription = "The experiment's results folder, holding its jobs/ (default: results/<name> under the project root)";

    /// <summary>The experiment's results folder: the one given with --results, else results/&lt;name&gt; under the project root.</summary>
    public static ExperimentFolder ResultsFolder(Experiment experiment, string? given) =>
        new(Path.GetFullPath(given ?? Path.Combine(experiment.ProjectRoot, "results", experiment.Name)));
}
