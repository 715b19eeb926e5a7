namespace Lumina.Durable.Storage;

/// <summary>PostgreSQL keeps microseconds; times are UTC on the way in and out.</summary>
internal static class StoredTime
{
    public static DateTime Utc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };
}
