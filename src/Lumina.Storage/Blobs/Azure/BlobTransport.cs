using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;

namespace Lumina.Storage.Blobs.Azure;

/// <summary>
/// Sends Blob service requests over the process's one HTTP connection pool: stamps, signs, times out and
/// retries each attempt, and turns failures into <see cref="BlobStorageException"/>.
/// Every request the client makes is safe to repeat (reads, deletes, and writes whose body is held in memory
/// and whose effect is the same when applied twice), so any of them may be retried.
/// </summary>
internal sealed class BlobTransport(BlobServiceConnection connection, AzureBlobOptions options, ILogger logger)
{
    public const string ServiceVersion = "2023-11-03";

    private static readonly HttpClient Http = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(15),
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public BlobServiceConnection Connection => connection;

    public AzureBlobOptions Options => options;

    public ILogger Logger => logger;

    public static bool IsRetriable(HttpStatusCode status) => (int)status is 408 or 429 or 500 or 502 or 503 or 504;

    /// <summary>
    /// Sends the request <paramref name="build"/> makes afresh for each attempt. Returns the response when it
    /// succeeded, or failed with the error code <paramref name="tolerate"/> (the caller then reads its status);
    /// otherwise throws. With <paramref name="streamBody"/> the body is left unread for the caller to stream.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(
        BlobTarget target, Func<HttpRequestMessage> build, CancellationToken ct, bool streamBody = false, string? tolerate = null)
    {
        var completion = streamBody ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead;
        for (var attempt = 1; ; attempt++)
        {
            HttpResponseMessage response;
            try
            {
                response = await SendOnceAsync(build, completion, ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested && IsTransient(e))
            {
                var failure = e is OperationCanceledException
                    ? new TimeoutException($"no response within {options.TryTimeout.TotalSeconds:0.#} s", e)
                    : e;
                if (attempt >= options.MaxAttempts)
                {
                    throw BlobErrors.Unreachable(target, failure, connection, attempt);
                }

                await WaitAsync(target, attempt, failure.Message, retryAfter: null, ct);
                continue;
            }

            if (response.IsSuccessStatusCode || (tolerate is not null && BlobErrors.Code(response) == tolerate))
            {
                return response;
            }

            if (IsRetriable(response.StatusCode) && attempt < options.MaxAttempts)
            {
                var failure = $"HTTP {(int)response.StatusCode} {BlobErrors.Code(response)}".TrimEnd();
                var retryAfter = RetryAfter(response);
                response.Dispose();
                await WaitAsync(target, attempt, failure, retryAfter, ct);
                continue;
            }

            using (response)
            {
                throw await BlobErrors.FromResponseAsync(target, response, connection, attempt, ct);
            }
        }
    }

    private async Task<HttpResponseMessage> SendOnceAsync(Func<HttpRequestMessage> build, HttpCompletionOption completion, CancellationToken ct)
    {
        using var request = build();
        request.Headers.Add("x-ms-date", DateTimeOffset.UtcNow.ToString("R", CultureInfo.InvariantCulture));
        request.Headers.Add("x-ms-version", ServiceVersion);
        connection.Signer?.Sign(request);
        // Bounds the wait for response headers only: a streamed body is read later, under the reader's token.
        using var tryTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        tryTimeout.CancelAfter(options.TryTimeout);
        return await Http.SendAsync(request, completion, tryTimeout.Token);
    }

    private static bool IsTransient(Exception e) => e switch
    {
        OperationCanceledException => true,
        HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError } => false,
        HttpRequestException or IOException => true,
        _ => false,
    };

    private static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow,
        _ => null,
    };

    private async Task WaitAsync(BlobTarget target, int attempt, string failure, TimeSpan? retryAfter, CancellationToken ct)
    {
        var backoff = options.InitialRetryDelay * Math.Pow(2, attempt - 1) * (0.5 + Random.Shared.NextDouble());
        var delay = retryAfter ?? backoff;
        delay = delay < TimeSpan.Zero ? TimeSpan.Zero : delay > options.MaxRetryDelay ? options.MaxRetryDelay : delay;
        BlobLog.Retrying(logger, target, attempt, failure, delay.TotalMilliseconds);
        await Task.Delay(delay, ct);
    }
}
