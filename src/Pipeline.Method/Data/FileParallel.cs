using System.Runtime.ExceptionServices;

namespace Pipeline.Method.Data;

/// <summary>Runs per-file work in parallel and rethrows the first file's own error rather than an AggregateException, so the message names the file.</summary>
internal static class FileParallel
{
    public static void For(int count, Action<int> body)
    {
        try
        {
            Parallel.For(0, count, body);
        }
        catch (AggregateException e)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }
}
