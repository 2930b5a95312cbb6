using System.CommandLine;
using System.Net.Http.Json;
using Actors.Host.Cluster;
using Actors.Host.Hosting;
using Actors.Store.Sharding;

namespace Actors.Host.Cli;

/// <summary>
/// <c>cluster locate &lt;key&gt;</c>: which shard a key belongs to and which member owns it now (Redis' CLUSTER KEYSLOT
/// and the owner together), from a running host's <c>/v1/cluster</c>.
/// </summary>
internal static class ClusterLocateCommand
{
    public static Command Create(TextWriter output)
    {
        var key = new Argument<string>("key") { Description = "The key to locate." };
        var target = new Option<string>("--target")
        {
            Description = "Base URL of any host of the cluster (default: http://127.0.0.1:5080).",
            DefaultValueFactory = _ => "http://127.0.0.1:5080",
        };
        var token = new Option<string?>("--token") { Description = $"Bearer token for the host (default: the {HostSettings.TokenVariable} environment variable)." };
        var locate = new Command("locate", "Print the shard of a key and the member that owns it (one line: shard owner url epoch state).") { key, target, token };
        locate.SetAction(async (parse, cancellationToken) =>
        {
            var host = LabOptions.Usage(() => TargetUrls.Parse("--target", parse.GetValue(target))!) is [var single] ? single
                : throw new UsageException("--target takes one base URL.");
            var name = parse.GetValue(key)!;
            if (name.Length == 0)
            {
                throw new UsageException("The key must not be empty.");
            }

            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            if ((parse.GetValue(token) ?? Environment.GetEnvironmentVariable(HostSettings.TokenVariable)) is { Length: > 0 } bearer)
            {
                client.DefaultRequestHeaders.Authorization = new("Bearer", bearer);
            }

            var picture = await client.GetFromJsonAsync<ClusterPicture>(new Uri(host, "/v1/cluster"), ClusterJson.Options, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidDataException($"{host} answered /v1/cluster with nothing.");
            var shard = picture.Shards[StableHash.ShardOf(name, picture.Shards.Count)];
            var owner = picture.Members.FirstOrDefault(m => m.Name == shard.Owner);
            await output.WriteLineAsync($"{shard.Id} {shard.Owner ?? "-"} {owner?.Url ?? "-"} {shard.Epoch} {shard.State}").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return locate;
    }
}
