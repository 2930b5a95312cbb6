using System.CommandLine;
using System.Text;
using Actors.Configuration.Hocon;

namespace Actors.Host.Cli;

/// <summary><c>config [path] [--json] [--origins]</c>: prints the configuration exactly as the host would run with it.</summary>
internal static class ConfigCommand
{
    public static Command Create(TextWriter output)
    {
        var path = new Argument<string?>("path")
        {
            Description = "Print only this subtree, e.g. actors.mailboxes (default: everything).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of HOCON (default: HOCON)." };
        var origins = new Option<bool>("--origins")
        {
            Description = "Print each setting on its own line with where its value came from: file and line, environment variables or -D overrides.",
        };

        var command = new Command("config", "Print the resolved configuration (reference.conf < --config file < environment < -D).")
        {
            path,
            json,
            origins,
        };
        command.SetAction(parse =>
        {
            var config = CommonOptions.LoadHocon(parse);
            var subtree = parse.GetValue(path);
            if (subtree is not null && !config.TryGetValue(subtree, out _))
            {
                throw new UsageException($"There is no setting '{subtree}'. Top-level sections: {string.Join(", ", config.Root.Keys)}.");
            }

            output.WriteLine(
                parse.GetValue(origins) ? WithOrigins(subtree is null ? config.Root : config.GetValue(subtree), subtree)
                : parse.GetValue(json) ? config.ToJson(subtree)
                : config.ToHocon(subtree));
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>One line per setting: <c>path = value  # origin</c>.</summary>
    internal static string WithOrigins(HoconValue value, string? prefix)
    {
        var text = new StringBuilder();
        Append(text, value, prefix);
        return text.ToString().TrimEnd();
    }

    private static void Append(StringBuilder text, HoconValue value, string? path)
    {
        if (value is HoconObject obj && obj.Count > 0)
        {
            foreach (var (key, child) in obj)
            {
                Append(text, child, path is null ? new HoconPath([key]).ToString() : $"{path}.{new HoconPath([key]).ToString()}");
            }

            return;
        }

        text.Append(path).Append(" = ").Append(HoconRenderer.ToHocon(value).ReplaceLineEndings(" ").Trim())
            .Append("  # ").Append(value.Origin.Source);
        if (value.Origin.Line > 0)
        {
            text.Append(':').Append(value.Origin.Line);
        }

        text.AppendLine();
    }
}
