using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Lumina.Functions.Hosting;

/// <summary>
/// Log messages on the console in Lumina's own one-line format, on standard error: <c>lumina: message</c>, with
/// <c>warning:</c> or <c>error:</c> before what is not plain information; an error's exception follows on its own lines.
/// </summary>
public static class LuminaConsoleLog
{
    private const string FormatterName = "lumina";

    public static ILoggingBuilder AddLuminaConsole(this ILoggingBuilder logging) => logging
        .AddConsole(o =>
        {
            o.FormatterName = FormatterName;
            o.LogToStandardErrorThreshold = LogLevel.Trace;
        })
        .AddConsoleFormatter<Formatter, ConsoleFormatterOptions>();

    private sealed class Formatter() : ConsoleFormatter(FormatterName)
    {
        public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
        {
            var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
            var level = logEntry.LogLevel switch
            {
                LogLevel.Warning => "warning: ",
                >= LogLevel.Error and < LogLevel.None => "error: ",
                _ => "",
            };
            var exception = logEntry.Exception switch
            {
                null => "",
                _ when logEntry.LogLevel < LogLevel.Error => $": {logEntry.Exception.Message}",
                _ => Environment.NewLine + logEntry.Exception,
            };
            textWriter.WriteLine($"lumina: {level}{message}{exception}");
        }
    }
}
