using System.Diagnostics;
using System.IO.Compression;
using Lumina.Testing;

namespace Lumina.Functions.Tests;

/// <summary>The zip infra/azure/package.sh builds for Azure Functions, unpacked, and Lumina run from it with its own native libraries.</summary>
public sealed class DeploymentPackageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ThePackageIsAnIsolatedFunctionsAppRootWhoseLuminaAnalyzesWithItsOwnLibvipsAndEmbedsWithItsOwnOnnxRuntime()
    {
        var work = Directory.CreateTempSubdirectory("lumina-package-test-").FullName;
        try
        {
            var zip = Path.Combine(work, "app.zip");
            var package = await RunAsync(Path.Combine(RepoPaths.Root, "infra", "azure", "package.sh"), [zip], []);
            Assert.True(package.ExitCode == 0, package.Output);
            var app = Path.Combine(work, "app");
            ZipFile.ExtractToDirectory(zip, app);

            // The isolated worker's app root: the host reads host.json, worker.config.json, functions.metadata and
            // extensions.json, and loads the extensions from .azurefunctions/.
            var host = File.ReadAllText(Path.Combine(app, "host.json"));
            Assert.Contains("\"durableTask\"", host);
            Assert.DoesNotContain("customHandler", host);
            Assert.Contains("\"dotnet-isolated\"", File.ReadAllText(Path.Combine(app, "worker.config.json")));
            Assert.Contains("\"BlobUploaded\"", File.ReadAllText(Path.Combine(app, "functions.metadata")));
            Assert.True(File.Exists(Path.Combine(app, "extensions.json")));
            Assert.True(File.Exists(Path.Combine(app, ".azurefunctions", "Microsoft.Azure.WebJobs.Extensions.DurableTask.dll")));
            Assert.True(File.Exists(Path.Combine(app, "Lumina.AzureFunctions.dll")));
            Assert.False(Directory.Exists(Path.Combine(app, "BlobUploaded")), "no custom handler function.json folders");
            Assert.True(File.Exists(Path.Combine(app, "libonnxruntime.so")), "ONNX Runtime's Linux library is published beside the app");
            Assert.DoesNotContain(Directory.GetFiles(app, "*.dll", SearchOption.AllDirectories), f => Path.GetFileName(f).StartsWith("onnxruntime", StringComparison.Ordinal));

            // Every library libvips or a module needs comes from native/, but glibc's.
            var native = Path.Combine(app, "native");
            var binaries = Directory.GetFiles(native, "vips-*.so", SearchOption.AllDirectories).Append(Path.Combine(native, "libvips.so.42"));
            foreach (var binary in binaries)
            {
                var ldd = await RunAsync("ldd", [binary], [("LD_LIBRARY_PATH", native)]);
                var outside = ldd.Output.Split('\n')
                    .Select(line => line.Split("=>", 2))
                    .Where(parts => parts.Length == 2 && parts[1].Trim().StartsWith('/'))
                    .Select(parts => parts[1].Trim().Split(' ')[0])
                    .Where(path => !path.StartsWith(native + "/", StringComparison.Ordinal)
                        && !System.Text.RegularExpressions.Regex.IsMatch(Path.GetFileName(path), @"^(libc|libm|libresolv|libdl|libpthread|librt)\.so"))
                    .ToList();
                Assert.True(outside.Count == 0, $"{binary} loads {string.Join(", ", outside)} from outside the package");
            }

            using var folder = new PhotoFolder();
            TestImages.SaveScene(folder.PathOf("one.jpg"), 640, 480, 1);
            TestImages.SaveScene(folder.PathOf("two.heic"), 500, 700, 2);
            await using var database = await TestDatabase.CreateAsync("package", Storage.Catalog.CatalogSchema.Scripts);
            // Lumina's own code from the package, with the loader settings main.bicep gives the app.
            var analyze = await RunAsync("dotnet", [.. Exec(app), "analyze", folder.Root, "--catalog", "packaged"],
            [
                ("LD_LIBRARY_PATH", native), ("VIPSHOME", Path.Combine(native, "vips")), ("LUMINA_POSTGRES", database.ConnectionString),
                ("LUMINA_HOME", Path.Combine(work, "home")), ("LD_DEBUG", "files"),
            ]);

            Assert.True(analyze.ExitCode == 0, analyze.Output[^Math.Min(4000, analyze.Output.Length)..]);
            Assert.Contains("Catalog 'packaged': 2 photos found, 0 unchanged, 2 analyzed, 0 failed", analyze.Output);
            Assert.Contains($"calling init: {native}/libvips.so.42", analyze.Output);
            Assert.Contains($"{native}/vips/", analyze.Output);

            var model = Path.Combine(work, "vision.onnx");
            await File.WriteAllBytesAsync(model, Testing.OnnxModels.TinyClip.VisionModel(), Ct);
            var clip = await RunAsync("dotnet", [.. Exec(app), "bench", "clip", "--model", model, "--images", "2", "--embeddings", "10", "--queries", "1"],
                [("LD_LIBRARY_PATH", native), ("LUMINA_HOME", Path.Combine(work, "home")), ("LD_DEBUG", "files")]);

            Assert.True(clip.ExitCode == 0, clip.Output[^Math.Min(4000, clip.Output.Length)..]);
            Assert.Contains("\"onnxruntime_version\": \"1.32.0\"", clip.Output);
            Assert.Contains($"calling init: {app}/libonnxruntime.so", clip.Output);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Lumina's CLI from the package, on the package's assemblies (the app's runtimeconfig and deps).</summary>
    private static string[] Exec(string app) =>
        ["exec", "--runtimeconfig", Path.Combine(app, "Lumina.AzureFunctions.runtimeconfig.json"), "--depsfile", Path.Combine(app, "Lumina.AzureFunctions.deps.json"),
         Path.Combine(app, "lumina.dll")];

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, string[] args, (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(Ct);
        var stderr = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        return (process.ExitCode, await stdout + await stderr);
    }
}
