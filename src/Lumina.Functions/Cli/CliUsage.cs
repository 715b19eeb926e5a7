using System.CommandLine;
using System.CommandLine.Parsing;
using Lumina.Functions.Text;

namespace Lumina.Functions.Cli;

/// <summary>
/// A command line that does not parse, said in Lumina's words: one line per problem naming the option or command
/// as typed, the nearest command or option for a typo, and which <c>help</c> shows the right usage.
/// </summary>
internal static class CliUsage
{
    /// <summary>Prints what is wrong with <paramref name="parsed"/> to standard error; the exit code of a usage error.</summary>
    public static int Report(ParseResult parsed)
    {
        var name = Name(parsed.CommandResult.Command);
        var lines = Problems(parsed).Distinct().ToList();
        foreach (var line in lines)
        {
            Console.Error.WriteLine($"lumina: {line}");
        }

        if (!lines.All(l => l.StartsWith("unknown command", StringComparison.Ordinal) && l.Contains("did you mean", StringComparison.Ordinal)))
        {
            Console.Error.WriteLine($"lumina: `./lumina help{(name.Length > 0 ? " " + name : "")}` shows how to use it");
        }

        return 1;
    }

    /// <summary>"unknown command 'rebuld': did you mean 'rebuild'?" for a word that names none of <paramref name="parent"/>'s commands.</summary>
    public static string UnknownCommand(string word, Command parent)
    {
        var names = parent.Subcommands.Where(c => !c.Hidden).Select(c => c.Name).ToList();
        var where = parent is RootCommand ? "" : $" of '{Name(parent)}'";
        return Nearest(word, names) is { } near
            ? $"unknown command '{word}'{where}: did you mean '{near}'?"
            : $"unknown command '{word}'{where}: the commands are {Words.And(names)}";
    }

    /// <summary>The candidate a typo most likely meant: within a third of its length in edits (at least one), or the only one it begins.</summary>
    public static string? Nearest(string typed, IReadOnlyList<string> candidates)
    {
        var scored = candidates.Select(c => (Candidate: c, Distance: Distance(typed.ToLowerInvariant(), c.ToLowerInvariant()))).OrderBy(s => s.Distance).ToList();
        if (scored.FirstOrDefault() is { Candidate: not null } best && best.Distance <= Math.Max(1, typed.TrimStart('-').Length / 3))
        {
            return best.Candidate;
        }

        var prefixed = candidates.Where(c => typed.TrimStart('-').Length >= 2 && c.StartsWith(typed, StringComparison.OrdinalIgnoreCase)).ToList();
        return prefixed.Count == 1 ? prefixed[0] : null;
    }

    private static IEnumerable<string> Problems(ParseResult parsed)
    {
        var command = parsed.CommandResult.Command;
        var name = Name(command);
        var unmatched = parsed.UnmatchedTokens;
        if (unmatched.Count > 0)
        {
            var afterOption = false;
            foreach (var token in unmatched)
            {
                if (afterOption && !token.StartsWith('-'))
                {
                    // Most likely the unknown option's value.
                    afterOption = false;
                    continue;
                }

                afterOption = token.StartsWith('-');
                if (afterOption)
                {
                    var options = command.Options.Where(o => !o.Hidden).SelectMany(o => o.Aliases.Prepend(o.Name)).Where(n => n.StartsWith("--", StringComparison.Ordinal)).ToList();
                    var near = Nearest(token, options);
                    yield return $"unknown option '{token}'{(name.Length > 0 ? $" for '{name}'" : "")}" +
                        (near is not null ? $": did you mean '{near}'?" : options.Count > 0 ? $": it takes {Words.And(options)}" : ": it takes no options");
                }
                else if (command.Subcommands.Count > 0)
                {
                    // The words after an unknown command are its arguments: one line says it all.
                    yield return UnknownCommand(token, command);
                    yield break;
                }
                else
                {
                    yield return $"unexpected argument '{token}' for '{name}'";
                }
            }

            yield break;
        }

        if (command.Subcommands.Count > 0 && command.Action is null)
        {
            yield return $"'{name}' needs a command: {Words.Or(command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name).ToList())}";
            yield break;
        }

        foreach (var argument in command.Arguments.Where(a => a.Arity.MinimumNumberOfValues > 0 && (parsed.GetResult(a) is not ArgumentResult r || r.Tokens.Count == 0)))
        {
            yield return $"'{name}' needs <{argument.Name}>{(argument.Description is { } d ? $" ({d.ToLowerInvariant()})" : "")}";
        }

        foreach (var error in parsed.Errors)
        {
            var line = error.SymbolResult switch
            {
                OptionResult { IdentifierToken: null } missing => $"'{name}' needs {missing.Option.Name}{(missing.Option.Description is { } d ? $" ({d.ToLowerInvariant()})" : "")}",
                OptionResult { Tokens.Count: 0 } option when option.Option.Arity.MinimumNumberOfValues > 0 => $"{option.Option.Name} needs a value",
                OptionResult or ArgumentResult { Tokens.Count: > 0 } or ArgumentResult { Parent: OptionResult } => error.Message,
                _ => null, // the command's own problems, said above
            };
            if (line is not null)
            {
                yield return line;
            }
        }
    }

    /// <summary>"jobs list" for the command <c>lumina jobs list</c>; "" for the root.</summary>
    private static string Name(Command command)
    {
        var names = new List<string>();
        for (Symbol? at = command; at is Command c and not RootCommand; at = c.Parents.FirstOrDefault())
        {
            names.Insert(0, c.Name);
        }

        return string.Join(' ', names);
    }

    /// <summary>Edits (insertions, deletions, substitutions, swaps of neighbours) from one word to the other.</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
