using System.Net;
using System.Text;
using System.Text.Json;

namespace Lumina.Functions.Tests;

/// <summary>Requests and answers of the HTTP tests: JSON bodies, and error answers with their <c>{"error"}</c> body.</summary>
internal static class HttpAssert
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Asserts the status and that the body is <c>{"error": "..."}</c> holding <paramref name="message"/>; returns the message.</summary>
    public static async Task<string> Error(HttpResponseMessage response, HttpStatusCode status, string message)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(status == response.StatusCode, $"expected {status}, got {response.StatusCode}: {body}");
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.ToString());
        var error = JsonDocument.Parse(body).RootElement.GetProperty("error").GetString()!;
        Assert.Contains(message, error);
        return error;
    }

    /// <summary>
    /// Sends a POST that declares a body of <paramref name="declaredLength"/> bytes but sends only its first byte, as
    /// a client does that waits for the server's answer before sending a large body; returns the whole raw answer.
    /// </summary>
    public static async Task<string> OversizedPostAsync(Uri server, string path, long declaredLength, params string[] headers)
    {
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(server.Host, server.Port, Ct);
        await using var stream = client.GetStream();
        var head = $"POST {path} HTTP/1.1\r\nHost: {server.Authority}\r\nContent-Type: application/json\r\nContent-Length: {declaredLength}\r\n" +
            string.Concat(headers.Select(h => h + "\r\n")) + "\r\n{";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), Ct);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync(Ct);
    }

    public static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    /// <summary>A body sent with exactly this Content-Type (parameters included).</summary>
    public static StringContent Raw(string body, string contentType = "application/json")
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        return content;
    }
}
