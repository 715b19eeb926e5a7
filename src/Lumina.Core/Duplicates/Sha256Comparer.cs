using System.Buffers.Binary;

namespace Lumina.Core.Duplicates;

/// <summary>Compares SHA-256 digests by content; their bytes are uniform, so the first four make a good hash code.</summary>
internal sealed class Sha256Comparer : IEqualityComparer<byte[]>
{
    public static readonly Sha256Comparer Instance = new();

    public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

    public int GetHashCode(byte[] obj) => BinaryPrimitives.ReadInt32LittleEndian(obj);
}
