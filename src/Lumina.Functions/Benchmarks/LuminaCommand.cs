namespace Lumina.Functions.Benchmarks;

/// <summary>How to start the Lumina CLI as a child process: a program, the arguments before the command's own, and variables to set.</summary>
public sealed record LuminaCommand(string FileName, IReadOnlyList<string> Prefix, IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>
    /// The command that started this process: the <c>./lumina</c> launcher when it did (it names itself in
    /// LUMINA_LAUNCHER, so its checks count as the user's command), else this executable and its entry assembly.
    /// Children inherit this process's environment, so they use the same database and LUMINA_HOME.
    /// </summary>
    public static LuminaCommand OfThisProcess()
    {
        if (System.Environment.GetEnvironmentVariable("LUMINA_LAUNCHER") is { Length: > 0 } launcher && File.Exists(launcher))
        {
            return new LuminaCommand(launcher, [], new Dictionary<string, string>());
        }

        var host = System.Environment.ProcessPath ?? "dotnet";
        var viaDotnet = Path.GetFileNameWithoutExtension(host) == "dotnet";
        var assembly = System.Reflection.Assembly.GetEntryAssembly()?.Location ?? Path.Combine(AppContext.BaseDirectory, "lumina.dll");
        return new LuminaCommand(host, viaDotnet ? [assembly] : [], new Dictionary<string, string>());
    }
}
