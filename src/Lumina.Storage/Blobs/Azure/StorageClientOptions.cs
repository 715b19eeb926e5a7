using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging;

namespace Lumina.Storage.Blobs.Azure;

/// <summary>The SDK client options Lumina uses: the pinned service version, retries and per-try timeouts, and retry logging.</summary>
internal static class StorageClientOptions
{
    public static BlobClientOptions ForBlobs(AzureBlobOptions options, ILogger logger)
    {
        // Azurite 3.35 knows service versions up to 2025-11-05; the SDK's default (2026-10-06) is newer.
        var client = new BlobClientOptions(BlobClientOptions.ServiceVersion.V2025_11_05);
        client.Retry.Mode = RetryMode.Exponential;
        client.Retry.MaxRetries = options.MaxAttempts - 1;
        client.Retry.Delay = options.InitialRetryDelay;
        client.Retry.MaxDelay = options.MaxRetryDelay;
        client.Retry.NetworkTimeout = options.TryTimeout;
        client.AddPolicy(new RetryLogPolicy(logger), HttpPipelinePosition.PerRetry);
        return client;
    }

    /// <summary>Logs each attempt that failed in a way the SDK retries: the method and path only, never the query (a SAS lives there).</summary>
    private sealed class RetryLogPolicy(ILogger logger) : HttpPipelinePolicy
    {
        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            try
            {
                await ProcessNextAsync(message, pipeline);
            }
            catch (Exception e) when (!message.CancellationToken.IsCancellationRequested && Log(message, e.Message))
            {
                throw;
            }

            Check(message);
        }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            try
            {
                ProcessNext(message, pipeline);
            }
            catch (Exception e) when (!message.CancellationToken.IsCancellationRequested && Log(message, e.Message))
            {
                throw;
            }

            Check(message);
        }

        private void Check(HttpMessage message)
        {
            if (message.Response.Status is 408 or 429 or 500 or 502 or 503 or 504)
            {
                var code = message.Response.Headers.TryGetValue("x-ms-error-code", out var value) ? " " + value : "";
                Log(message, $"HTTP {message.Response.Status}{code}");
            }
        }

        private bool Log(HttpMessage message, string failure)
        {
            BlobLog.AttemptFailed(logger, message.Request.Method.Method, "/" + Uri.UnescapeDataString(message.Request.Uri.Path).TrimStart('/'), message.ProcessingContext.RetryNumber + 1, failure);
            return false;
        }
    }
}
