using Actors.Configuration;
using Actors.Host.Hosting;
using Actors.Host.Resp.Server;
using Microsoft.Extensions.Configuration;

namespace Actors.Host.Tests.Resp;

public sealed class RespSettingsTests
{
    [Theory]
    [InlineData(null, 0)]
    [InlineData("off", 0)]
    [InlineData("0", 0)]
    [InlineData("auto", RespSettings.AutoPort)]
    [InlineData("6380", 6380)]
    public void The_port_is_off_by_default_auto_or_a_number(string? port, int expected)
    {
        Assert.Equal(expected, Read(("store:resp:port", port)).Port);
    }

    [Theory]
    [InlineData("70000")]
    [InlineData("-3")]
    [InlineData("redis")]
    public void A_bad_port_is_refused_naming_the_setting(string port)
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => Read(("store:resp:port", port)));
        Assert.Contains("store.resp.port", error.Message);
    }

    [Fact]
    public void Listening_beyond_loopback_needs_the_hosts_permission()
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => Read(("store:resp:port", "6380"), ("store:resp:bind", "0.0.0.0")));
        Assert.Contains("allow-non-loopback", error.Message);
        Assert.Equal("0.0.0.0", Read(("store:resp:port", "6380"), ("store:resp:bind", "0.0.0.0"), ("host:allow-non-loopback", "on")).Bind);
    }

    [Fact]
    public void Limits_are_read_and_checked_against_each_other()
    {
        var settings = Read(("store:resp:max-bulk-bytes", "4MiB"), ("store:resp:max-command-bytes", "16MiB"), ("store:resp:flushdb-enabled", "on"));
        Assert.Equal(4 * 1024 * 1024, settings.Limits.MaxBulkBytes);
        Assert.True(settings.FlushDbEnabled);
        Assert.Throws<InvalidConfigurationException>(() => Read(("store:resp:max-bulk-bytes", "4MiB"), ("store:resp:max-command-bytes", "1MiB")));
    }

    [Fact]
    public void The_password_is_the_hosts_bearer_token()
    {
        Assert.Equal("0123456789abcdef0123", Read(("host:auth:bearer-token", "0123456789abcdef0123")).Password);
    }

    private static RespSettings Read(params (string Key, string? Value)[] values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
        return RespSettings.FromConfiguration(configuration, HostSettings.FromConfiguration(configuration, _ => null));
    }
}
