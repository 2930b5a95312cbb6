namespace Actors.Host.Resp.Transactions;

/// <summary>A transaction whose keys changed under it on every attempt (store.resp.max-transaction-attempts).</summary>
public sealed class TransactionContentionException(int attempts)
    : Exception($"the transaction's keys changed between its reads and its write {attempts} times in a row (store.resp.max-transaction-attempts); nothing was applied, retry later");
