namespace Actors.Host.Http.Problems;

/// <summary>
/// Input the API refuses before it reaches the store (a malformed header, query parameter or body). Answered as
/// <c>application/problem+json</c> with <see cref="Status"/>, <see cref="Title"/> and the message as detail.
/// </summary>
internal sealed class HttpProblemException(int status, string title, string detail) : Exception(detail)
{
    public int Status { get; } = status;

    public string Title { get; } = title;

    public static HttpProblemException BadParameter(string detail) => new(StatusCodes.Status400BadRequest, "A request parameter is not valid", detail);

    public static HttpProblemException BadHeader(string detail) => new(StatusCodes.Status400BadRequest, "A request header is not valid", detail);

    public static HttpProblemException BadBody(string detail) => new(StatusCodes.Status400BadRequest, "The request body is not valid", detail);
}
