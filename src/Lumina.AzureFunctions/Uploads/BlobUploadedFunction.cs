using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Lumina.AzureFunctions.Uploads;

/// <summary>
/// The upload trigger: an Event Grid-sourced blob trigger on the originals container (the only blob trigger source
/// on Flex Consumption). Every blob catalog reading that container and prefix gets the version once (receipts).
/// </summary>
public sealed partial class BlobUploadedFunction(DurableServices durable, ILogger<BlobUploadedFunction> logger)
{
    public const string Name = "BlobUploaded";

    [Function(Name)]
    public async Task RunAsync(
        [BlobTrigger("%LUMINA_ORIGINALS_CONTAINER%/{name}", Source = BlobTriggerSource.EventGrid, Connection = "PhotoStorage")] BlobClient blob,
        [DurableClient] DurableTaskClient client, CancellationToken ct)
    {
        var outcome = await durable.BlobUploads(client).ReceivedAsync(blob.BlobContainerName, blob.Name, ct);
        foreach (var line in outcome.Logs)
        {
            Received(line);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Outcome}")]
    private partial void Received(string outcome);
}
