using System.Text;
using Lumina.Functions.Text;

namespace Lumina.Functions.Health;

/// <summary>The health report as Markdown, for people; long lists stop after a few dozen entries.</summary>
public static class HealthMarkdown
{
    private const int ListLimit = 25;

    public static string Render(HealthReport report)
    {
        var md = new StringBuilder();
        md.AppendLine($"# Health of catalog '{report.Catalog}'").AppendLine();
        md.AppendLine($"{Words.Count(report.Images, "image")} ({Words.Count(report.Removed, "removed original")} kept), generated {report.GeneratedAt:yyyy-MM-dd HH:mm:ss} UTC.").AppendLine();

        md.AppendLine("## Coverage").AppendLine().AppendLine("| metadata | images | of | coverage |").AppendLine("| --- | ---: | ---: | ---: |");
        foreach (var line in report.Coverage)
        {
            var note = line.Metadata.StartsWith("CLIP", StringComparison.Ordinal) || line.Metadata == "tags"
                ? report.ClipConfigured ? "" : " (not configured: set LUMINA_CLIP_MODEL)"
                : "";
            md.AppendLine($"| {line.Metadata}{note} | {line.Count:N0} | {line.Of:N0} | {line.Percent:F1}% |");
        }

        md.AppendLine().AppendLine("## Processing flags").AppendLine().AppendLine("| step | version | current | outdated | missing |").AppendLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var flag in report.Flags)
        {
            md.AppendLine($"| {flag.Step} | {flag.Version} | {flag.Current:N0} | {flag.Outdated:N0} | {flag.Missing:N0} |");
        }

        foreach (var phase in report.Phases)
        {
            md.AppendLine().Append($"Last {phase.Phase} detection: {phase.CompletedAt:yyyy-MM-dd HH:mm} UTC (version {phase.Version}), {Words.Count(phase.ChangedSince, "image")} changed since.");
        }

        Groups(md, "Duplicate groups", report.DuplicateGroups, m => m.Best
            ? Because(m)
            : m.Distance is { } d ? $" (distance {d}{(m.ExactCopy ? ", exact copy" : "")}{(m.BestReason is { } r ? $"; best is {r}" : "")})" : "");
        Groups(md, "Bursts", report.Bursts, Because);

        md.AppendLine().AppendLine($"## Failed images: {report.Failures.Count:N0}").AppendLine();
        if (report.Failures.Count > 0)
        {
            md.AppendLine("| image | error | attempts |").AppendLine("| --- | --- | ---: |");
            foreach (var failure in report.Failures.Take(ListLimit * 4))
            {
                md.AppendLine($"| {Cell(failure.Path)} | {Cell(failure.Error)} | {failure.Attempts} |");
            }

            More(md, report.Failures.Count, ListLimit * 4);
        }

        if (report.PoisonUploads.Count > 0)
        {
            md.AppendLine().AppendLine($"## Poison uploads: {report.PoisonUploads.Count:N0}").AppendLine();
            md.AppendLine("| blob | error | attempts |").AppendLine("| --- | --- | ---: |");
            foreach (var blob in report.PoisonUploads.Take(ListLimit * 4))
            {
                md.AppendLine($"| {Cell(blob.Name)} | {Cell(blob.Error ?? "")} | {blob.Attempts} |");
            }

            More(md, report.PoisonUploads.Count, ListLimit * 4);
        }

        md.AppendLine().AppendLine("## Recommended jobs").AppendLine();
        if (report.Recommendations.Count == 0)
        {
            md.AppendLine("Nothing to do: every image has all its metadata.");
        }

        foreach (var r in report.Recommendations)
        {
            md.AppendLine($"{r.Priority}. **{r.Job}**: {r.Reason}.  ").AppendLine($"   `{r.Command}`");
        }

        return md.ToString();
    }

    private static void Groups(StringBuilder md, string title, IReadOnlyList<Storage.Catalog.Health.GroupRows> groups, Func<Storage.Catalog.Health.GroupMember, string> detail)
    {
        md.AppendLine().AppendLine($"## {title}: {groups.Count:N0} ({Words.Count(groups.Sum(g => g.Members.Count), "image")})").AppendLine();
        foreach (var group in groups.Take(ListLimit))
        {
            md.AppendLine($"- {(group.Label is null ? "" : group.Label + ": ")}{string.Join(", ", group.Members.Select(m => $"{(m.Best ? "**" : "")}{m.Path}{(m.Best ? "** (best)" : "")}{detail(m)}"))}");
        }

        More(md, groups.Count, ListLimit);
    }

    private static string Because(Storage.Catalog.Health.GroupMember member) => member.BestReason is { } reason ? $" ({reason})" : "";

    private static void More(StringBuilder md, int count, int shown)
    {
        if (count > shown)
        {
            md.AppendLine($"- ... and {count - shown:N0} more (`--format json` lists them all)");
        }
    }

    private static string Cell(string text) => text.Replace("|", "\\|").ReplaceLineEndings(" ");
}
