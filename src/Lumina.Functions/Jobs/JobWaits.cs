using System.Globalization;
using Lumina.Durable.Hosting;
using Lumina.Durable.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Lumina.Functions.Jobs;

/// <summary>
/// What a job waits for that nothing else shows: its work held locked by another host, typically one that was killed,
/// whose locks must expire before this host takes the work over. Only the PostgreSQL provider can tell.
/// </summary>
public sealed class JobWaits(IServiceProvider services, IOptions<DurableTaskHostOptions> host)
{
    /// <summary>A sentence saying which host holds the job's work (the job and its phases) and until when; null when none does.</summary>
    public async Task<string?> DescribeAsync(string jobId, CancellationToken ct)
    {
        if (services.GetService<PostgresOrchestrationService>() is not { } provider)
        {
            return null;
        }

        var held = (await provider.GetHeldLocksAsync(jobId, ct)).Where(l => l.WorkerId != host.Value.WorkerId).ToList();
        if (held.Count == 0)
        {
            return null;
        }

        var until = held.Max(l => l.ExpiresUtc);
        var seconds = Math.Max(1, (int)Math.Ceiling((until - DateTime.UtcNow).TotalSeconds));
        var parts = new[]
        {
            Count(held.Sum(l => l.Orchestrations), "orchestration", "orchestrations"), Count(held.Sum(l => l.Activities), "activity", "activities"),
        };
        var work = string.Join(" and ", parts.Where(p => p is not null));
        var when = $"until {until.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} UTC, {seconds} s from now";
        var processes = held.Select(l => WorkerIds.LocalProcess(l.WorkerId)).ToList();
        if (processes.All(p => p is { Running: false }))
        {
            var which = string.Join(", ", processes.Select(p => p!.Value.ProcessId.ToString(CultureInfo.InvariantCulture)));
            return $"Waiting for a host that stopped (process {which} on this machine): its locks on {work} of this job last {when} " +
                "(LUMINA_LOCK_TIMEOUT); then this host takes that work over.";
        }

        return $"Waiting for {string.Join(", ", held.Select(l => $"host '{l.WorkerId}'"))}, which holds {work} of this job {when} " +
            "unless it renews its locks; if it stopped, this host takes that work over then (LUMINA_LOCK_TIMEOUT).";
    }

    private static string? Count(int n, string one, string many) => n switch { 0 => null, 1 => $"1 {one}", _ => $"{n} {many}" };
}
