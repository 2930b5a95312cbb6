using System.CommandLine;
using System.Text.Json;
using Actors.Host.Cluster;
using Actors.Store.Cluster;

namespace Actors.Host.Cli;

/// <summary>
/// <c>cluster status [--json]</c>: the same picture as <c>GET /v1/cluster</c>, read from the cluster's database; and
/// <c>cluster probe</c> (<see cref="ClusterProbeCommand"/>).
/// </summary>
internal static class ClusterCommand
{
    public static Command Create(TextWriter output)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON (the body of GET /v1/cluster) instead of a table (default: table)." };
        var status = new Command("status", "Print the members, the coordinator and the shard map (needs cluster.postgres.connection-string).") { json };
        status.SetAction(async (parse, cancellationToken) =>
        {
            var settings = ClusterSettings.FromConfiguration(CommonOptions.LoadConfiguration(parse));
            if (string.IsNullOrWhiteSpace(settings.ConnectionString))
            {
                throw new UsageException("cluster status needs the cluster's database: set cluster.postgres.connection-string (e.g. -D cluster.postgres.connection-string=\"Host=…;Database=…\").");
            }

            var picture = ClusterPicture.From(await ClusterViewQuery.ReadAsync(settings, cancellationToken).ConfigureAwait(false), answeredBy: null);
            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(picture, ClusterJson.Options)).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            await output.WriteLineAsync($"coordinator: {picture.Coordinator ?? "(none)"} (term {picture.CoordinatorTerm}), view {picture.Version}").ConfigureAwait(false);
            await output.WriteLineAsync("members:").ConfigureAwait(false);
            foreach (var member in picture.Members)
            {
                await output.WriteLineAsync($"  {member.Name,-16} {member.Status,-8} {member.Shards,4} shards  {member.Url}  heartbeat {member.LastHeartbeat:O}").ConfigureAwait(false);
            }

            await output.WriteLineAsync("shards:").ConfigureAwait(false);
            foreach (var shard in picture.Shards)
            {
                var next = shard.NextOwner is null ? string.Empty : $" → {shard.NextOwner}";
                await output.WriteLineAsync($"  {shard.Id,5}  {shard.Owner ?? "(unassigned)",-16} epoch {shard.Epoch,-5} {shard.State}{next}").ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return new Command("cluster", "Inspect the cluster this host belongs to.") { status, ClusterProbeCommand.Create(output), ClusterLocateCommand.Create(output) };
    }
}
