using Actors.Host.Resp.Protocol;

namespace Actors.Host.Resp.Commands;

/// <summary>
/// SET's options: <c>NX</c> | <c>XX</c>, <c>GET</c>, and one of <c>EX seconds</c> | <c>PX milliseconds</c> |
/// <c>KEEPTTL</c>. Conflicting or repeated options are a syntax error, as in Redis.
/// </summary>
public readonly record struct SetArguments(bool OnlyIfAbsent, bool OnlyIfPresent, bool ReturnOld, bool KeepTtl, TimeSpan? Ttl)
{
    /// <summary>Whether the store's write alone decides this SET: no old value to return, no condition but "absent".</summary>
    public bool IsOneWrite => !OnlyIfPresent && !ReturnOld && !KeepTtl;

    public static bool TryParse(RespRequest request, out SetArguments arguments, out RespReply error)
    {
        arguments = default;
        error = default;
        bool nx = false, xx = false, get = false, keep = false;
        TimeSpan? ttl = null;
        for (var i = 3; i < request.Count; i++)
        {
            if (request.Is(i, "NX") && !nx && !xx)
            {
                nx = true;
            }
            else if (request.Is(i, "XX") && !nx && !xx)
            {
                xx = true;
            }
            else if (request.Is(i, "GET") && !get)
            {
                get = true;
            }
            else if (request.Is(i, "KEEPTTL") && !keep && ttl is null)
            {
                keep = true;
            }
            else if ((request.Is(i, "EX") || request.Is(i, "PX")) && !keep && ttl is null && i + 1 < request.Count)
            {
                var seconds = request.Is(i, "EX");
                if (!RespArgument.TryInteger(request[i + 1], out var amount))
                {
                    error = RespErrors.NotAnInteger;
                    return false;
                }

                if (amount <= 0 || amount > (seconds ? ExpiryArguments.MaxSeconds : ExpiryArguments.MaxMilliseconds))
                {
                    error = RespErrors.InvalidExpire("set");
                    return false;
                }

                ttl = TimeSpan.FromMilliseconds(seconds ? amount * 1000 : amount);
                i++;
            }
            else
            {
                error = RespErrors.Syntax;
                return false;
            }
        }

        arguments = new SetArguments(nx, xx, get, keep, ttl);
        return true;
    }
}
