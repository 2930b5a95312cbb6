namespace Actors;

/// <summary>The temporary ref an ask waits on; the runtime fails it directly when the question cannot be answered.</summary>
internal interface IPromiseRef
{
    void Fail(Exception cause);
}
