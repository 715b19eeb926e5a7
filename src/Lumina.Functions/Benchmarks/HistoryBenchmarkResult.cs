using System.Text.Json.Serialization;

namespace Lumina.Functions.Benchmarks;

/// <summary>
/// What <c>lumina bench history</c> measured with the settings it ran under (workers, batch size, LUMINA_JOB_WINDOW), and
/// the benchmark process's peak working set (PostgreSQL's own memory is not in it).
/// </summary>
public sealed record HistoryBenchmarkResult(
    [property: JsonPropertyName("task_hub")] string TaskHub,
    [property: JsonPropertyName("workers")] int Workers,
    [property: JsonPropertyName("batch_size")] int BatchSize,
    [property: JsonPropertyName("job_window")] int JobWindow,
    [property: JsonPropertyName("job")] HistoryJobRun Job,
    [property: JsonPropertyName("plan")] HistoryPlanRun? Plan,
    [property: JsonPropertyName("peak_memory_mb")] long PeakMemoryMb);

/// <summary>
/// The analyze job over generated images: its time, how long it planned, the executions of its instance seen (sampled
/// every 100 ms), the history rows inserted in all (and per 1,000 images), and the most rows one execution held when sampled.
/// </summary>
public sealed record HistoryJobRun(
    [property: JsonPropertyName("images")] int Images,
    [property: JsonPropertyName("generate_seconds")] double GenerateSeconds,
    [property: JsonPropertyName("analyzed")] int Analyzed,
    [property: JsonPropertyName("failed")] int Failed,
    [property: JsonPropertyName("seconds")] double Seconds,
    [property: JsonPropertyName("images_per_second")] double ImagesPerSecond,
    [property: JsonPropertyName("planning_seconds")] double PlanningSeconds,
    [property: JsonPropertyName("executions_seen")] int ExecutionsSeen,
    [property: JsonPropertyName("history_rows_inserted")] long HistoryRowsInserted,
    [property: JsonPropertyName("history_rows_per_1000_images")] double HistoryRowsPer1000Images,
    [property: JsonPropertyName("largest_execution_history_rows")] int LargestExecutionHistoryRows);

/// <summary>The planning of a job over empty files, all new to the catalog: the seconds until its batches were stored.</summary>
public sealed record HistoryPlanRun(
    [property: JsonPropertyName("files")] int Files,
    [property: JsonPropertyName("write_files_seconds")] double WriteFilesSeconds,
    [property: JsonPropertyName("planned_images")] long PlannedImages,
    [property: JsonPropertyName("planning_seconds")] double PlanningSeconds);
