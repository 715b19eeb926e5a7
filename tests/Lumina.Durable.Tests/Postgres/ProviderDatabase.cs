using Lumina.Durable.Postgres;
using Lumina.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Lumina.Durable.Tests.Postgres;

/// <summary>A database of its own for a test class, with the provider's schema; each test takes a task hub of its own in it.</summary>
public sealed class ProviderDatabase : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        ConnectionString = await TestPostgres.CreateDatabaseAsync("durabletaskprovider");
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        await PostgresTaskHubSchema.MigrateAsync(dataSource, NullLoggerFactory.Instance, CancellationToken.None);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>A task hub name no other test uses.</summary>
    public static string NewTaskHub() => $"hub-{Guid.NewGuid():N}";
}
