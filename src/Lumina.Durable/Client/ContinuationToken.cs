using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Lumina.Durable.Client;

/// <summary>A query page's end, (created time, instance id), as an opaque URL-safe token.</summary>
internal static class ContinuationToken
{
    public static string Create(DateTime createdAt, string instanceId) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{createdAt.Ticks.ToString(CultureInfo.InvariantCulture)}|{instanceId}"));

    public static (DateTime CreatedAt, string InstanceId) Parse(string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            var bar = text.IndexOf('|', StringComparison.Ordinal);
            return (new DateTime(long.Parse(text[..bar], CultureInfo.InvariantCulture), DateTimeKind.Utc), text[(bar + 1)..]);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            throw new ArgumentException($"'{token}' is not a continuation token of this API.", nameof(token), e);
        }
    }
}
