using Pipeline.Method.Models;
using Pipeline.TorchExtensions;
using static TorchSharp.torch;

namespace Pipeline.Orchestration.Jobs;

/// <summary>
/// Weights into a model: a finished job's (for its attacks and the report's figures), the configured pretrained ones,
/// or a torchvision classification ResNet's into the backbone. A file that does not fit is named with why.
/// </summary>
public static class TrainedModel
{
    /// <summary>The model of <paramref name="job"/> with the weights its folder holds, on the CPU.</summary>
    /// <exception cref="JobInputException">The weights cannot be read or do not fit the model.</exception>
    public static FcnResNet Load(Job job, JobFolder folder)
    {
        var model = FcnResNet.From(job.Model, job.Dataset.Classes);
        try
        {
            LoadInto(model, folder.Weights);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>A whole model's weights (safetensors or torch.save) into <paramref name="model"/>.</summary>
    public static void LoadInto(FcnResNet model, string path) => LoadWeights(path, "the model", weights => model.load_state_dict_checked(weights));

    /// <summary>A torchvision classification ResNet's weights into the backbone (<see cref="FcnResNet.LoadBackboneWeights"/>).</summary>
    public static void LoadBackboneInto(FcnResNet model, string path) => LoadWeights(path, $"{model.Name}'s backbone", model.LoadBackboneWeights);

    private static void LoadWeights(string path, string into, Action<IReadOnlyDictionary<string, Tensor>> load)
    {
        using var scope = NewDisposeScope();
        var weights = JobInputException.Guard(() => StateDictFiles.Load(path));
        try
        {
            load(weights);
        }
        catch (StateDictMismatchException e)
        {
            throw new JobInputException($"{path}: these weights do not fit {into}: {e.Message}", e);
        }
    }
}
