using Actors.TestKit;

namespace Actors.Tests.Kernel;

public sealed class SmokeTests : TestKit.TestKit
{
    private sealed class Echo : ReceiveActor
    {
        public Echo() => ReceiveAny(m => Sender.Tell(m, Self));
    }

    [Fact]
    public void Tell_reaches_the_actor_and_the_reply_reaches_the_test_actor()
    {
        var echo = Sys.ActorOf(Props.Create(() => new Echo()), "echo");
        echo.Tell("hello");
        ExpectMsg("hello");
        Assert.Equal("actors://" + Sys.Name + "/user/echo", echo.Path.ToString());
    }

    [Fact]
    public async Task Ask_returns_the_reply()
    {
        var echo = Sys.ActorOf(Props.Create(() => new Echo()));
        Assert.Equal(42, await echo.Ask<int>(42));
    }
}
