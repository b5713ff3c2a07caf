using Pipeline.Method.Jobs;
using Pipeline.Method.Keys;
using Pipeline.Method.Training;
using Pipeline.Method.Transforms;
using Pipeline.Orchestration.Config;
using Pipeline.Orchestration.Jobs;
using Pipeline.TorchExtensions;

namespace Pipeline.Orchestration.Running;

/// <summary>Turns a resolved job from the experiment YAML into what the method layer runs.</summary>
public static class JobDefinitionMapper
{
    public static JobDefinition ToDefinition(JobSpec job, DeviceId device)
    {
        var t = job.Training;
        string? Resolve(string? path) => path is null ? null : Path.GetFullPath(Path.Combine(job.ProjectRoot, path));
        return new JobDefinition
        {
            JobId = job.Id,
            Method = job.Method,
            BlockSize = job.BlockSize,
            Key = job.KeySeed is { } seed ? new SecretKey(seed) : null,
            Options = new MethodOptions(job.Password ?? FfxTransform.DefaultPassword),
            Dataset = new DatasetDefinition
            {
                Kind = job.Dataset.Kind,
                Path = Resolve(job.Dataset.Path),
                ImageSize = job.Dataset.ImageSize,
                Classes = job.Dataset.Classes,
                ClassNames = job.Dataset.ClassNames,
                Train = job.Dataset.Train ?? 0,
                Validation = job.Dataset.Val ?? 0,
                Test = job.Dataset.Test ?? 0,
                Seed = job.Dataset.Seed,
            },
            Model = job.Model.Arch,
            AuxiliaryHead = job.Model.AuxHead,
            InitialWeights = Resolve(job.Model.Pretrained),
            Recipe = new TrainingRecipe
            {
                Epochs = t.Epochs,
                BatchSize = t.BatchSize,
                MicroBatchSize = t.Accumulate is > 1 ? t.BatchSize / t.Accumulate.Value : null,
                LearningRate = t.Lr,
                Momentum = t.Momentum,
                WeightDecay = t.WeightDecay,
                RestartEpochs = t.RestartEpochs,
                MinLearningRate = t.MinLr,
                Seed = t.Seed,
                Precision = t.Precision,
                ChannelsLast = t.ChannelsLast,
                EvaluationBatchSize = job.Evaluation.BatchSize,
                CheckpointInterval = TimeSpan.FromMinutes(t.CheckpointMinutes),
            },
            IncorrectKeys = job.Evaluation.IncorrectKeys,
            Device = device,
        };
    }
}
