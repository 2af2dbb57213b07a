using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SchoolGate.Gateway.Tests;

/// <summary>Collects the gateway's formatted log lines (at the test gateway's Warning level and above).</summary>
public sealed class TestLog : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Text)> _lines = new();

    public IReadOnlyList<(LogLevel Level, string Text)> Lines => _lines.ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(TestLog log) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            log._lines.Enqueue((logLevel, formatter(state, exception)));
    }
}
