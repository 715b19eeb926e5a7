using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Lumina.Functions.Text;

namespace Lumina.Functions.Cli;

/// <summary>Options several commands share, and options whose bad values are refused in the CLI's own words.</summary>
internal static class CliOptions
{
    public static Option<int?> Workers() =>
        WholeNumber("--workers", "Images processed at the same time (default: LUMINA_WORKERS, else the number of processors)", 1, 256);

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>; null when the option is not given.</summary>
    public static Option<int?> WholeNumber(string name, string description, int min = int.MinValue, int max = int.MaxValue) => new(name)
    {
        Description = description,
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            {
                return value;
            }

            var range = (min, max) switch
            {
                (int.MinValue, int.MaxValue) => "",
                (_, int.MaxValue) => $" of at least {min}",
                _ => $" from {min} to {max}",
            };
            result.AddError($"{name} must be a whole number{range} (got '{text}')");
            return null;
        },
    };

    /// <summary>A number (a decimal point, never a comma); null when the option is not given.</summary>
    public static Option<double?> Number(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
            {
                return value;
            }

            result.AddError($"{name} must be a number such as 0.5 (got '{text}')");
            return null;
        },
    };

    /// <summary>One of an enum's names, written in lower case (<c>--format csv</c>).</summary>
    public static Option<T> Choice<T>(string name, string description, T defaultValue) where T : struct, Enum
    {
        var names = Enum.GetNames<T>().Select(n => n.ToLowerInvariant()).ToList();
        return new Option<T>(name)
        {
            Description = description,
            HelpName = string.Join('|', names),
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
                if (names.Contains(text.ToLowerInvariant()))
                {
                    return Enum.Parse<T>(text, ignoreCase: true);
                }

                result.AddError($"{name} must be {Words.Or(names)} (got '{text}')");
                return defaultValue;
            },
        };
    }

    public static Option<bool> RetryFailed() => new("--retry-failed")
    {
        Description = "Also analyze again the files that failed three times and settled (they are otherwise left until they change)",
    };
}
