namespace Pipeline.Method.Training;

/// <summary>Training produced a NaN or infinite loss; continuing would only waste device time.</summary>
public sealed class NonFiniteLossException(int epoch, double loss, double learningRate)
    : Exception($"the training loss became {loss} in epoch {epoch} (learning rate {learningRate:G4}); " +
                "lower the learning rate, use fp32 precision, or check the input data for NaNs")
{
    public int Epoch { get; } = epoch;
}
