using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Lumina.Postgres;

/// <summary>
/// When Lumina runs as root, the PostgreSQL server runs as the 'postgres' system user: it must own the
/// cluster folder and be able to traverse every parent folder.
/// </summary>
internal static class ServerUser
{
    public const string Name = "postgres";

    public static void PrepareDirectory(string directory, ILogger logger)
    {
        for (var dir = Path.GetDirectoryName(directory); !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
        {
            var mode = File.GetUnixFileMode(dir);
            if (!mode.HasFlag(UnixFileMode.OtherExecute))
            {
                logger.LogInformation("letting the postgres user traverse {Directory} (adding o+x, no read access)", dir);
                File.SetUnixFileMode(dir, mode | UnixFileMode.OtherExecute);
            }
        }

        GiveOwnership(directory);
    }

    public static void GiveOwnership(string path)
    {
        using var chown = Process.Start("chown", ["-R", $"{Name}:", path])
            ?? throw new PostgresSetupException("could not run chown");
        chown.WaitForExit();
        if (chown.ExitCode != 0)
        {
            throw new PostgresSetupException(
                $"could not give {path} to the '{Name}' user (does it exist? install the Debian package 'postgresql')");
        }
    }
}
