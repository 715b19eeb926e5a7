using System.CommandLine;

namespace Lumina.Functions.Cli;

/// <summary>Options several commands share.</summary>
internal static class CliOptions
{
    public static Option<int?> Workers() => new("--workers")
    {
        Description = "Images processed at the same time (default: LUMINA_WORKERS, else the number of processors)",
        Validators = { r => { if (r.GetValueOrDefault<int?>() is < 1) { r.AddError("--workers must be at least 1"); } } },
    };

    public static Option<bool> RetryFailed() => new("--retry-failed")
    {
        Description = "Also analyze again the files that failed three times and settled (they are otherwise left until they change)",
    };
}
