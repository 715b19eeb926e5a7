using System.Text;
using Microsoft.AspNetCore.Http;

namespace Lumina.AzureFunctions.Tests;

/// <summary>One answer, as a client sees it.</summary>
internal sealed record Answer(int Status, string? ContentType, string Body, string? Location, string? ETag = null)
{
    public override string ToString() => $"{Status} {ContentType} {Location} {ETag} {Body}";
}

/// <summary>Requests to an HTTP function (as the ASP.NET Core integration hands them over) and to the minimal API of `lumina serve`.</summary>
internal static class HttpCalls
{
    public static HttpRequest Request(
        IServiceProvider services, string authority, string method, string pathAndQuery, string? body = null, string contentType = "application/json",
        params (string Name, string Value)[] headers)
    {
        var http = new DefaultHttpContext { RequestServices = services };
        var request = http.Request;
        request.Method = method;
        request.Scheme = "http";
        request.Host = new HostString(authority);
        var query = pathAndQuery.IndexOf('?');
        request.Path = query < 0 ? pathAndQuery : pathAndQuery[..query];
        request.QueryString = query < 0 ? QueryString.Empty : new QueryString(pathAndQuery[query..]);
        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            request.Body = new MemoryStream(bytes);
            request.ContentLength = bytes.Length;
            request.ContentType = contentType;
        }

        foreach (var (name, value) in headers)
        {
            request.Headers[name] = value;
        }

        http.Response.Body = new MemoryStream();
        return request;
    }

    /// <summary>Runs the function's result as the integration does after the invocation.</summary>
    public static async Task<Answer> ExecuteAsync(HttpRequest request, Func<HttpRequest, Task<IResult>> function)
    {
        var http = request.HttpContext;
        await (await function(request)).ExecuteAsync(http);
        http.Response.Body.Position = 0;
        var body = await new StreamReader(http.Response.Body).ReadToEndAsync();
        return new Answer(
            http.Response.StatusCode, http.Response.ContentType, body, http.Response.Headers.Location.ToString() is { Length: > 0 } l ? l : null,
            http.Response.Headers.ETag.ToString() is { Length: > 0 } e ? e : null);
    }

    public static async Task<Answer> SendAsync(
        HttpClient client, string method, string pathAndQuery, string? body = null, string contentType = "application/json", params (string Name, string Value)[] headers)
    {
        using var message = new HttpRequestMessage(new HttpMethod(method), pathAndQuery);
        foreach (var (name, value) in headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        if (body is not null)
        {
            message.Content = new StringContent(body, Encoding.UTF8);
            message.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        }

        using var response = await client.SendAsync(message, TestContext.Current.CancellationToken);
        return new Answer(
            (int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken),
            response.Headers.Location?.ToString(), response.Headers.ETag?.ToString());
    }
}
