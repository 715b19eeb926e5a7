namespace Lumina.Functions.Tests;

/// <summary>One web host for a test class whose tests only ask questions it answers the same way each time.</summary>
public sealed class SharedWebHost : IAsyncLifetime
{
    private WebTestHost? _host;

    public WebTestHost Host => _host ?? throw new InvalidOperationException("the shared host has not started");

    public async ValueTask InitializeAsync() => _host = await WebTestHost.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
