using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Lumina.Functions.Http;

/// <summary>
/// One line per request: method, path and query without secrets (keys, signatures, tokens), status, milliseconds,
/// and for an error answered by Lumina its message.
/// </summary>
public sealed class RequestLog(TextWriter output)
{
    private readonly TextWriter _output = TextWriter.Synchronized(output);

    public async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(http);
        }
        finally
        {
            var request = http.Request;
            var error = ApiErrors.MessageOf(http);
            await _output.WriteLineAsync(
                $"{request.Method} {request.PathBase.ToUriComponent()}{request.Path.ToUriComponent()}{WithoutSecrets(request.QueryString)} " +
                $"{http.Response.StatusCode} {Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms{(error is null ? "" : $": {error}")}");
        }
    }

    /// <summary>The query string without parameters that carry secrets: code (function keys), sig (SAS), and any named like a key, token, secret or password.</summary>
    public static string WithoutSecrets(QueryString query)
    {
        var kept = QueryHelpers.ParseQuery(query.Value).Where(p => !IsSecret(p.Key)).SelectMany(p => p.Value.Select(v => KeyValuePair.Create(p.Key, v)));
        return QueryString.Create(kept).ToUriComponent();
    }

    private static bool IsSecret(string name) =>
        name.Equals("code", StringComparison.OrdinalIgnoreCase) || name.Equals("sig", StringComparison.OrdinalIgnoreCase)
        || new[] { "key", "token", "secret", "password", "signature" }.Any(word => name.Contains(word, StringComparison.OrdinalIgnoreCase));
}
