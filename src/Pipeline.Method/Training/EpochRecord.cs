namespace Pipeline.Method.Training;

/// <summary>One epoch of training: the mean training loss per image, the validation loss, the learning rate at its end and its duration.</summary>
public sealed record EpochRecord(int Epoch, double TrainLoss, double ValidationLoss, double LearningRate, double Seconds);
