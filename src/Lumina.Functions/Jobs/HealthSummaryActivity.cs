using Microsoft.DurableTask;
using Lumina.Functions.Health;
using Lumina.Storage.Catalog;
using Lumina.Functions.Text;

namespace Lumina.Functions.Jobs;

/// <summary>The health report's gist: how many recommendations are left and a one-line coverage summary.</summary>
public sealed record HealthSummary(int Recommendations, string Summary);

public sealed class HealthSummaryActivity(CatalogRepository catalogs, HealthService health) : TaskActivity<Guid, HealthSummary>
{
    public const string Name = "health-summary";

    public override async Task<HealthSummary> RunAsync(TaskActivityContext context, Guid input)
    {
        var catalog = await catalogs.GetAsync(input.ToString(), CancellationToken.None);
        var report = await health.ReportAsync(catalog, withJobs: false, CancellationToken.None);
        var coverage = string.Join(", ", report.Coverage.Take(7).Select(c => $"{c.Metadata} {c.Percent:F1}%"));
        return new HealthSummary(report.Recommendations.Count, $"{Words.Count(report.Images, "image")}; {coverage}; {report.Failures.Count:N0} failed");
    }
}
