namespace Pipeline.TorchExtensions;

/// <summary>
/// libtorch's errors reach .NET as an ExternalException whose message is libtorch's text: the error on its first line,
/// then "Exception raised from …" and dozens of native stack frames, which are for libtorch's developers, not for a user.
/// </summary>
public static class TorchErrors
{
    /// <summary>The error itself: the first line of the message.</summary>
    public static string FirstLine(Exception e) => FirstLine(e.Message);

    public static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return (end < 0 ? message : message[..end]).Trim();
    }
}
