namespace Lumina.Durable.Http;

/// <summary>The links of the Durable Functions check-status response, for one instance.</summary>
public sealed record HttpManagementPayload(
    string Id,
    string StatusQueryGetUri,
    string SendEventPostUri,
    string TerminatePostUri,
    string PurgeHistoryDeleteUri,
    string RestartPostUri,
    string SuspendPostUri,
    string ResumePostUri)
{
    /// <param name="apiBase">The API's absolute base URL, e.g. http://host/runtime/webhooks/durabletask.</param>
    public static HttpManagementPayload For(string apiBase, string instanceId)
    {
        var instance = $"{apiBase}/instances/{Uri.EscapeDataString(instanceId)}";
        return new HttpManagementPayload(
            instanceId,
            instance,
            $"{instance}/raiseEvent/{{eventName}}",
            $"{instance}/terminate?reason={{text}}",
            instance,
            $"{instance}/restart",
            $"{instance}/suspend?reason={{text}}",
            $"{instance}/resume?reason={{text}}");
    }
}
