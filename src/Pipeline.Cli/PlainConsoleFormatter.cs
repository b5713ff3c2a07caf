using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Pipeline.Cli;

/// <summary>
/// Log lines as a person reads them: time, a level word only when it matters, the message. An exception's trace goes
/// to the run's log (<see cref="RunLogFile"/>), never to the terminal.
/// </summary>
public sealed class PlainConsoleFormatter() : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "plain";

    public override void Write<TState>(in LogEntry<TState> entry, IExternalScopeProvider? scopeProvider, TextWriter output)
    {
        var message = entry.Formatter(entry.State, entry.Exception);
        if (string.IsNullOrEmpty(message)) return;
        var level = entry.LogLevel switch
        {
            LogLevel.Warning => "warning: ",
            LogLevel.Error or LogLevel.Critical => "error: ",
            _ => "",
        };
        output.WriteLine($"{DateTime.Now:HH:mm:ss} {level}{message}");
    }
}
