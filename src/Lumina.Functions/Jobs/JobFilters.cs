using Microsoft.DurableTask.Client;

namespace Lumina.Functions.Jobs;

/// <summary>The filters of a job listing, checked alike for the HTTP API and the CLI.</summary>
public static class JobFilters
{
    /// <summary>The statuses of a comma-separated list ("running,failed", any case); a 400 <see cref="JobException"/> names an unknown one.</summary>
    public static IReadOnlyList<OrchestrationRuntimeStatus> Statuses(string? list)
    {
        var statuses = new List<OrchestrationRuntimeStatus>();
        foreach (var name in (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Enum.TryParse<OrchestrationRuntimeStatus>(name, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                throw new JobException(400, $"unknown status '{name}': use {string.Join(", ", Enum.GetNames<OrchestrationRuntimeStatus>())}");
            }

            statuses.Add(parsed);
        }

        return statuses;
    }

    /// <summary>The job type itself when it is known or null; a 400 <see cref="JobException"/> otherwise.</summary>
    public static string? Type(string? type) => type is null || JobTypes.All.Contains(type)
        ? type
        : throw new JobException(400, $"unknown job type '{type}': known types are {string.Join(", ", JobTypes.All)}");
}
