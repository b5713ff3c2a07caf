namespace Pipeline.Orchestration.Running;

/// <summary>Words for a POSIX shell: single-quoted, so that the shell takes every character as it is.</summary>
public static class ShellWords
{
    /// <summary>The text as one single-quoted word (a quote inside becomes '\'').</summary>
    public static string Quote(string text) => "'" + text.Replace("'", "'\\''") + "'";

    /// <summary>The text as it is where the shell would read it as one word unchanged, else quoted; for command lines people read.</summary>
    public static string QuoteIfNeeded(string text) =>
        text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or ':' or '=' or ',' or '+' or '@' or '%')
            ? text
            : Quote(text);
}
