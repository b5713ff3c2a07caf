namespace Pipeline.Method.Training;

/// <summary>One epoch of training: the mean training loss per image, the validation loss, the learning rate at its end and its duration.</summary>
public sealed record EpochRecord(int Epoch, double TrainLoss, double ValidationLoss, double LearningRate, double Seconds)
{
    /// <summary>How logs show the epoch: "epoch 3/8: train loss 0.2402, validation loss 0.2338, lr 0.0352, 6.1 s".</summary>
    public string Describe(int epochs) =>
        $"epoch {Epoch}/{epochs}: train loss {TrainLoss:F4}, validation loss {ValidationLoss:F4}, lr {LearningRate:G3}, {Seconds:F1} s";
}
