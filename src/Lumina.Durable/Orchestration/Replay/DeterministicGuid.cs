using System.Security.Cryptography;
using System.Text;

namespace Lumina.Durable.Orchestration.Replay;

/// <summary>Name-based UUIDs (RFC 4122 version 5, SHA-1): the same name always gives the same id.</summary>
internal static class DeterministicGuid
{
    /// <summary>The namespace of orchestration ids (the RFC's URL namespace).</summary>
    private static readonly Guid Namespace = new("6ba7b811-9dad-11d1-80b4-00c04fd430c8");

    public static Guid Create(string name)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[16 + nameBytes.Length];
        Namespace.TryWriteBytes(input, bigEndian: true, out _);
        nameBytes.CopyTo(input, 16);
        var hash = SHA1.HashData(input);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
