using Microsoft.DurableTask.Client;

namespace Lumina.Durable.Http;

/// <summary>
/// How the management API's <c>restart</c> starts an instance again, for apps whose instances need more than a new
/// orchestration (a record of their own): register one in the app's services, or put one in the request's
/// <c>HttpContext.Items</c> under <c>typeof(IInstanceRestarter)</c> where it is made per request.
/// </summary>
public interface IInstanceRestarter
{
    /// <summary>
    /// Starts <paramref name="instance"/> again under <paramref name="instanceId"/> (null: a new id) and returns the id of
    /// what was started; null leaves it to the plain restart (the same orchestrator and input). Throws
    /// <see cref="RestartRefusedException"/> when the instance must not be restarted.
    /// </summary>
    Task<string?> RestartAsync(OrchestrationMetadata instance, string? instanceId, CancellationToken ct);
}

/// <summary>A restart the app refuses (409), with what to do instead.</summary>
public sealed class RestartRefusedException(string message) : Exception(message);
