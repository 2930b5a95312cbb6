using System.CommandLine;
using System.Text;
using Actors.Configuration;
using Actors.Configuration.Hocon;
using Actors.Store.Cluster;
using Actors.Store.Configuration;
using Actors.Store.Hosting;
using Microsoft.Extensions.Configuration;

namespace Actors.Host.Cli;

/// <summary>
/// <c>config [path] [--json] [--origins]</c>: prints the configuration exactly as the host would run with it: every
/// layer (-D &gt; environment &gt; --config file &gt; reference.conf) resolved, the <c>akka</c> section included, and
/// under it the <c>akka</c> settings the store derives from <c>store.*</c> (its journal and snapshot plugins and its
/// serializer), which the actor system gets as fallbacks. Akka.NET's own defaults, under all of these, are not printed.
/// </summary>
internal static class ConfigCommand
{
    /// <summary>The origin of the settings the store derives (see <see cref="StoreActorSystem.StoreConfiguration"/>).</summary>
    internal const string StoreOrigin = "the store (derived from store.*)";

    public static Command Create(TextWriter output, TextWriter error)
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

        var command = new Command(
            "config",
            "Print the resolved configuration, akka.* included (Akka.NET defaults < the store's derived akka settings < reference.conf < --config file < environment < -D); Akka.NET's own defaults are not printed.")
        {
            path,
            json,
            origins,
        };
        command.SetAction(parse =>
        {
            var config = WithStoreAkkaSettings(CommonOptions.LoadHocon(parse), error);
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

    /// <summary>
    /// <paramref name="config"/> over the <c>akka</c> settings its store would add to the actor system: what the host's
    /// actor system runs with, but for Akka.NET's own defaults. A clustered host runs the previous runtime's store, which
    /// adds none; settings the store cannot read leave the rest printable (with a note on <paramref name="error"/>).
    /// </summary>
    internal static HoconConfig WithStoreAkkaSettings(HoconConfig config, TextWriter error)
    {
        StoreSettings settings;
        try
        {
            var configuration = new ConfigurationBuilder().AddHoconConfig(config).Build();
            if (ClusterSettings.FromConfiguration(configuration).Enabled)
            {
                return config;
            }

            settings = StoreSettings.FromConfiguration(configuration);
        }
        catch (InvalidConfigurationException invalid)
        {
            error.WriteLine($"note: the store's derived akka settings are left out: {invalid.Message}");
            return config;
        }

        var derived = HoconConfig.Load([HoconSource.FromString(StoreActorSystem.StoreConfiguration(settings), StoreOrigin)], HoconOptions.NoEnvironment);
        return config.WithFallback(derived);
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
