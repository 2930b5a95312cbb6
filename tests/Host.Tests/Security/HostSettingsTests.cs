using Actors.Configuration;
using Actors.Host.Hosting;

namespace Actors.Host.Tests.Security;

/// <summary>The host section: defaults, loopback guard, token sources and validation.</summary>
public sealed class HostSettingsTests
{
    private static HostSettings Read(string hocon, string? tokenVariable = null) =>
        HostSettings.FromConfiguration(ActorsConfiguration.FromHocon(hocon), name => name == HostSettings.TokenVariable ? tokenVariable : null);

    [Fact]
    public void Defaults_listen_on_loopback_5080_without_authentication()
    {
        var settings = Read(string.Empty);
        Assert.Equal(["http://127.0.0.1:5080"], settings.Urls);
        Assert.False(settings.AllowNonLoopback);
        Assert.False(settings.AuthenticationEnabled);
        Assert.Equal(2 * 1024 * 1024, settings.MaxRequestBodyBytes);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.ShutdownTimeout);
        Assert.Equal(Path.Combine(".", "data", "reports"), settings.ReportsDirectory.Replace('/', Path.DirectorySeparatorChar));
    }

    [Fact]
    public void The_reports_directory_follows_the_data_directory()
    {
        Assert.Equal("/srv/store/reports", Read("store.data-dir = /srv/store").ReportsDirectory);
    }

    [Theory]
    [InlineData("http://0.0.0.0:5080")]
    [InlineData("http://*:5080")]
    [InlineData("http://+:5080")]
    [InlineData("http://192.168.1.10:5080")]
    [InlineData("http://example.com:5080")]
    [InlineData("http://127.0.0.1:5080;http://[::]:5080")]
    public void Non_loopback_addresses_are_refused_unless_allowed(string urls)
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => Read($"host.urls = \"{urls}\""));
        Assert.Equal("host.allow-non-loopback", error.Path);
        Assert.Contains("loopback", error.Message);
        Assert.Equal(urls.Split(';'), Read($"host.urls = \"{urls}\"\nhost.allow-non-loopback = on").Urls);
    }

    [Theory]
    [InlineData("http://localhost:5080")]
    [InlineData("http://127.0.0.2:1")]
    [InlineData("http://[::1]:5080")]
    public void Loopback_addresses_are_accepted(string url) => Assert.Equal([url], Read($"host.urls = \"{url}\"").Urls);

    [Theory]
    [InlineData("nonsense")]
    [InlineData("ftp://127.0.0.1:21")]
    [InlineData("http://127.0.0.1:5080/path")]
    public void Malformed_listen_addresses_are_refused(string url)
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => Read($"host.urls = \"{url}\""));
        Assert.Equal("host.urls", error.Path);
    }

    [Fact]
    public void The_token_comes_from_configuration_or_else_the_environment_variable()
    {
        Assert.Equal("from-configuration-123", Read("host.auth.bearer-token = from-configuration-123", "from-environment-4567").BearerToken);
        Assert.Equal("from-environment-4567", Read(string.Empty, "from-environment-4567").BearerToken);
        Assert.True(Read(string.Empty, "from-environment-4567").AuthenticationEnabled);
    }

    [Fact]
    public void A_short_token_is_refused()
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => Read("host.auth.bearer-token = short"));
        Assert.Contains("16", error.Message);
    }

    [Theory]
    [InlineData("host.limits.max-request-body-bytes = lots", "host.limits.max-request-body-bytes")]
    [InlineData("host.shutdown-timeout = forever", "host.shutdown-timeout")]
    [InlineData("host.dashboard.refresh = 10ms", "host.dashboard.refresh")]
    [InlineData("host.allow-non-loopback = maybe", "host.allow-non-loopback")]
    public void Malformed_values_name_the_setting(string hocon, string path)
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => Read(hocon));
        Assert.Equal(path, error.Path);
    }
}
