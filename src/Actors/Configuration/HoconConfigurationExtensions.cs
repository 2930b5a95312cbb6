using Actors.Configuration;
using Actors.Configuration.Hocon;
using Microsoft.Extensions.FileProviders;

namespace Microsoft.Extensions.Configuration;

/// <summary>
/// Adds HOCON documents to an <see cref="IConfigurationBuilder"/>. Keys are flattened with <c>:</c>
/// (<c>actors.ask-timeout</c> is <c>actors:ask-timeout</c>), arrays as <c>key:0</c>, <c>key:1</c>, and values keep their
/// HOCON text (<c>5s</c>; read it with <see cref="HoconDuration.Parse(string)"/>).
/// </summary>
/// <remarks>
/// <para>
/// Precedence is that of Microsoft.Extensions.Configuration: a provider added later wins over the ones added before.
/// The usual order is therefore defaults first and overrides last:
/// <code>
/// builder.AddHocon("application.conf", "reference.conf")   // user file over reference, resolved together
///        .AddEnvironmentVariables()                         // ACTORS__ASK_TIMEOUT style overrides
///        .AddCommandLine(args);                             // --actors:ask-timeout=5s wins over everything
/// </code>
/// </para>
/// <para>
/// Substitutions are resolved per source. Adding <c>AddHoconFile("reference.conf")</c> then
/// <c>AddHoconFile("application.conf")</c> layers the two correctly for plain values, but a <c>${...}</c> in one file
/// cannot see the other; use <see cref="AddHocon(IConfigurationBuilder, string, string, bool, HoconOptions?)"/> to
/// merge and resolve them as one document, as Typesafe config does with reference.conf.
/// </para>
/// </remarks>
public static class HoconConfigurationExtensions
{
    /// <summary>Adds a required HOCON file, relative to the builder's base path.</summary>
    public static IConfigurationBuilder AddHoconFile(this IConfigurationBuilder builder, string path) =>
        AddHoconFile(builder, path, optional: false, reloadOnChange: false);

    /// <summary>Adds a HOCON file, relative to the builder's base path.</summary>
    public static IConfigurationBuilder AddHoconFile(this IConfigurationBuilder builder, string path, bool optional) =>
        AddHoconFile(builder, path, optional, reloadOnChange: false);

    /// <summary>Adds a HOCON file, relative to the builder's base path.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="path">The file.</param>
    /// <param name="optional">Whether a missing file is ignored.</param>
    /// <param name="reloadOnChange">Whether the configuration reloads when the file changes.</param>
    /// <param name="options">How substitutions are resolved; the process environment is the fallback by default.</param>
    public static IConfigurationBuilder AddHoconFile(
        this IConfigurationBuilder builder,
        string path,
        bool optional,
        bool reloadOnChange,
        HoconOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(path);
        return builder.AddHoconFile(source =>
        {
            source.Path = path;
            source.Optional = optional;
            source.ReloadOnChange = reloadOnChange;
            source.Options = options;
            source.ResolveFileProvider();
        });
    }

    /// <summary>Adds a HOCON file configured by a delegate.</summary>
    public static IConfigurationBuilder AddHoconFile(this IConfigurationBuilder builder, Action<HoconFileConfigurationSource>? configureSource)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(configureSource);
    }

    /// <summary>
    /// Adds a user file over a reference file, merged and resolved together: the user file wins, and substitutions
    /// in either see the merged result. Relative paths are relative to the builder's base path.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="path">The user (application) file.</param>
    /// <param name="referencePath">The reference file holding the defaults; it must exist.</param>
    /// <param name="optional">Whether a missing user file is ignored (the reference values still apply).</param>
    /// <param name="options">How substitutions are resolved.</param>
    public static IConfigurationBuilder AddHocon(
        this IConfigurationBuilder builder,
        string path,
        string referencePath,
        bool optional = false,
        HoconOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(referencePath);
        var source = new HoconConfigurationSource { Options = options };
        source.Sources.Add(HoconSource.FromFile(Locate(builder, path), optional));
        source.Sources.Add(HoconSource.FromFile(Locate(builder, referencePath)));
        return builder.Add(source);
    }

    /// <summary>Adds HOCON text, optionally over reference text, resolved together.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="text">The HOCON text.</param>
    /// <param name="referenceText">Defaults that <paramref name="text"/> overrides; null for none.</param>
    /// <param name="options">How substitutions are resolved.</param>
    public static IConfigurationBuilder AddHoconString(
        this IConfigurationBuilder builder,
        string text,
        string? referenceText = null,
        HoconOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(text);
        var source = new HoconConfigurationSource { Options = options };
        source.Sources.Add(HoconSource.FromString(text));
        if (referenceText is not null)
        {
            source.Sources.Add(HoconSource.FromString(referenceText, "<reference>"));
        }

        return builder.Add(source);
    }

    /// <summary>Adds an already loaded configuration.</summary>
    public static IConfigurationBuilder AddHoconConfig(this IConfigurationBuilder builder, HoconConfig config)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(config);
        return builder.Add(new HoconConfigurationSource { Config = config });
    }

    private static string Locate(IConfigurationBuilder builder, string path)
    {
        if (Path.IsPathRooted(path))
        {
            return path;
        }

        // The same base path SetBasePath gives the file sources; the application directory otherwise.
        return builder.GetFileProvider() is PhysicalFileProvider physical
            ? Path.Combine(physical.Root, path)
            : Path.Combine(AppContext.BaseDirectory, path);
    }
}
