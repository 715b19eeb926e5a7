using Lumina.Storage.Blobs;

namespace Lumina.Storage.Tests.Blobs;

public sealed class LocalFolderBlobStoreTests : BlobStoreContract, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("lumina-blobs-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    protected override Task<IBlobStore> CreateEmptyStoreAsync() =>
        Task.FromResult<IBlobStore>(new LocalFolderBlobStore(Directory.CreateDirectory(Path.Combine(_root, Guid.NewGuid().ToString("N"))).FullName));
}
