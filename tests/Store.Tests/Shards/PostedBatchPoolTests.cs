using Actors.Store.Shards;
using Actors.Store.OwnRuntime;

namespace Actors.Store.Tests.Shards;

public sealed class PostedBatchPoolTests
{
    [Fact]
    public void A_returned_array_comes_back_cleared()
    {
        var pool = new PostedBatchPool(capacity: 4);
        var array = pool.Rent(8);
        array[0] = new ShardProtocol.PostedOperation("k", [1, 2], 0);
        array[7] = new ShardProtocol.PostedOperation("n", null, 3);
        pool.Return(array);

        var again = pool.Rent(8);
        Assert.Same(array, again);
        Assert.All(again, operation => Assert.Equal(default, operation));
    }

    [Fact]
    public void At_most_capacity_arrays_are_kept()
    {
        var pool = new PostedBatchPool(capacity: 2);
        var arrays = Enumerable.Range(0, 3).Select(_ => pool.Rent(4)).ToArray();
        Assert.Equal(3, arrays.Distinct().Count());
        foreach (var array in arrays)
        {
            pool.Return(array);
        }

        var rented = Enumerable.Range(0, 3).Select(_ => pool.Rent(4)).ToArray();
        Assert.Equal(2, rented.Count(r => arrays.Contains(r)));
    }

    [Fact]
    public void An_array_too_small_for_the_request_is_not_handed_out()
    {
        var pool = new PostedBatchPool(capacity: 4);
        var small = pool.Rent(4);
        pool.Return(small);

        var large = pool.Rent(16);
        Assert.NotSame(small, large);
        Assert.True(large.Length >= 16);
    }
}
