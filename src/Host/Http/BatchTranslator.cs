using System.Text;
using Actors.Configuration.Hocon;
using Actors.Host.Http.Problems;
using Actors.Store;

namespace Actors.Host.Http;

/// <summary>
/// Turns a batch's JSON into store operations, checking each: a known <c>op</c>, a key, exactly the members that op
/// takes. A mistake is a 400 that names the operation's index and what is accepted.
/// </summary>
internal static class BatchTranslator
{
    public static IReadOnlyList<BatchOperation> Translate(BatchRequest request, int maxOperations)
    {
        if (request.Operations is not { Count: > 0 } operations)
        {
            throw HttpProblemException.BadBody("A batch needs \"operations\": a non-empty array of {\"op\": \"set\" | \"delete\" | \"increment\" | \"check\", \"key\": ..., ...}.");
        }

        if (operations.Count > maxOperations)
        {
            throw HttpProblemException.BadBody($"The batch has {operations.Count:N0} operations; the limit is {maxOperations:N0} (host.limits.max-batch-operations).");
        }

        var result = new BatchOperation[operations.Count];
        for (var i = 0; i < operations.Count; i++)
        {
            result[i] = One(operations[i] ?? throw Bad(i, "is null"), i);
        }

        return result;
    }

    public static string NameOf(BatchOperation operation) => operation switch
    {
        BatchOperation.Set => "set",
        BatchOperation.Delete => "delete",
        BatchOperation.Increment => "increment",
        _ => "check",
    };

    public static long? ExpectedVersionOf(BatchOperation operation) => operation switch
    {
        BatchOperation.Set set => set.Options?.ExpectedVersion,
        BatchOperation.Delete delete => delete.ExpectedVersion,
        BatchOperation.Check check => check.ExpectedVersion,
        _ => null,
    };

    private static BatchOperation One(BatchOperationRequest op, int index)
    {
        var key = op.Key ?? throw Bad(index, "has no \"key\"");
        switch (op.Op)
        {
            case "set":
                Only(op, index, "set", value: true, ifVersion: true, ttl: true, contentType: true);
                return new BatchOperation.Set(key, ValueOf(op, index), new SetOptions
                {
                    ExpectedVersion = op.IfVersion,
                    Ttl = op.Ttl is null ? null : TtlOf(op.Ttl, index),
                    ContentType = op.ContentType,
                });
            case "delete":
                Only(op, index, "delete", ifVersion: true);
                return new BatchOperation.Delete(key, op.IfVersion);
            case "increment":
                Only(op, index, "increment", by: true);
                return new BatchOperation.Increment(key, op.By ?? 1);
            case "check":
                Only(op, index, "check", version: true);
                return new BatchOperation.Check(key, op.Version ?? throw Bad(index, "(check) has no \"version\"; 0 means the key must not exist"));
            case null:
                throw Bad(index, "has no \"op\"; expected set, delete, increment or check");
            default:
                throw Bad(index, $"has op \"{op.Op}\"; expected set, delete, increment or check");
        }
    }

    private static byte[] ValueOf(BatchOperationRequest op, int index)
    {
        if ((op.Value is null) == (op.ValueBase64 is null))
        {
            throw Bad(index, "(set) needs exactly one of \"value\" (UTF-8 text) and \"valueBase64\" (bytes)");
        }

        if (op.Value is not null)
        {
            return Encoding.UTF8.GetBytes(op.Value);
        }

        try
        {
            return Convert.FromBase64String(op.ValueBase64!);
        }
        catch (FormatException)
        {
            throw Bad(index, "(set) has a \"valueBase64\" that is not base64");
        }
    }

    private static TimeSpan TtlOf(string text, int index) =>
        text.Length > 0 && !char.IsAsciiDigit(text[^1]) && HoconDuration.TryParse(text, out var ttl) && ttl > TimeSpan.Zero
            ? ttl
            : throw Bad(index, $"has ttl \"{text}\"; expected a positive duration with a unit, such as 30s, 500ms, 5m or 1h");

    private static void Only(BatchOperationRequest op, int index, string name, bool value = false, bool ifVersion = false, bool ttl = false, bool contentType = false, bool by = false, bool version = false)
    {
        var extra = new List<string>();
        if (!value && (op.Value is not null || op.ValueBase64 is not null))
        {
            extra.Add(op.Value is not null ? "value" : "valueBase64");
        }

        if (!ifVersion && op.IfVersion is not null)
        {
            extra.Add("ifVersion");
        }

        if (!ttl && op.Ttl is not null)
        {
            extra.Add("ttl");
        }

        if (!contentType && op.ContentType is not null)
        {
            extra.Add("contentType");
        }

        if (!by && op.By is not null)
        {
            extra.Add("by");
        }

        if (!version && op.Version is not null)
        {
            extra.Add("version");
        }

        if (extra.Count > 0)
        {
            throw Bad(index, $"({name}) has {string.Join(", ", extra.Select(e => $"\"{e}\""))}, which {name} does not take");
        }
    }

    private static HttpProblemException Bad(int index, string what) => HttpProblemException.BadBody($"operations[{index}] {what}.");
}
