namespace Lumina.Postgres;

/// <summary>An exclusive lock on a file, held across processes until disposed.</summary>
internal sealed class FileGate : IAsyncDisposable
{
    private readonly FileStream _stream;

    private FileGate(FileStream stream) => _stream = stream;

    public static async Task<FileGate> AcquireAsync(string path, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            try
            {
                return new FileGate(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, ct);
            }
        }
    }

    public ValueTask DisposeAsync() => _stream.DisposeAsync();
}
