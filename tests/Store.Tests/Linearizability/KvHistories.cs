using Actors.Store.Linearizability;

namespace Actors.Store.Tests.Linearizability;

/// <summary>Shorthands for writing key-value histories by hand.</summary>
internal static class KvHistories
{
    public static Operation<KvInput, KvOutput> Op(int client, long call, long ret, KvInput input, KvOutput output) =>
        Operation.Completed(client, input, call, output, ret);

    public static Operation<KvInput, KvOutput> Info(int client, long call, KvInput input) =>
        Operation.Unknown<KvInput, KvOutput>(client, input, call);

    public static LinearizabilityResult Check(params Operation<KvInput, KvOutput>[] history) =>
        LinearizabilityChecker.Check(KvModel.Instance, history, TimeSpan.FromSeconds(30));
}
