using System.ComponentModel.DataAnnotations;
using Actors.Configuration.Hocon;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Actors.Tests.Configuration.Hocon;

/// <summary>The Microsoft.Extensions.Configuration provider: flattening, files, layering and options binding.</summary>
public sealed class HoconConfigurationProviderTests : IDisposable
{
    private const string Reference = """
        actors {
          ask-timeout = 5s
          retry-timeout = ${actors.ask-timeout}
          mailbox-capacity = 1000
          dispatcher { threads = 4, name = default }
          seeds = [ "a:1", "b:2" ]
          enabled = true
        }
        """;

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("hocon-provider-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public void Keys_flatten_with_colons_and_arrays_with_indexes()
    {
        var configuration = new ConfigurationBuilder()
            .AddHoconString(Reference + "\nactors.nothing = null\nactors.none = []\nactors.hollow {}", options: HoconOptions.NoEnvironment)
            .Build();

        Assert.Equal("5s", configuration["actors:ask-timeout"]);
        Assert.Equal("5s", configuration["actors:retry-timeout"]);
        Assert.Equal("4", configuration["Actors:Dispatcher:Threads"]);
        Assert.Equal("a:1", configuration["actors:seeds:0"]);
        Assert.Equal("b:2", configuration["actors:seeds:1"]);
        Assert.Equal("true", configuration["actors:enabled"]);
        Assert.Null(configuration["actors:nothing"]);
        Assert.Contains(configuration.AsEnumerable(), pair => pair.Key == "actors:nothing" && pair.Value is null);
        Assert.Contains(configuration.AsEnumerable(), pair => pair.Key == "actors:none" && pair.Value is null);
        Assert.Contains(configuration.AsEnumerable(), pair => pair.Key == "actors:hollow" && pair.Value is null);
        Assert.Equal(TimeSpan.FromSeconds(5), HoconDuration.Parse(configuration["actors:ask-timeout"]!));
    }

    [Fact]
    public void A_file_is_read_relative_to_the_base_path_with_its_includes()
    {
        Write("conf/app.conf", "include \"common.conf\"\nactors.mailbox-capacity = 10");
        Write("conf/common.conf", "actors.dispatcher.threads = 2");

        var configuration = new ConfigurationBuilder()
            .SetBasePath(_directory.FullName)
            .AddHoconFile("conf/app.conf", optional: false, reloadOnChange: false, HoconOptions.NoEnvironment)
            .Build();

        Assert.Equal("10", configuration["actors:mailbox-capacity"]);
        Assert.Equal("2", configuration["actors:dispatcher:threads"]);
    }

    [Fact]
    public void A_missing_optional_file_is_ignored_and_a_missing_required_file_is_an_error()
    {
        var builder = new ConfigurationBuilder().SetBasePath(_directory.FullName);

        Assert.Empty(builder.AddHoconFile("missing.conf", optional: true).Build().AsEnumerable());
        Assert.Throws<FileNotFoundException>(() => new ConfigurationBuilder().SetBasePath(_directory.FullName).AddHoconFile("missing.conf").Build());
    }

    [Fact]
    public void A_syntax_error_reports_the_file_line_and_column()
    {
        var path = Write("broken.conf", "actors {\n  threads = 4\n");

        var error = Assert.Throws<InvalidDataException>(() => new ConfigurationBuilder().AddHoconFile(path).Build());

        var inner = Assert.IsType<HoconParseException>(error.InnerException);
        Assert.Equal($"{path}:3:1: expected '}}' to close the object opened at 1:8 but reached end of input", inner.Message);
    }

    [Fact]
    public void A_user_file_over_a_reference_file_is_resolved_together()
    {
        Write("reference.conf", Reference);
        Write("application.conf", "actors.ask-timeout = 2s\nactors.dispatcher.threads = ${actors.mailbox-capacity}");

        var configuration = new ConfigurationBuilder()
            .SetBasePath(_directory.FullName)
            .AddHocon("application.conf", "reference.conf", options: HoconOptions.NoEnvironment)
            .Build();

        Assert.Equal("2s", configuration["actors:ask-timeout"]);
        Assert.Equal("2s", configuration["actors:retry-timeout"]);
        Assert.Equal("1000", configuration["actors:dispatcher:threads"]);
        Assert.Equal("default", configuration["actors:dispatcher:name"]);
    }

    [Fact]
    public void An_optional_missing_user_file_leaves_the_reference_values()
    {
        Write("reference.conf", Reference);

        var configuration = new ConfigurationBuilder()
            .SetBasePath(_directory.FullName)
            .AddHocon("application.conf", "reference.conf", optional: true, HoconOptions.NoEnvironment)
            .Build();

        Assert.Equal("5s", configuration["actors:ask-timeout"]);
    }

    [Fact]
    public void Later_providers_win_reference_then_application_then_environment_then_command_line()
    {
        Write("reference.conf", Reference);
        Write("application.conf", "actors.ask-timeout = 2s\nactors.mailbox-capacity = 50\nPATH = from-hocon");
        var environmentPath = Environment.GetEnvironmentVariable("PATH");
        Assert.False(string.IsNullOrEmpty(environmentPath), "the test reads PATH, which every test machine sets");

        var configuration = new ConfigurationBuilder()
            .SetBasePath(_directory.FullName)
            .AddHoconFile("reference.conf", optional: false, reloadOnChange: false, HoconOptions.NoEnvironment)
            .AddHoconFile("application.conf", optional: false, reloadOnChange: false, HoconOptions.NoEnvironment)
            .AddEnvironmentVariables()
            .AddCommandLine(["--actors:mailbox-capacity=75"])
            .Build();

        Assert.Equal("4", configuration["actors:dispatcher:threads"]);
        Assert.Equal("2s", configuration["actors:ask-timeout"]);
        Assert.Equal(environmentPath, configuration["PATH"]);
        Assert.Equal("75", configuration["actors:mailbox-capacity"]);

        // Per-file layering cannot see across files: the reference's ${actors.ask-timeout} resolved within it alone.
        Assert.Equal("5s", configuration["actors:retry-timeout"]);
    }

    [Fact]
    public void An_already_loaded_configuration_can_be_added()
    {
        var config = HoconConfig.Parse("a.b = [1, 2]", HoconOptions.NoEnvironment);
        var configuration = new ConfigurationBuilder().AddHoconConfig(config).Build();
        Assert.Equal("2", configuration["a:b:1"]);
    }

    [Fact]
    public void A_file_reloads_when_it_changes()
    {
        var path = Write("reload.conf", "value = 1");
        var configuration = new ConfigurationBuilder().AddHoconFile(path, optional: false, reloadOnChange: false).Build();
        Assert.Equal("1", configuration["value"]);

        File.WriteAllText(path, "value = 2");
        configuration.Reload();

        Assert.Equal("2", configuration["value"]);
    }

    [Fact]
    public void Options_bind_and_validate_from_hocon_with_command_line_overrides()
    {
        var configuration = new ConfigurationBuilder()
            .AddHoconString("actors.mailbox-capacity = 500", referenceText: Reference, HoconOptions.NoEnvironment)
            .AddInMemoryCollection([new("actors:dispatcher:threads", "16")]) // stands in for environment variables
            .AddCommandLine(["--actors:enabled=false"])
            .Build();

        var services = new ServiceCollection();
        services.AddOptions<ActorSettings>().Bind(configuration.GetSection("actors")).ValidateDataAnnotations();
        using var provider = services.BuildServiceProvider();

        var settings = provider.GetRequiredService<IOptions<ActorSettings>>().Value;

        Assert.Equal(500, settings.MailboxCapacity);
        Assert.Equal(TimeSpan.FromSeconds(5), HoconDuration.Parse(settings.AskTimeout));
        Assert.Equal(16, settings.Dispatcher.Threads);
        Assert.Equal("default", settings.Dispatcher.Name);
        Assert.Equal(["a:1", "b:2"], settings.Seeds);
        Assert.False(settings.Enabled);
    }

    [Fact]
    public void Options_validation_reports_bad_values_from_hocon()
    {
        var configuration = new ConfigurationBuilder()
            .AddHoconString("actors.mailbox-capacity = 0", referenceText: Reference, HoconOptions.NoEnvironment)
            .Build();
        var services = new ServiceCollection();
        services.AddOptions<ActorSettings>().Bind(configuration.GetSection("actors")).ValidateDataAnnotations();
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ActorSettings>>().Value);

        Assert.Contains("MailboxCapacity", error.Message);
    }

    [Fact]
    public void ConfigurationBinder_reads_a_section()
    {
        var configuration = new ConfigurationBuilder().AddHoconString(Reference, options: HoconOptions.NoEnvironment).Build();

        var dispatcher = configuration.GetSection("actors:dispatcher").Get<DispatcherSettings>();

        Assert.NotNull(dispatcher);
        Assert.Equal(4, dispatcher.Threads);
    }

    private string Write(string relativePath, string text)
    {
        var path = Path.Combine(_directory.FullName, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public sealed class ActorSettings
    {
        [ConfigurationKeyName("ask-timeout")]
        [Required]
        public string AskTimeout { get; set; } = "";

        [ConfigurationKeyName("mailbox-capacity")]
        [Range(1, 1_000_000)]
        public int MailboxCapacity { get; set; }

        public bool Enabled { get; set; }

        public DispatcherSettings Dispatcher { get; set; } = new();

        public List<string> Seeds { get; set; } = [];
    }

    public sealed class DispatcherSettings
    {
        public int Threads { get; set; }

        public string Name { get; set; } = "";
    }
}
