using Lumina.Functions.Jobs;
using Lumina.Imaging.Vips;
using Lumina.Ml.Clip;
using Lumina.Postgres;
using Lumina.Storage.Blobs.Azure;
using Lumina.Storage.Catalog;

namespace Lumina.Functions.Cli;

/// <summary>Turns the errors a user can cause or fix into one readable line and an exit code.</summary>
internal static class CliErrors
{
    public static async Task<int> RunAsync(Func<Task<int>> command)
    {
        try
        {
            return await command();
        }
        catch (Exception e) when (e is CatalogException or JobException or PostgresSetupException or VipsException or BlobStorageException or ClipModelException
            or ArgumentException or IOException or Benchmarks.BenchmarkException)
        {
            await Console.Error.WriteLineAsync($"lumina: {e.Message}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("lumina: cancelled");
            return 130;
        }
    }
}
