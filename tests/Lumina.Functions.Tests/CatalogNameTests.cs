using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lumina.Functions.Catalogs;
using Lumina.Storage.Catalog;

namespace Lumina.Functions.Tests;

/// <summary>Catalog names that could be paths are refused; catalogs named so before the rule keep working without escaping LUMINA_HOME.</summary>
public sealed class CatalogNameTests(SharedWebHost shared) : IClassFixture<SharedWebHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("")]
    [InlineData("../../x y")]
    [InlineData("a/../../b")]
    [InlineData(".hidden")]
    [InlineData("..")]
    [InlineData("my photos")]
    [InlineData("été")]
    [InlineData("a\\b")]
    [InlineData("12345678901234567890123456789012345678901234567890123456789012345")]
    public async Task PostingACatalogWithAnInvalidNameIsRefused400NamingTheRule(string name)
    {
        using var folder = new PhotoFolder();
        var host = shared.Host;

        await HttpAssert.Error(await host.Client.PostAsync("/api/catalogs", HttpAssert.Json(new { name, folder = folder.Root }), Ct),
            HttpStatusCode.BadRequest, "catalog names are 1 to 64 characters of letters (a-z, A-Z), digits, '-', '_' or '.', not starting with '.'");
        await HttpAssert.Error(await host.Client.PostAsync("/api/catalogs", HttpAssert.Json(new { name, blob = new { connection = "UseDevelopmentStorage=true", container = "photos" } }), Ct),
            HttpStatusCode.BadRequest, "is not a valid catalog name");

        Assert.Equal(0L, await host.Database.ScalarAsync<long>("SELECT count(*) FROM lumina.catalogs WHERE name = $1", name));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("Trip_2024-06.v2")]
    [InlineData("1234567890123456789012345678901234567890123456789012345678901234")]
    public async Task ValidNamesAreTaken(string name)
    {
        using var folder = new PhotoFolder();
        var host = shared.Host;

        var created = await host.Client.PostAsync("/api/catalogs", HttpAssert.Json(new { name, folder = folder.Root }), Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(name, (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("name").GetString());
    }

    [Fact]
    public async Task ACatalogNamedBeforeTheRuleKeepsWorkingAndItsBackupsStayUnderLuminaHome()
    {
        using var folder = new PhotoFolder();
        Lumina.Testing.TestImages.SaveScene(folder.PathOf("a.jpg"), 320, 240, 1);
        await using var host = await WebTestHost.StartAsync();
        var id = Guid.CreateVersion7();
        await host.Database.ScalarAsync<object>(
            "INSERT INTO lumina.catalogs (id, name, source_kind, source, derived) VALUES ($1, '../../x y', 'folder', $2, $3)",
            id, folder.Root, Path.Combine(host.Home, "derived", id.ToString()));

        var byId = await host.Client.GetAsync($"/api/catalogs/{id}/health", Ct);
        var backup = await host.Get<CatalogBackups>().BackupAsync(await host.Get<CatalogService>().GetAsync("../../x y", Ct), "manual", null, Ct);
        var sameFolder = await host.Get<CatalogService>().EnsureFolderCatalogAsync(folder.Root, null, Ct);

        Assert.Equal(HttpStatusCode.OK, byId.StatusCode);
        Assert.Equal(Path.Combine(host.Home, "backups", id.ToString()), Path.GetDirectoryName(backup.Path));
        Assert.Equal(id, sameFolder.Id);
        Assert.Equal(1L, await host.Database.ScalarAsync<long>("SELECT count(*) FROM lumina.catalogs"));
    }

    [Fact]
    public async Task AFolderCatalogIsNamedAfterItsFolderMadeValid()
    {
        var parent = Directory.CreateTempSubdirectory("lumina-names-").FullName;
        try
        {
            var photos = Directory.CreateDirectory(Path.Combine(parent, "My Photos (Été 2024)")).FullName;
            var dots = Directory.CreateDirectory(Path.Combine(parent, "...")).FullName;
            await using var host = await WebTestHost.StartAsync();
            var catalogs = host.Get<CatalogService>();

            Assert.Equal("My-Photos-Ete-2024", (await catalogs.EnsureFolderCatalogAsync(photos, null, Ct)).Name);
            Assert.Equal("photos", (await catalogs.EnsureFolderCatalogAsync(dots, null, Ct)).Name);
            var error = await Assert.ThrowsAsync<CatalogException>(() => catalogs.EnsureFolderCatalogAsync(photos, "a/../../b", Ct));
            Assert.Contains("'a/../../b' is not a valid catalog name", error.Message);
        }
        finally
        {
            Directory.Delete(parent, recursive: true);
        }
    }

    [Fact]
    public async Task ARestoreWhoseCatalogWouldEscapeItsPlaceIsRefused()
    {
        using var folder = new PhotoFolder();
        await using var host = await WebTestHost.StartAsync();
        var catalogs = host.Get<CatalogService>();
        var backups = host.Get<CatalogBackups>();
        var catalog = await catalogs.EnsureFolderCatalogAsync(folder.Root, "trip", Ct);
        var backup = await backups.BackupAsync(catalog, "manual", null, Ct);
        await host.Database.ScalarAsync<object>("UPDATE lumina.catalogs SET derived = '/tmp/elsewhere' WHERE id = $1", catalog.Id);
        var escaped = await backups.BackupAsync(await catalogs.GetAsync("trip", Ct), "manual", null, Ct);
        await host.Database.ScalarAsync<object>("UPDATE lumina.catalogs SET derived = $1 WHERE id = $2", catalog.Derived, catalog.Id);

        var error = await Assert.ThrowsAsync<CatalogException>(() => backups.RestoreAsync("trip", escaped.Path, Ct));
        await backups.RestoreAsync("trip", backup.Path, Ct);

        Assert.Contains("its derived folder /tmp/elsewhere is not under", error.Message);
        Assert.Equal(catalog.Derived, (await catalogs.GetAsync("trip", Ct)).Derived);
    }
}
