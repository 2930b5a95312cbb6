using Actors.Host.Resp.Commands;
using Actors.Host.Resp.Protocol;

namespace Actors.Host.Resp.Transactions;

/// <summary>A key command queued between MULTI and EXEC, with its keys (already checked to share one shard).</summary>
public sealed record QueuedCommand(RespCommand Command, RespRequest Request, IReadOnlyList<string> Keys);
