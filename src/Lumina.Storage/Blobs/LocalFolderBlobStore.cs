using Lumina.Storage.Paths;

namespace Lumina.Storage.Blobs;

/// <summary>A folder on disk seen as a blob store: blob names are paths relative to the folder.</summary>
public sealed class LocalFolderBlobStore : IBlobStore
{
    private readonly string _root;

    public LocalFolderBlobStore(string root)
    {
        _root = Path.GetFullPath(root);
    }

    public string Location => $"folder {_root}";

    public string Root => _root;

    public IAsyncEnumerable<BlobInfo> ListAsync(string prefix, CancellationToken ct)
    {
        if (!Directory.Exists(_root))
        {
            throw new DirectoryNotFoundException($"The folder {_root} does not exist");
        }

        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            IgnoreInaccessible = true,
            AttributesToSkip = FileAttributes.Hidden | FileAttributes.System,
            ReturnSpecialDirectories = false,
        };
        return new DirectoryInfo(_root).EnumerateFiles("*", options)
            .Select(f => (Name: ToName(f.FullName), File: f))
            .Where(x => x.Name.StartsWith(prefix, StringComparison.Ordinal))
            .OrderBy(x => x.Name, StringComparer.Ordinal)
            .Select(x => Describe(x.Name, x.File))
            .ToAsyncEnumerable();
    }

    public Task<BlobInfo?> GetPropertiesAsync(string name, CancellationToken ct)
    {
        var file = new FileInfo(ToPath(name));
        return Task.FromResult(file.Exists ? Describe(name, file) : null);
    }

    public async Task<byte[]> ReadAllBytesAsync(string name, CancellationToken ct)
    {
        try
        {
            return await File.ReadAllBytesAsync(ToPath(name), ct);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new BlobNotFoundException(Location, name);
        }
    }

    public Task<Stream> OpenReadAsync(string name, CancellationToken ct)
    {
        try
        {
            return Task.FromResult<Stream>(new FileStream(ToPath(name), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new BlobNotFoundException(Location, name);
        }
    }

    public async Task<BlobInfo> PutAsync(string name, Stream content, string contentType, CancellationToken ct)
    {
        var path = ToPath(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                await content.CopyToAsync(file, ct);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }

        return Describe(name, new FileInfo(path));
    }

    public Task<bool> DeleteAsync(string name, CancellationToken ct)
    {
        var path = ToPath(name);
        var existed = File.Exists(path);
        File.Delete(path);
        return Task.FromResult(existed);
    }

    private string ToPath(string name) => ContainedPath.Under(_root, name);

    private string ToName(string fullPath) => Path.GetRelativePath(_root, fullPath).Replace(Path.DirectorySeparatorChar, '/');

    private static BlobInfo Describe(string name, FileInfo file) =>
        new(name, file.Length, file.LastWriteTimeUtc, $"\"{file.LastWriteTimeUtc.Ticks:x}-{file.Length:x}\"");
}
