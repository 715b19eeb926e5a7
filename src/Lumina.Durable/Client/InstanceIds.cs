namespace Lumina.Durable.Client;

/// <summary>Checks of caller-chosen names: instance ids and event names.</summary>
internal static class InstanceIds
{
    public const int MaxLength = 256;

    public static void Validate(string? instanceId, string parameter = "instanceId")
    {
        if (string.IsNullOrWhiteSpace(instanceId) || instanceId.Length > MaxLength || instanceId.Any(char.IsControl))
        {
            throw new ArgumentException(
                $"An instance id must be 1 to {MaxLength} characters without control characters (got '{instanceId}').", parameter);
        }
    }

    public static void ValidateEventName(string? eventName)
    {
        if (string.IsNullOrWhiteSpace(eventName))
        {
            throw new ArgumentException("An event name must not be empty.", nameof(eventName));
        }
    }
}
