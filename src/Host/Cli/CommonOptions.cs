using System.CommandLine;
using Actors.Configuration;
using Actors.Configuration.Hocon;
using Microsoft.Extensions.Configuration;

namespace Actors.Host.Cli;

/// <summary>The options every command takes: where the configuration comes from.</summary>
internal static class CommonOptions
{
    public static readonly Option<FileInfo?> Config = new("--config", "-c")
    {
        Description = "A HOCON file with the settings to change; everything else comes from reference.conf (default: none).",
        Recursive = true,
    };

    public static readonly Option<string[]> Define = new("--define", "-D")
    {
        Description = "Override one setting, e.g. -D store.shards=16 (repeatable; wins over the file and environment variables).",
        Recursive = true,
        AllowMultipleArgumentsPerToken = false,
    };

    static CommonOptions()
    {
        Define.Validators.Add(result =>
        {
            foreach (var item in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (item.IndexOf('=', StringComparison.Ordinal) <= 0)
                {
                    result.AddError($"-D {item}: expected key=value, e.g. -D store.shards=16.");
                }
            }
        });
    }

    /// <summary>The HOCON layers this invocation runs with (reference, file, environment, -D), resolved.</summary>
    public static HoconConfig LoadHocon(ParseResult parse) =>
        ActorsConfiguration.LoadHocon(parse.GetValue(Config)?.FullName, parse.GetValue(Define));

    /// <summary>The same, as <see cref="IConfiguration"/>.</summary>
    public static IConfigurationRoot LoadConfiguration(ParseResult parse) =>
        new ConfigurationBuilder().AddHoconConfig(LoadHocon(parse)).Build();
}
