using System.Globalization;
using System.Numerics;
using Lumina.Durable.Hosting;
using Lumina.Imaging.Analysis;
using Microsoft.Extensions.Configuration;

namespace Lumina.Functions.Configuration;

/// <summary>Lumina's settings, read from environment variables (names in each property's summary).</summary>
public sealed record LuminaSettings
{
    /// <summary>
    /// LUMINA_HOME: the private PostgreSQL cluster, the thumbnails and previews of folder catalogs, and backups.
    /// Default: $XDG_DATA_HOME/lumina, else ~/.local/share/lumina.
    /// </summary>
    public required string Home { get; init; }

    /// <summary>LUMINA_POSTGRES: a PostgreSQL connection string. Default: none, a private cluster under <see cref="Home"/>.</summary>
    public string? Postgres { get; init; }

    /// <summary>LUMINA_PG_BIN: the folder of initdb and pg_ctl for the private cluster. Default: the newest /usr/lib/postgresql/*/bin, else PATH.</summary>
    public string? PostgresBin { get; init; }

    /// <summary>LUMINA_WORKERS: images analyzed at the same time. Default: the number of processors.</summary>
    public int Workers { get; init; } = Environment.ProcessorCount;

    /// <summary>LUMINA_BATCH_SIZE: most images per batch (one activity, one database transaction); small jobs use smaller batches. Default 32.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>
    /// LUMINA_JOB_WINDOW: batches one execution of a per-image job's orchestration runs before it continues as new
    /// (a fresh history carrying the counts), so the history a host replays stays bounded whatever the catalog's size.
    /// Default 256.
    /// </summary>
    public int JobWindow { get; init; } = 256;

