using Actors.Configuration;
using Actors.Store.Cluster;

namespace Actors.Store.Tests.Cluster;

public sealed class ClusterSettingsTests
{
    [Fact]
    public void Reference_defaults_leave_clustering_off()
    {
        ClusterSettings settings = ClusterSettings.FromConfiguration(ActorsConfiguration.FromHocon(string.Empty));

        Assert.False(settings.Enabled);
        Assert.Equal(new ClusterSettings(), settings);
    }

    [Fact]
    public void Every_setting_is_read_and_the_connection_string_defaults_to_the_journals()
    {
        ClusterSettings settings = ClusterSettings.FromConfiguration(ActorsConfiguration.FromHocon("""
            store.postgresql.connection-string = "Host=db;Username=store"
            cluster {
              enabled = on
              node-name = node-1
              advertised-url = "http://10.0.0.5:5080"
              postgres.schema = my_cluster
              heartbeat-interval = 500ms
              failure-timeout = 3s
              view-refresh-interval = 10s
              join-timeout = 1m
              down-member-retention = 1h
              rebalance { interval = 250ms, max-moves-per-round = 8, hand-off-timeout = 20s }
            }
            """));

        Assert.Equal(
            new ClusterSettings
            {
                Enabled = true,
                NodeName = "node-1",
                AdvertisedUrl = "http://10.0.0.5:5080",
                ConnectionString = "Host=db;Username=store",
                Schema = "my_cluster",
                HeartbeatInterval = TimeSpan.FromMilliseconds(500),
                FailureTimeout = TimeSpan.FromSeconds(3),
                ViewRefreshInterval = TimeSpan.FromSeconds(10),
                JoinTimeout = TimeSpan.FromMinutes(1),
                DownMemberRetention = TimeSpan.FromHours(1),
                RebalanceInterval = TimeSpan.FromMilliseconds(250),
                MaxMovesPerRound = 8,
                HandOffTimeout = TimeSpan.FromSeconds(20),
            },
            settings);
        Assert.Equal(new Actors.Persistence.PostgreSql.PostgreSqlFenceTable("my_cluster", "shards", "shard_id", "epoch"), settings.JournalFenceTable);
    }

    [Theory]
    [InlineData("node-name = \"\"", "cluster.node-name")]
    [InlineData("node-name = \"has space\"", "cluster.node-name")]
    [InlineData("advertised-url = \"10.0.0.5:5080\"", "cluster.advertised-url")]
    [InlineData("advertised-url = \"ftp://x\"", "cluster.advertised-url")]
    [InlineData("postgres.connection-string = \"\"", "cluster.postgres.connection-string")]
    [InlineData("postgres.connection-string = \"NoSuchKeyword=1\"", "cluster.postgres.connection-string")]
    [InlineData("postgres.schema = \"bad;name\"", "cluster.postgres.schema")]
    [InlineData("postgres.schema = a_schema_name_that_is_much_too_long_for_the_channel_x", "cluster.postgres.schema")]
    [InlineData("heartbeat-interval = 0s", "cluster.heartbeat-interval")]
    [InlineData("heartbeat-interval = soon", "cluster.heartbeat-interval")]
    [InlineData("failure-timeout = 1500ms", "cluster.failure-timeout")]
    [InlineData("rebalance.interval = 3s", "cluster.rebalance.interval")]
    [InlineData("rebalance.max-moves-per-round = 0", "cluster.rebalance.max-moves-per-round")]
    [InlineData("rebalance.hand-off-timeout = 0s", "cluster.rebalance.hand-off-timeout")]
    [InlineData("join-timeout = 0s", "cluster.join-timeout")]
    [InlineData("view-refresh-interval = 0s", "cluster.view-refresh-interval")]
    [InlineData("enabled = maybe", "cluster.enabled")]
    public void A_bad_setting_fails_with_its_name(string setting, string path)
    {
        string hocon = $$"""
            cluster {
              enabled = on
              node-name = node-1
              advertised-url = "http://10.0.0.5:5080"
              postgres.connection-string = "Host=db"
              heartbeat-interval = 1s
              failure-timeout = 5s
              {{setting}}
            }
            """;

        InvalidConfigurationException e = Assert.Throws<InvalidConfigurationException>(() => ClusterSettings.FromConfiguration(ActorsConfiguration.FromHocon(hocon)));

        Assert.Equal(path, e.Path);
    }

    [Fact]
    public void Required_settings_are_not_checked_while_clustering_is_off()
    {
        ClusterSettings settings = ClusterSettings.FromConfiguration(ActorsConfiguration.FromHocon("cluster.node-name = \"\""));

        Assert.False(settings.Enabled);
    }
}
