namespace Lumina.Durable;

/// <summary>Why an activity, sub-orchestration or orchestration failed, as stored (JSON) in the history.</summary>
public sealed record FailureDetails(string ErrorType, string ErrorMessage, string? StackTrace = null, FailureDetails? InnerFailure = null)
{
    public static FailureDetails FromException(Exception exception) => new(
        exception.GetType().FullName ?? exception.GetType().Name,
        exception.Message,
        exception.StackTrace,
        exception.InnerException is { } inner ? FromException(inner) : null);

    /// <summary>True when the failure was an exception of type <typeparamref name="T"/>.</summary>
    public bool IsCausedBy<T>() where T : Exception => ErrorType == typeof(T).FullName;
}
