using Microsoft.Extensions.Logging;

namespace Pipeline.Cli;

/// <summary>Writes the run's log lines to a file (results/&lt;experiment&gt;/run.log) while the live view owns the terminal.</summary>
public sealed class RunLogFile(string path) : ILoggerProvider
{
    private readonly StreamWriter writer = new(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = true };

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose() => writer.Dispose();

    private void Write(LogLevel level, string message)
    {
        var prefix = level >= LogLevel.Error ? "error: " : level == LogLevel.Warning ? "warning: " : "";
        lock (writer) writer.WriteLine($"{DateTime.Now:yyyy-MM-dd HH:mm:ss} {prefix}{message}");
    }

    private sealed class Logger(RunLogFile file) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            file.Write(logLevel, formatter(state, exception) + (exception is null ? "" : Environment.NewLine + exception));
        }
    }
}
