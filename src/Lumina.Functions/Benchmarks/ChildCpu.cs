using System.Globalization;

namespace Lumina.Functions.Benchmarks;

/// <summary>
/// CPU time of this process's children that have ended and been waited for (the kernel's rusage of children, as
/// /proc/self/stat reports it: user and system clock ticks at USER_HZ, 100 on Linux). Read before and after a
/// side runs, it is that side's child processes' CPU.
/// </summary>
public static class ChildCpu
{
    private const double TicksPerSecond = 100;

    public static TimeSpan Total()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        // The fields after the command name (in parentheses, which may hold spaces): state is field 3; cutime and cstime are 16 and 17.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }
}
