using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lumina.Testing;

/// <summary>
/// A loopback HTTP proxy in front of a real server (Azurite) that injects faults: the next requests, as many as
/// asked for, get a chosen status (optionally with Retry-After), a dropped connection or no answer; every other request is
/// forwarded unchanged, byte for byte, and its response streamed back. It records each request's method, target and service version.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private static readonly UriCreationOptions Verbatim = new() { DangerousDisablePathAndQueryCanonicalization = true };
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Connection",
    };

    private readonly WebApplication _app;
    private readonly HttpClient _forward = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
    private readonly string _target;
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly ConcurrentQueue<string> _versions = new();
    private readonly Lock _gate = new();
    private int _faultsLeft;
    private Func<HttpContext, Task>? _fault;

    private FaultProxy(WebApplication app, Uri target)
    {
        _app = app;
        _target = target.GetLeftPart(UriPartial.Authority);
        app.Run(HandleAsync);
    }

    /// <summary>The proxy's root, http://127.0.0.1:PORT/.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>"METHOD /path?query" of every request received, faulted or not, in arrival order.</summary>
    public IReadOnlyList<string> Requests => [.. _requests];

    /// <summary>The x-ms-version header of every request received ("" when absent), in arrival order.</summary>
    public IReadOnlyList<string> ServiceVersions => [.. _versions];

    public static async Task<FaultProxy> StartAsync(Uri target)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.Limits.MaxRequestBodySize = null;
        });
        var proxy = new FaultProxy(builder.Build(), target);
        await proxy._app.StartAsync();
        var address = proxy._app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        proxy.Address = new Uri(address + "/");
        return proxy;
    }

    /// <summary>The next <paramref name="count"/> requests get <paramref name="status"/> (with Retry-After when given) instead of being forwarded.</summary>
    public void FailNext(int count, HttpStatusCode status, TimeSpan? retryAfter = null) => SetFault(count, async context =>
    {
        context.Response.StatusCode = (int)status;
        if (retryAfter is { } delay)
        {
            context.Response.Headers.RetryAfter = ((int)delay.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }

        context.Response.Headers["x-ms-error-code"] = "InjectedFault";
        await context.Response.WriteAsync($"<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>InjectedFault</Code><Message>fault injected by the test proxy</Message></Error>");
    });

    /// <summary>The next <paramref name="count"/> requests lose their connection without any response.</summary>
    public void DropNext(int count) => SetFault(count, context =>
    {
        context.Abort();
        return Task.CompletedTask;
    });

    /// <summary>The next <paramref name="count"/> requests get no answer until the client gives up on them.</summary>
    public void StallNext(int count) => SetFault(count, async context =>
    {
        try
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The client gave up, which is what the stall is for.
        }
    });

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _forward.Dispose();
    }

    private void SetFault(int count, Func<HttpContext, Task> fault)
    {
        lock (_gate)
        {
            _faultsLeft = count;
            _fault = fault;
        }
    }

    private Func<HttpContext, Task>? TakeFault()
    {
        lock (_gate)
        {
            if (_faultsLeft == 0)
            {
                return null;
            }

            _faultsLeft--;
            return _fault;
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var target = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        _requests.Enqueue($"{context.Request.Method} {target}");
        _versions.Enqueue(context.Request.Headers["x-ms-version"].ToString());
        if (TakeFault() is { } fault)
        {
            await fault(context);
            return;
        }

        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(_target + target, Verbatim));
        if (context.Request.ContentLength is not null || context.Request.Headers.TransferEncoding.Count > 0)
        {
            request.Content = new StreamContent(context.Request.Body);
        }

        foreach (var (name, values) in context.Request.Headers)
        {
            if (!HopByHop.Contains(name) && !request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        using var response = await _forward.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!HopByHop.Contains(name))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }
}
