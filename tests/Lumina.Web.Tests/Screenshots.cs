using Microsoft.Playwright;

namespace Lumina.Web.Tests;

public static class Screenshots
{
    /// <summary>Saves the whole page as screenshots/<paramref name="name"/>.png, for a person to look at.</summary>
    public static async Task SaveAsync(this IPage page, string name)
    {
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        // From the top: a full-page shot of a scrolled page draws the sticky header where the scroll left it.
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.ScreenshotFolder, name + ".png"), FullPage = true });
    }
}