    /// <summary>LUMINA_IMAGE_TIMEOUT: seconds one image may take before it is recorded as failed. Default 120.</summary>
    public TimeSpan ImageTimeLimit { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>LUMINA_TASK_HUB: the durable task hub jobs run on; hosts sharing a database and hub share the work. Default "lumina".</summary>
    public string TaskHub { get; init; } = "lumina";

    /// <summary>
    /// LUMINA_DURABLE_PROVIDER: where the task hub lives: "postgres" (the default: the catalog's PostgreSQL) or
    /// "azurestorage" (the Azure Storage provider Durable Functions uses; see <see cref="DurableStorage"/>).
    /// </summary>
    public string DurableProvider { get; init; } = DurableProviders.Postgres;

    /// <summary>
    /// LUMINA_DURABLE_STORAGE: for the azurestorage provider, a storage connection string (blob, queue and table
    /// endpoints), or the name of a setting holding one, or the name of an identity-based connection given as
    /// NAME__accountName or NAME__blobServiceUri, NAME__queueServiceUri and NAME__tableServiceUri (signed in with
    /// DefaultAzureCredential). Default "AzureWebJobsStorage", as Durable Functions.
    /// </summary>
    public AzureStorageProviderOptions? DurableStorage { get; init; }

    /// <summary>
    /// LUMINA_LOCK_TIMEOUT (postgres provider): seconds a host holds claimed work without renewing it; work of a host
    /// that died is picked up by another after this. Hosts renew the locks of work in progress on 5-second ticks, so 10 s
    /// is the least; the default leaves a loaded machine room for late renewals. Default 30.
    /// </summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// LUMINA_TRIGGER_INTERVAL: seconds between scans of blob catalogs' containers for new, changed and deleted
    /// originals by `lumina serve`; 0 turns the scan off (Event Grid events still work). Default 10.
    /// </summary>
    public int TriggerInterval { get; init; } = 10;

    /// <summary>LUMINA_TRIGGER_RETRY: seconds before an upload that failed is tried again, doubling each time (5 attempts in all). Default 5.</summary>
    public double TriggerRetry { get; init; } = 5;

    /// <summary>
    /// LUMINA_TEST_PAUSE_AFTER_CLAIM: a test hook, not a setting: seconds the upload trigger waits between claiming
    /// uploads and scheduling their ingests, so that a test can kill the host at that point. Default 0.
    /// </summary>
    public TimeSpan PauseAfterClaim { get; init; }

    /// <summary>LUMINA_FUNCTION_KEYS: keys (comma-separated) that open Lumina's HTTP routes, as Functions' function keys do. Default: none.</summary>
    public IReadOnlyList<string> FunctionKeys { get; init; } = [];

    /// <summary>LUMINA_ADMIN_KEY: the key that opens every route, the durable management API included (Functions' master key). Default: none.</summary>
    public string? AdminKey { get; init; }

    /// <summary>
    /// LUMINA_AUTH: "keys" requires a key on every HTTP route (the default when a key is set); "anonymous" opens
    /// them (the default without keys, allowed only when serving on loopback addresses).
    /// </summary>
    public bool Anonymous { get; init; }

    /// <summary>
    /// LUMINA_AUTH=anonymous was set, not taken for want of keys: the Functions app, always on the network, opens its API
    /// only then (<see cref="Http.KeyHost.FunctionsApp"/>).
    /// </summary>
    public bool AnonymousChosen { get; init; }

    /// <summary>LUMINA_CLIP_MODEL: a CLIP model folder (see docs/clip-models.md). Default: none, CLIP and auto-tagging are off.</summary>
    public string? ClipModel { get; init; }

    /// <summary>LUMINA_TAG_VOCABULARY: a file of tag concepts (see docs/clip-models.md) that extends the default vocabulary. Default: none.</summary>
    public string? TagVocabulary { get; init; }

    /// <summary>LUMINA_TAG_VOCABULARY_MODE: "extend" (default) adds the file's concepts to the default vocabulary, "replace" uses only them.</summary>
    public bool ReplaceTagVocabulary { get; init; }

    /// <summary>
    /// LUMINA_BACKUP_KEEP: which backups of a catalog are kept when a new one is written: the newest N and every one of the
    /// last D days, written "N,Dd". Default "10,7d".
    /// </summary>
    public Catalogs.BackupRetention BackupKeep { get; init; } = Catalogs.BackupRetention.Default;

    /// <summary>Decode settings; LUMINA_MAX_PIXELS sets <see cref="AnalysisSettings.MaxPixels"/>.</summary>
    public AnalysisSettings Analysis { get; init; } = new();

    public static LuminaSettings Load(IConfiguration configuration)
    {
        var dataHome = Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        var defaults = new LuminaSettings { Home = Path.Combine(dataHome, "lumina") };
        var settings = new LuminaSettings
        {
            Home = Path.GetFullPath(Text(configuration, "LUMINA_HOME") ?? defaults.Home),
            Postgres = Text(configuration, "LUMINA_POSTGRES"),
            PostgresBin = Text(configuration, "LUMINA_PG_BIN"),
            ClipModel = Text(configuration, "LUMINA_CLIP_MODEL"),
            TagVocabulary = Text(configuration, "LUMINA_TAG_VOCABULARY"),
            ReplaceTagVocabulary = (Text(configuration, "LUMINA_TAG_VOCABULARY_MODE") ?? "extend") switch
            {
                "extend" => false,
                "replace" => true,
                var other => throw new ArgumentException($"LUMINA_TAG_VOCABULARY_MODE='{other}' is not valid: expected extend or replace"),
            },
            TaskHub = Text(configuration, "LUMINA_TASK_HUB") ?? defaults.TaskHub,
            DurableProvider = Text(configuration, "LUMINA_DURABLE_PROVIDER") ?? defaults.DurableProvider,
            FunctionKeys = (Text(configuration, "LUMINA_FUNCTION_KEYS") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            AdminKey = Text(configuration, "LUMINA_ADMIN_KEY"),
            Anonymous = Text(configuration, "LUMINA_AUTH") switch
            {
                null => Text(configuration, "LUMINA_FUNCTION_KEYS") is null && Text(configuration, "LUMINA_ADMIN_KEY") is null,
                "anonymous" => true,
                "keys" => false,
                var other => throw new ArgumentException($"LUMINA_AUTH='{other}' is not valid: expected keys or anonymous"),
            },
            AnonymousChosen = Text(configuration, "LUMINA_AUTH") == "anonymous",
            TriggerInterval = Number(configuration, "LUMINA_TRIGGER_INTERVAL", defaults.TriggerInterval, 0, 86_400),
            TriggerRetry = Number(configuration, "LUMINA_TRIGGER_RETRY", defaults.TriggerRetry, 0.01, 3600),
            PauseAfterClaim = TimeSpan.FromSeconds(Number(configuration, "LUMINA_TEST_PAUSE_AFTER_CLAIM", 0, 0, 86_400)),
            LockTimeout = TimeSpan.FromSeconds(Number(configuration, "LUMINA_LOCK_TIMEOUT", (int)defaults.LockTimeout.TotalSeconds, 10, 3600)),
            Workers = Number(configuration, "LUMINA_WORKERS", defaults.Workers, 1, 256),
            BatchSize = Number(configuration, "LUMINA_BATCH_SIZE", defaults.BatchSize, 1, 10_000),
            JobWindow = Number(configuration, "LUMINA_JOB_WINDOW", defaults.JobWindow, 1, 1_000_000),
            ImageTimeLimit = TimeSpan.FromSeconds(Number(configuration, "LUMINA_IMAGE_TIMEOUT", (int)defaults.ImageTimeLimit.TotalSeconds, 1, 86_400)),
            BackupKeep = Text(configuration, "LUMINA_BACKUP_KEEP") is { } keep ? Catalogs.BackupRetention.Parse(keep, "LUMINA_BACKUP_KEEP") : defaults.BackupKeep,
            Analysis = defaults.Analysis with { MaxPixels = Number(configuration, "LUMINA_MAX_PIXELS", defaults.Analysis.MaxPixels, 1, long.MaxValue) },
        };
        settings.Analysis.Validate();
        settings = settings with { DurableStorage = DurableProviders.StorageFor(settings.DurableProvider, settings.TaskHub, configuration) };
        return settings;
    }

    private static string? Text(IConfiguration configuration, string key) =>
        configuration[key] is { Length: > 0 } value ? value : null;

    private static T Number<T>(IConfiguration configuration, string key, T fallback, T min, T max)
        where T : struct, INumber<T>
    {
        if (Text(configuration, key) is not { } text)
        {
            return fallback;
        }

        return T.TryParse(text, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new ArgumentException($"{key}='{text}' is not valid: expected a whole number from {min} to {max}");
    }
}
