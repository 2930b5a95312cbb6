namespace Actors.Tests.Kernel;

public sealed class HierarchyTests : TestKit.TestKit
{
    private sealed class Parent : ReceiveActor
    {
        public Parent()
        {
            Receive<string>(name => Sender.Tell(Context.ActorOf(Props.Create(() => new Parent()), name), Self));
            Receive<int>(_ => Sender.Tell(Context.Children.Count, Self));
        }
    }

    private sealed class Recording(IActorRef monitor, string name) : ActorBase
    {
        protected override bool Receive(object message)
        {
            if (message is string child)
            {
                Context.ActorOf(Props.Create(() => new Recording(monitor, child)), child);
            }

            return true;
        }

        protected override void PostStop() => monitor.Tell($"stopped {name}", null);
    }

    [Fact]
    public void Paths_reflect_the_hierarchy()
    {
        var parent = Sys.ActorOf(Props.Create(() => new Parent()), "parent");
        parent.Tell("child");
        var child = ExpectMsg<IActorRef>();
        Assert.Equal($"actors://{Sys.Name}/user/parent/child", child.Path.ToString());
        Assert.Equal("child", child.Path.Name);
        Assert.Equal(parent.Path, child.Path.Parent);
        Assert.Equal(["user", "parent", "child"], child.Path.Elements);
    }

    [Fact]
    public void Names_are_unique_per_parent()
    {
        Sys.ActorOf(Props.Create(() => new Parent()), "taken");
        var error = Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(Props.Create(() => new Parent()), "taken"));
        Assert.Contains("'taken' already exists", error.Message);

        // The same name under another parent is fine.
        var other = Sys.ActorOf(Props.Create(() => new Parent()), "other");
        other.Tell("taken");
        Assert.Equal("taken", ExpectMsg<IActorRef>().Path.Name);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("$reserved")]
    [InlineData("with space")]
    [InlineData("ünicode")]
    public void Malformed_names_are_rejected_with_the_rule(string name)
    {
        var error = Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(Props.Create(() => new Parent()), name));
        Assert.Contains("name", error.Message);
    }

    [Fact]
    public void Unnamed_actors_get_unique_automatic_names()
    {
        var names = Enumerable.Range(0, 100).Select(_ => Sys.ActorOf(Props.Create(() => new Parent())).Path.Name).ToArray();
        Assert.Equal(100, names.Distinct().Count());
        Assert.All(names, n => Assert.StartsWith("$", n));
    }

    [Fact]
    public void A_name_is_free_again_once_the_actor_has_terminated()
    {
        var first = Sys.ActorOf(Props.Create(() => new Parent()), "reused");
        Watch(first);
        Sys.Stop(first);
        ExpectTerminated(first);
        AwaitAssert(() => Sys.ActorOf(Props.Create(() => new Parent()), "reused"));
    }

    [Fact]
    public void Children_stop_before_their_parent_deepest_first()
    {
        var root = Sys.ActorOf(Props.Create(() => new Recording(TestActor, "a")), "a");
        root.Tell("b");
        var b = AwaitChild(root, "b");
        b.Tell("c");
        AwaitChild(b, "c");

        Sys.Stop(root);
        Assert.Equal(["stopped c", "stopped b", "stopped a"], ReceiveN(3).Cast<string>());
    }

    [Fact]
    public void An_unknown_mailbox_is_a_clear_error_listing_the_configured_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => Sys.ActorOf(Props.Create(() => new Parent()).WithMailbox("nope")));
        Assert.Contains("Unknown mailbox 'nope'", error.Message);
        Assert.Contains("bounded-mailbox", error.Message);
        Assert.Contains("default-mailbox", error.Message);
    }

    [Fact]
    public void The_system_name_is_validated()
    {
        Assert.Throws<ArgumentException>(() => ActorSystem.Create("bad name"));
        Assert.Throws<ArgumentException>(() => ActorSystem.Create(""));
    }

    private IActorRef AwaitChild(IActorRef parent, string name)
    {
        IActorRef? child = null;
        AwaitCondition(() => (child = ((LocalActorRef)parent).Cell.Child(name)) is not null);
        return child!;
    }
}
