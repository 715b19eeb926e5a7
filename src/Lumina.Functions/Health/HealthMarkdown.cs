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
        md.AppendLine(report.NeverScanned
            ? $"Never scanned: no photo of this catalog has been read yet. Generated {report.GeneratedAt:yyyy-MM-dd HH:mm:ss} UTC."
            : $"{Words.Count(report.Images, "image")} ({Words.Count(report.Removed, "removed original")} kept), " +
              (report.ScannedAt is { } scanned ? $"last scanned {scanned:yyyy-MM-dd HH:mm:ss} UTC, " : "") +
              $"generated {report.GeneratedAt:yyyy-MM-dd HH:mm:ss} UTC.").AppendLine();

        if (report.Unfinished.Count > 0)
        {
            md.AppendLine($"## Unfinished jobs: {report.Unfinished.Count:N0}").AppendLine();
            foreach (var job in report.Unfinished)
            {
                md.AppendLine($"- {job.Id} ({job.Type}, {job.Status}{(job.Phase is { } phase ? $", last at {phase}" : "")}), started {job.CreatedAt:yyyy-MM-dd HH:mm:ss} UTC");
            }

            md.AppendLine();
        }

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

        var settled = report.Failures.Count(f => f.Settled);
        md.AppendLine().AppendLine($"## Failed images: {report.Failures.Count:N0}{(settled > 0 ? $" ({settled:N0} settled)" : "")}").AppendLine();
        if (report.Failures.Count > 0)
        {
            md.AppendLine("| image | error | attempts | what next |").AppendLine("| --- | --- | ---: | --- |");
            foreach (var failure in report.Failures.Take(ListLimit * 4))
            {
                var next = failure.Settled ? "settled: replace or fix the file (a changed file is analyzed again), or retry with `--retry-failed`" : "tried again by the next run";
                md.AppendLine($"| {Cell(failure.Path)} | {Cell(failure.Error)} | {failure.Attempts} | {next} |");
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

        if (report.StalledUploads.Count > 0)
        {
            md.AppendLine().AppendLine($"## Uploads not moving: {report.StalledUploads.Count:N0}").AppendLine();
            if (report.StalledUploads.Count(u => u.State == "stopped") is > 0 and var stopped)
            {
                md.AppendLine($"{Words.Count(stopped, "upload")} {Words.Agree(stopped, "was", "were")} claimed by a host that stopped before {Words.Agree(stopped, "its", "their")} analysis started: a running host claims {Words.Agree(stopped, "it", "them")} again.");
            }

            if (report.StalledUploads.Count(u => u.State == "overdue") is > 0 and var overdue)
            {
                md.AppendLine($"{Words.Count(overdue, "upload")} {Words.Agree(overdue, "is", "are")} overdue: no host has run {Words.Agree(overdue, "its", "their")} analysis for {HealthService.UploadOverdue.TotalMinutes:0} minutes.");
            }

            md.AppendLine().AppendLine("| blob | state | since | attempts | error |").AppendLine("| --- | --- | --- | ---: | --- |");
            foreach (var upload in report.StalledUploads.Take(ListLimit * 4))
            {
                md.AppendLine($"| {Cell(upload.Name)} | {upload.State} | {upload.Since:yyyy-MM-dd HH:mm:ss} UTC | {upload.Attempts} | {Cell(upload.Error ?? "")} |");
            }

            More(md, report.StalledUploads.Count, ListLimit * 4);
        }

        md.AppendLine().AppendLine("## Recommended jobs").AppendLine();
        if (report.Recommendations.Count == 0)
        {
            md.AppendLine(
                settled > 0 ? $"No job would change anything now: the {Words.Count(settled, "settled failure")} above failed every attempt with the same file. " +
                              $"Replace {Words.Agree(settled, "that file", "those files")}, or try {Words.Agree(settled, "it", "them")} again with `./lumina analyze {HealthAdvisor.Quote(report.Catalog)} --retry-failed`."
                : report.Images == 0 ? $"Nothing to do: the last scan found no photos{(report.ScannedAt is { } at ? $" ({at:yyyy-MM-dd HH:mm} UTC)" : "")}."
                : "Nothing to do: every image has all its metadata.");
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
