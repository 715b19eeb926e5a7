using System.Text.Json;
using System.Text.RegularExpressions;
using Lumina.Testing;

namespace Lumina.AzureFunctions.Tests;

/// <summary>The settings Lumina reads, the sample settings file, the app's binding expressions and the deployment agree.</summary>
public sealed class AppSettingsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EverySettingLuminaReadsIsInTheSampleWithANoteAndEverySettingTheAppBindsOrTheDeploymentSetsIsOneLuminaReads()
    {
        var sample = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "local.settings.sample.json"), Ct)).RootElement;
        var values = sample.GetProperty("Values").EnumerateObject().Select(p => p.Name).ToHashSet();
        var notes = sample.GetProperty("Notes").EnumerateObject().Select(p => p.Name).ToHashSet();
        // What the ./lumina launcher exports for the process it starts (bench analyze times the command through it) is not a setting.
        var launcherSet = Regex.Matches(await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "lumina"), Ct), @"^export (LUMINA_[A-Z_]+)=", RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["LUMINA_LAUNCHER"], launcherSet);
        var read = Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => Regex.Matches(File.ReadAllText(f), "\"(LUMINA_[A-Z_]+)\"").Select(m => m.Groups[1].Value))
            .Where(name => !name.StartsWith("LUMINA_TEST_", StringComparison.Ordinal)) // test hooks, not settings
            .Except(launcherSet)
            .ToHashSet();
        // %NAME% in the app's trigger bindings and in host.json are app settings the Functions host resolves.
        var bound = new[] { "functions.metadata", "host.json" }
            .SelectMany(f => Regex.Matches(File.ReadAllText(Path.Combine(FunctionsMetadataTests.AppOutput, f)), "%([A-Za-z_]+)%").Select(m => m.Groups[1].Value))
            .ToHashSet();
        var bicep = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "infra", "azure", "main.bicep"), Ct);
        var deployed = Regex.Matches(bicep, @"name: '([A-Za-z_]+)'\s*,?\s*value:").Select(m => m.Groups[1].Value).ToList();

        Assert.True(read.Count >= 20, $"{read.Count} settings found in the sources");
        Assert.Empty(read.Except(values));
        Assert.Empty(values.Except(notes));
        Assert.Equal(["LUMINA_ORIGINALS_CONTAINER", "LUMINA_TASK_HUB"], bound.Order(StringComparer.Ordinal));
        Assert.Empty(bound.Except(values));
        Assert.Empty(bound.Except(deployed));
        Assert.Contains("LUMINA_POSTGRES", deployed);
        Assert.Empty(deployed.Where(d => d.StartsWith("LUMINA_", StringComparison.Ordinal)).Except(values));
    }
}
