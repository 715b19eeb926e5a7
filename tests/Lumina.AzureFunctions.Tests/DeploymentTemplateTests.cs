using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Lumina.Testing;

namespace Lumina.AzureFunctions.Tests;

/// <summary>infra/azure/main.bicep compiled by the Bicep CLI, and the ARM template it makes checked for what the app needs: its identity, its settings and Lumina's keys in Key Vault.</summary>
public sealed class DeploymentTemplateTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheTemplateCompilesToAnIsolatedFlexAppThatSignsInWithItsManagedIdentity()
    {
        var (template, variables) = await CompileAsync();
        var resources = template.GetProperty("resources").EnumerateArray().ToList();
        JsonElement Only(string type, string? named = null) =>
            Assert.Single(resources, r => r.GetProperty("type").GetString() == type && (named is null || r.GetProperty("name").GetString()!.Contains(named, StringComparison.Ordinal)));

        var app = Only("Microsoft.Web/sites");
        Assert.Equal("SystemAssigned", app.GetProperty("identity").GetProperty("type").GetString());
        var config = app.GetProperty("properties").GetProperty("functionAppConfig");
        Assert.Equal("dotnet-isolated", config.GetProperty("runtime").GetProperty("name").GetString());
        Assert.Equal("10.0", config.GetProperty("runtime").GetProperty("version").GetString());
        Assert.Equal("SystemAssignedIdentity", config.GetProperty("deployment").GetProperty("storage").GetProperty("authentication").GetProperty("type").GetString());
        Assert.Equal("FC1", Only("Microsoft.Web/serverfarms").GetProperty("sku").GetProperty("name").GetString());

        var settings = app.GetProperty("properties").GetProperty("siteConfig").GetProperty("appSettings").EnumerateArray()
            .ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("value").GetString()!);
        foreach (var name in new[] { "AzureWebJobsStorage__accountName", "PhotoStorage__blobServiceUri", "PhotoStorage__queueServiceUri", "LUMINA_ORIGINALS_CONTAINER", "LUMINA_TASK_HUB" })
        {
            Assert.True(settings.ContainsKey(name), $"the app has no setting {name}");
        }

        // The web UI's root page is a function (host.json's routePrefix is empty), not the host's home page.
        Assert.Equal("true", settings["AzureWebJobsDisableHomepage"]);
        Assert.DoesNotContain("AzureWebJobsStorage", settings.Keys);
        Assert.DoesNotContain("PhotoStorage", settings.Keys);
        Assert.DoesNotContain("FUNCTIONS_WORKER_RUNTIME", settings.Keys);
        Assert.All(settings, s => Assert.False(s.Value.Contains("AccountKey", StringComparison.Ordinal), $"{s.Key} holds an account key"));
        Assert.StartsWith("[format('@Microsoft.KeyVault(SecretUri={0})'", settings["LUMINA_POSTGRES"], StringComparison.Ordinal);
        Assert.DoesNotContain("Password", settings["LUMINA_POSTGRES"], StringComparison.Ordinal);
        // Lumina's keys: Key Vault references to the vault's secrets, whose values are secure parameters (at least 32 characters), never literals.
        Assert.Equal("keys", settings["LUMINA_AUTH"]);
        foreach (var (setting, secret, parameter) in new[] { ("LUMINA_FUNCTION_KEYS", "lumina-function-keys", "luminaFunctionKeys"), ("LUMINA_ADMIN_KEY", "lumina-admin-key", "luminaAdminKey") })
        {
            Assert.Equal(
                $"[format('@Microsoft.KeyVault(SecretUri={{0}})', reference(resourceId('Microsoft.KeyVault/vaults/secrets', variables('vaultName'), '{secret}'), '2023-07-01').secretUri)]",
                settings[setting]);
            var stored = Only("Microsoft.KeyVault/vaults/secrets", $"'{secret}'");
            Assert.Equal($"[parameters('{parameter}')]", stored.GetProperty("properties").GetProperty("value").GetString());
            var declared = template.GetProperty("parameters").GetProperty(parameter);
            Assert.Equal("securestring", declared.GetProperty("type").GetString());
            Assert.Equal(32, declared.GetProperty("minLength").GetInt32());
            Assert.False(declared.TryGetProperty("defaultValue", out _), $"{parameter} has a default value");
        }

        // The only keys the template reads are the Functions host's, for the Event Grid webhooks; no storage account key.
        var keysRead = System.Text.RegularExpressions.Regex.Matches(template.GetRawText(), @"listKeys\(resourceId\('([^']+)'").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(keysRead);
        Assert.All(keysRead, resource => Assert.Equal("Microsoft.Web/sites/host", resource));
        Assert.False(Only("Microsoft.Storage/storageAccounts").GetProperty("properties").GetProperty("allowSharedKeyAccess").GetBoolean());

        var assignments = resources.Where(r => r.GetProperty("type").GetString() == "Microsoft.Authorization/roleAssignments").ToList();
        List<string> Granted(string scope) => [.. assignments
            .Where(a => a.GetProperty("scope").GetString()!.Contains(scope, StringComparison.Ordinal))
            .Where(a => a.GetProperty("properties").GetProperty("principalId").GetString()!.Contains("Microsoft.Web/sites", StringComparison.Ordinal)
                && a.GetProperty("properties").GetProperty("principalId").GetString()!.EndsWith(".identity.principalId]", StringComparison.Ordinal))
            .SelectMany(a => System.Text.RegularExpressions.Regex.Matches(a.GetProperty("properties").GetProperty("roleDefinitionId").GetString()!, "variables\\('([^']+)'\\)"))
            .Select(m => variables[m.Groups[1].Value])
            .Order(StringComparer.Ordinal)];
        // Storage Table Data Contributor, Storage Queue Data Contributor, Storage Blob Data Owner; Key Vault Secrets User.
        Assert.Equal(["0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "974c5e8b-45b9-4653-ba55-5f855dd0fb88", "b7e6dc6d-f1e8-4753-8033-0f276bb0955b"], Granted("Microsoft.Storage/storageAccounts"));
        Assert.Equal(["4633458b-17de-408a-b874-0445c86b69e6"], Granted("Microsoft.KeyVault/vaults"));

        var uploaded = Only("Microsoft.EventGrid/systemTopics/eventSubscriptions", "blob-uploaded").GetProperty("properties");
        var webhook = uploaded.GetProperty("destination").GetProperty("properties").GetProperty("endpointUrl").GetString()!;
        Assert.Contains("/runtime/webhooks/blobs?functionName=Host.Functions.BlobUploaded&code=", webhook, StringComparison.Ordinal);
        Assert.Contains("systemKeys.blobs_extension", webhook, StringComparison.Ordinal);
        Assert.Equal("Microsoft.Storage.BlobCreated", Assert.Single(uploaded.GetProperty("filter").GetProperty("includedEventTypes").EnumerateArray()).GetString());

        // Lumina's Event Grid route is the one HTTP function left on the host's keys: its default function key, in Event Grid only.
        var deleted = Only("Microsoft.EventGrid/systemTopics/eventSubscriptions", "blob-deleted").GetProperty("properties");
        var deletions = deleted.GetProperty("destination").GetProperty("properties").GetProperty("endpointUrl").GetString()!;
        Assert.Contains("/api/events/blobs?code=", deletions, StringComparison.Ordinal);
        Assert.Contains("functionKeys.default", deletions, StringComparison.Ordinal);
        Assert.DoesNotContain("luminaFunctionKeys", deletions, StringComparison.Ordinal);
    }

    /// <summary>The ARM template main.bicep compiles to, and its plain string variables.</summary>
    private static async Task<(JsonElement Template, Dictionary<string, string> Variables)> CompileAsync()
    {
        var bicep = typeof(DeploymentTemplateTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Bicep").Value!;
        Assert.True(File.Exists(bicep), $"the Bicep CLI is not at {bicep} (the test project's PackageDownload restores it)");
        var start = new ProcessStartInfo(bicep, ["build", Path.Combine(RepoPaths.Root, "infra", "azure", "main.bicep"), "--stdout"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(Ct);
        var stderr = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        Assert.True(process.ExitCode == 0, await stderr);
        Assert.DoesNotContain(": Error ", await stderr, StringComparison.Ordinal);
        var template = JsonDocument.Parse(await stdout).RootElement;
        var variables = template.GetProperty("variables").EnumerateObject()
            .Where(v => v.Value.ValueKind == JsonValueKind.String).ToDictionary(v => v.Name, v => v.Value.GetString()!);
        return (template, variables);
    }
}
