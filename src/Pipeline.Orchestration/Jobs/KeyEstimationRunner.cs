using System.Diagnostics;
using Pipeline.Method.Attacks;
using Pipeline.Method.Data;
using Pipeline.Method.Evaluation;
using Pipeline.Method.Models;
using Pipeline.Method.Transforms;
using Pipeline.TorchExtensions;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Orchestration.Jobs;

/// <summary>
/// Runs a key-estimation attack on a finished model job (<see cref="KeyEstimation"/>): loads the model's weights,
/// scores guesses on the first test images, and writes how well the best guess works on the whole test set beside
/// the model's own correct-key and plain-image results. The search state is saved as it goes (search.secret, owner
/// only), so a stopped job resumes at the query it reached; the guess itself is never published.
/// </summary>
public sealed class KeyEstimationRunner(KeyEstimationJob job, JobFolder folder, DeviceId device, Action<string> log)
{
    // How often the search state is saved: a query is one small evaluation, so every query would be mostly I/O.
    private static readonly TimeSpan SaveInterval = TimeSpan.FromSeconds(30);

    /// <summary>Called after every query with (queries made, queries in all).</summary>
    public Action<int, int>? QueryCompleted { get; init; }

    public JobMetrics Run(CancellationToken cancellation) => TorchOutOfMemoryException.Translate(() => RunJob(cancellation));

    private JobMetrics RunJob(CancellationToken cancellation)
    {
        var target = folder.Experiment.Job(job.Target);
        var targetMetrics = target.ReadMetrics()
                            ?? throw new JobInputException($"{target.Path}: the model this attack needs has not finished", new FileNotFoundException(target.File(JobFolder.MetricsFile)));
        Directory.CreateDirectory(folder.Path);
        log($"job {job.Id}: {job.Label}, device {device}");
        using var dataset = TrainingRunner.LoadDataset(job);
        using var test = dataset.Test.To(device);
        var queryCount = Math.Min(job.Budget.QueryImages, test.Count);
        using var queryImages = test.Subset(Enumerable.Range(0, queryCount).ToArray());

        using var model = TrainedModel.Load(job, target);
        model.to(device.ToTorch());
        var layout = job.Training.MemoryFormatOn(device, model.Depth);
        var channelsLast = layout.ChannelsLast;
        if (channelsLast) model.ToChannelsLast();
        var precision = job.Training.PrecisionOn(device);
        log($"precision: {precision.Reason}; {layout.Reason}");
        var evaluator = TrainingRunner.Evaluator(job, model, device, precision, channelsLast);

        double Score(Protection protection) => evaluator.Evaluate(queryImages, protection).MeanIou;
        double queryCorrect;
        var setting = job.Protection.Setting(model.Depth);
        var key = job.Protection.RequiredKey;
        using (var correct = setting.Protect(key)) queryCorrect = Score(correct);
        var queryPlain = Score(Protection.Plain);
        log($"on the {queryCount} query images: mean IoU {queryCorrect:F4} with the key, {queryPlain:F4} plain");

        var search = new KeyEstimation(setting, job.Budget, job.Seed, guess =>
        {
            using var protection = guess.Protect();
            return Score(protection);
        });
        var state = folder.ReadSearchState() is { } saved && saved.Curve.Length <= search.Queries ? saved : null;
        if (state is not null) log($"resuming the search at query {state.Curve.Length + 1} of {search.Queries}");
        var sinceSave = Stopwatch.StartNew();
        KeyEstimationProgress? last = null;
        var progressEvery = Math.Max(1, search.Queries / 4);
        try
        {
            state = search.Run(state, p =>
            {
                last = p;
                QueryCompleted?.Invoke(p.Queries, search.Queries);
                if (p.Queries % progressEvery == 0) log($"query {p.Queries}/{search.Queries}: best mean IoU {p.BestScore:F4}");
                if (sinceSave.Elapsed < SaveInterval) return;
                folder.WriteSearchState(p.State());
                sinceSave.Restart();
            }, cancellation);
        }
        catch (OperationCanceledException)
        {
            if (last is not null) folder.WriteSearchState(last.State());
            throw;
        }

        var best = KeyGuess.FromParts(setting, state.BestGuess);
        EvaluationResult estimated;
        using (var protection = best.Protect()) estimated = evaluator.Evaluate(test, protection);
        var agreement = best.Agreement(key);
        log($"best guess: mean IoU {estimated.MeanIou:F4} on the test set ({agreement:P1} of the key's positions right)");

        var metrics = JobMetrics.Of(job, dataset.ClassNames, targetMetrics.Evaluations with { Incorrect = null }) with
        {
            Attack = new AttackMetrics
            {
                Kind = AttackKind.KeyEstimation, Target = job.Target, RandomKeys = search.RandomKeys, LocalQueries = search.LocalQueries, QueryImages = queryCount,
                Curve = state.Curve, QueryCorrect = queryCorrect, QueryPlain = queryPlain, Estimated = estimated, KeyAgreement = agreement,
            },
        };
        folder.WriteMetrics(metrics);
        File.Delete(folder.SearchState);
        return metrics;
    }
}
