using Pipeline.Method.Models;
using Pipeline.TorchExtensions;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pipeline.Method.Training;

/// <summary>
/// A training run's checkpoint file: resumes the model, momentum buffers, best weights and progress from it, and
/// saves them to it.
/// </summary>
/// <param name="discarded">Called when the checkpoint cannot be used, with why.</param>
internal sealed class CheckpointStore(string path, FcnResNet model, SGD optimizer, DeviceId device, Action<string>? discarded)
{
    /// <summary>
    /// The progress and best weights (on the CPU) the file holds, with the model's weights and the optimizer's momentum
    /// loaded from it; the start when there is no file or it cannot be used.
    /// </summary>
    public (TrainingProgress Progress, OrderedDictionary<string, Tensor> Best) Resume()
    {
        var best = new OrderedDictionary<string, Tensor>();
        if (!File.Exists(path)) return (TrainingProgress.Start, best);
        using var checkpoint = Load();
        if (checkpoint is null) return (TrainingProgress.Start, best);
        optimizer.load_momentum_buffers(checkpoint.Momentum);
        foreach (var (k, v) in checkpoint.Best) best.Add(k, v.cpu().DetachFromDisposeScope());
        return (checkpoint.Progress, best);
    }

    public void Save(TrainingProgress progress, IReadOnlyDictionary<string, Tensor> best)
    {
        using var scope = NewDisposeScope();
        new TrainingCheckpoint { Progress = progress, Model = model.state_dict(), Momentum = optimizer.momentum_buffers(), Best = best }.Save(path);
    }

    // Loads the checkpoint's model weights and returns it for the rest. One that is damaged or does not fit this
    // model and optimizer changes nothing (both checks come before the load): it is moved aside, for a look, and
    // training starts afresh rather than from garbage.
    private TrainingCheckpoint? Load()
    {
        TrainingCheckpoint? checkpoint = null;
        try
        {
            checkpoint = TrainingCheckpoint.Load(path, device);
            optimizer.check_momentum_buffers(checkpoint.Momentum);
            model.load_state_dict_checked(checkpoint.Model);
            return checkpoint;
        }
        catch (Exception e) when (e is InvalidDataException or StateDictMismatchException or ArgumentException)
        {
            checkpoint?.Dispose();
            var aside = path + ".damaged";
            File.Move(path, aside, overwrite: true);
            discarded?.Invoke($"{e.Message}; moved to {Path.GetFileName(aside)}");
            return null;
        }
    }
}
