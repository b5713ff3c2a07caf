namespace Pipeline.Orchestration.Jobs;

/// <summary>
/// A job's dataset or initial weights cannot be used: a listed file missing, a corrupt or truncated image or
/// weights file, a mask that does not fit its image, a label outside the classes. The message names the file.
/// Another attempt would fail the same way, so such a job is never retried (<see cref="FailureKind.Input"/>).
/// </summary>
public sealed class JobInputException(string message, Exception inner) : Exception(message, inner)
{
    /// <summary>Runs a load of the job's inputs, turning the errors that mean bad input into a <see cref="JobInputException"/>.</summary>
    public static T Guard<T>(Func<T> load)
    {
        try
        {
            return load();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or InvalidDataException)
        {
            throw new JobInputException(e.Message, e);
        }
    }
}
