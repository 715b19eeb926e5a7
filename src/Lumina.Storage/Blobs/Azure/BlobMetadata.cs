namespace Lumina.Storage.Blobs.Azure;

/// <summary>Blob metadata travels as x-ms-meta-NAME headers: names must be C# identifiers, values printable ASCII.</summary>
internal static class BlobMetadata
{
    /// <summary>Throws <see cref="ArgumentException"/> for a name or value the service would refuse or mangle.</summary>
    public static void Validate(IReadOnlyDictionary<string, string>? metadata)
    {
        foreach (var (name, value) in metadata ?? new Dictionary<string, string>())
        {
            var validName = name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
            if (!validName)
            {
                throw new ArgumentException($"Metadata name '{name}' is not allowed: use ASCII letters, digits and '_', not starting with a digit", nameof(metadata));
            }

            if (!value.All(c => c is >= ' ' and <= '~'))
            {
                throw new ArgumentException($"The value of metadata '{name}' is not allowed: use printable ASCII only (encode other text, e.g. as base64)", nameof(metadata));
            }
        }
    }
}
