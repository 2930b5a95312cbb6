using Actors.Store.Linearizability;
using StackExchange.Redis;

namespace Actors.Bench.Peers;

/// <summary>
/// A short concurrent history over RESP, checked key by key with the lab's linearizability checker. Eight clients,
/// each on its own connection, read, write and compare-and-set a few hot keys; every written value is unique, so a
/// read tells exactly which write it saw. Compare-and-set is Redis' own idiom — WATCH, read, MULTI, SET, EXEC —
/// which behaves the same on Redis and on serve, so the same check is a control on one and a test of the other.
/// </summary>
internal static class RespLinearizability
{
    public static async Task<(bool Linearizable, string Summary)> RunAsync(string endpoint, int clients, int keys, int operationsPerClient, CancellationToken cancellationToken)
    {
        var prefix = $"linearizable:{Guid.NewGuid():N}:";
        var recorders = Enumerable.Range(0, keys).Select(_ => new HistoryRecorder<RegisterInput, RegisterOutput>()).ToArray();
        var connections = await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Connections.ConnectAsync(endpoint))).ConfigureAwait(false);
        try
        {
            await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(
                () => ClientAsync(connections[client].GetDatabase(), client, prefix, recorders, operationsPerClient, cancellationToken), cancellationToken))).ConfigureAwait(false);
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }

        var results = recorders.Select(r => LinearizabilityChecker.Check(RegisterModel.Instance, r.ToHistory(), TimeSpan.FromSeconds(60), cancellationToken)).ToArray();
        var operations = results.Sum(r => r.OperationCount);
        var linearizable = results.All(r => r.IsLinearizable);
        var summary = linearizable
            ? $"linearizable: {operations:N0} operations by {clients} clients over {keys} keys"
            : $"NOT linearizable: {string.Join("; ", results.Where(r => !r.IsLinearizable).Select(r => r.ToString()))}";
        return (linearizable, summary);
    }

    private static async Task ClientAsync(IDatabase db, int client, string prefix, HistoryRecorder<RegisterInput, RegisterOutput>[] recorders, int operations, CancellationToken cancellationToken)
    {
        var random = new Random(client * 7919);
        var lastSeen = new long?[recorders.Length];
        for (var i = 0; i < operations; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var k = random.Next(recorders.Length);
            var key = prefix + k;
            var unique = (client * 1_000_000L) + i + 1;
            var roll = random.Next(100);
            if (roll < 50)
            {
                var pending = recorders[k].Call(client, RegisterInput.Read());
                var value = await db.StringGetAsync(key).ConfigureAwait(false);
                lastSeen[k] = value.IsNull ? null : (long)value;
                pending.Complete(RegisterOutput.ReadValue(lastSeen[k]));
            }
            else if (roll < 80 || lastSeen[k] is null)
            {
                var pending = recorders[k].Call(client, RegisterInput.Write(unique));
                await db.StringSetAsync(key, unique).ConfigureAwait(false);
                pending.Complete(RegisterOutput.Written);
            }
            else
            {
                var expected = lastSeen[k]!.Value;
                var pending = recorders[k].Call(client, RegisterInput.CompareAndSet(expected, unique));
                var transaction = db.CreateTransaction();
                transaction.AddCondition(Condition.StringEqual(key, expected));
                _ = transaction.StringSetAsync(key, unique);
                pending.Complete(RegisterOutput.CompareAndSetResult(await transaction.ExecuteAsync().ConfigureAwait(false)));
            }
        }
    }
}
