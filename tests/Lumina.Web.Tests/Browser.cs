using Microsoft.Playwright;

namespace Lumina.Web.Tests;

/// <summary>
/// Debian's Chromium (/usr/bin/chromium, installed by infra/local/install-deps.sh test) driven by Playwright: one
/// browser per test class, which Playwright starts with a fresh, empty user-data-dir of its own; each test opens its
/// own context. Playwright's own browser download cannot run on the build machine, so it is never used.
/// </summary>
public sealed class Browser : IAsyncLifetime
{
    public const string Executable = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>Where each test's screenshots go: screenshots/ in the test project's output folder.</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is missing: run infra/local/install-deps.sh test (Debian packages chromium and chromium-driver)");
        }

        Directory.CreateDirectory(ScreenshotFolder);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            // Without the background-networking flags Chromium keeps dialling Google's hosts, which this machine's closed network refuses.
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
    }

    /// <summary>A new page in a context of its own (no cookies or storage from other tests), laptop-sized unless told otherwise.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 860, bool phone = false)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            IsMobile = phone,
            HasTouch = phone,
            DeviceScaleFactor = phone ? 2 : 1,
        });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        // What the page's scripts report goes to the test's output, so a failing test says what the page saw.
        page.Console += (_, message) => TestContext.Current.TestOutputHelper?.WriteLine($"browser {message.Type}: {message.Text}");
        page.PageError += (_, error) => TestContext.Current.TestOutputHelper?.WriteLine($"browser page error: {error}");
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}
