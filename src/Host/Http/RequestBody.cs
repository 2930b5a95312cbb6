using Actors.Host.Http.Problems;
using Actors.Store;

namespace Actors.Host.Http;

/// <summary>Reads request bodies whole, never past a limit — so an oversize body is refused, not buffered.</summary>
internal static class RequestBody
{
    /// <summary>Reads a value for the store: at most <paramref name="maxValueBytes"/>, else <see cref="ValueTooLargeException"/>.</summary>
    public static Task<byte[]> ReadValueAsync(HttpRequest request, int maxValueBytes) =>
        ReadAsync(request, maxValueBytes, length => new ValueTooLargeException(length, maxValueBytes));

    /// <summary>Reads a body of at most <paramref name="maxBytes"/>, else 413.</summary>
    public static Task<byte[]> ReadAsync(HttpRequest request, long maxBytes) =>
        ReadAsync(request, maxBytes, _ => new HttpProblemException(
            StatusCodes.Status413PayloadTooLarge,
            "The request body is too large",
            $"The request body exceeds host.limits.max-request-body-bytes ({maxBytes:N0} bytes)."));

    private static async Task<byte[]> ReadAsync(HttpRequest request, long maxBytes, Func<int, Exception> tooLarge)
    {
        // No RequestAborted: a read on a connection the client closed fails by itself.
        var cancellationToken = CancellationToken.None;
        if (request.ContentLength is { } declared)
        {
            if (declared > maxBytes)
            {
                throw tooLarge((int)Math.Min(int.MaxValue, declared));
            }

            var exact = new byte[declared];
            await request.Body.ReadExactlyAsync(exact, cancellationToken).ConfigureAwait(false);
            return exact;
        }

        // Chunked: read until the end, refusing as soon as the limit is passed.
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw tooLarge((int)Math.Min(int.MaxValue, buffer.Length + read));
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
