using Actors.Store.Linearizability;
using Xunit.Abstractions;

namespace Actors.Store.Tests.Linearizability;

/// <summary>
/// Histories generated from a real sequential execution must be linearizable; the same histories with one
/// output changed in a way that is certainly a violation must not be.
/// </summary>
public sealed class KvRandomizedTests(ITestOutputHelper output)
{
    private const int Seeds = 40;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static TheoryData<int> SeedList()
    {
        var seeds = new TheoryData<int>();
        for (var seed = 1; seed <= Seeds; seed++)
        {
            seeds.Add(seed);
        }

        return seeds;
    }

    [Theory]
    [MemberData(nameof(SeedList))]
    public void Histories_from_a_sequential_execution_are_linearizable(int seed)
    {
        var history = RandomKvHistory.Generate(seed, operations: 400, clients: 1 + seed % 16, keys: 1 + seed % 5, unknownRate: 0.05);

        var result = Check(history);

        Assert.True(result.Verdict == LinearizabilityVerdict.Linearizable, result.ToString());
    }

    [Theory]
    [MemberData(nameof(SeedList))]
    public void A_stale_read_is_found(int seed) =>
        AssertCaught(seed, KvMutations.StaleRead);

    [Theory]
    [MemberData(nameof(SeedList))]
    public void A_duplicate_version_is_found(int seed) =>
        AssertCaught(seed, KvMutations.DuplicateVersion);

    [Theory]
    [MemberData(nameof(SeedList))]
    public void A_phantom_value_is_found(int seed) =>
        AssertCaught(seed, KvMutations.PhantomValue);

    [Theory]
    [MemberData(nameof(SeedList))]
    public void Histories_with_values_that_are_not_integers_are_linearizable(int seed)
    {
        var history = RandomKvHistory.Generate(seed, operations: 400, clients: 1 + seed % 16, keys: 1 + seed % 5, unknownRate: 0.05, textRate: 0.4);

        var result = Check(history);

        Assert.True(result.Verdict == LinearizabilityVerdict.Linearizable, result.ToString());
    }

    [Fact]
    public void Generated_histories_with_text_do_fail_some_increments()
    {
        // Otherwise the seeds above would not exercise the failing increment at all.
        var failed = Enumerable.Range(1, Seeds)
            .Sum(seed => RandomKvHistory.Generate(seed, operations: 400, clients: 1 + seed % 16, keys: 1 + seed % 5, unknownRate: 0.05, textRate: 0.4)
                .Operations.Count(o => o.Output is KvNotAnInteger));

        output.WriteLine($"{failed} increments failed on a text across {Seeds} histories.");
        Assert.True(failed >= Seeds, $"only {failed} failed increments in {Seeds} histories");
    }

    [Theory]
    [MemberData(nameof(SeedList))]
    public void A_failed_increment_of_an_integer_is_found(int seed) =>
        AssertCaught(seed, KvMutations.FailedIncrementOfAnInteger, textRate: 0.2, unknownRate: 0.01); // an unknown text could land anywhere later

    [Fact]
    public void Random_perturbations_of_histories_with_text_are_mostly_found()
    {
        var random = new Random(11);
        var found = 0;
        const int Trials = 200;
        for (var trial = 0; trial < Trials; trial++)
        {
            var history = RandomKvHistory.Generate(2000 + trial, operations: 200, clients: 8, keys: 3, textRate: 0.4);
            var result = Check(KvMutations.Perturb(history.Operations, random)!);
            Assert.NotEqual(LinearizabilityVerdict.Unknown, result.Verdict);
            if (result.Verdict == LinearizabilityVerdict.NotLinearizable)
            {
                found++;
            }
        }

        output.WriteLine($"{found} of {Trials} random perturbations were violations.");
        Assert.True(found >= Trials * 3 / 4, $"only {found} of {Trials} perturbations were found");
    }

    [Fact]
    public void Random_perturbations_are_mostly_found()
    {
        var random = new Random(7);
        var found = 0;
        const int Trials = 200;
        for (var trial = 0; trial < Trials; trial++)
        {
            var history = RandomKvHistory.Generate(1000 + trial, operations: 200, clients: 8, keys: 3);
            var result = Check(KvMutations.Perturb(history.Operations, random)!);
            Assert.NotEqual(LinearizabilityVerdict.Unknown, result.Verdict);
            if (result.Verdict == LinearizabilityVerdict.NotLinearizable)
            {
                found++;
            }
        }

        output.WriteLine($"{found} of {Trials} random perturbations were violations.");
        Assert.True(found >= Trials * 3 / 4, $"only {found} of {Trials} perturbations were found");
    }

    [Fact]
    public void Ten_thousand_operations_over_a_hundred_keys_with_64_clients_are_checked_quickly()
    {
        var history = RandomKvHistory.Generate(seed: 2024, operations: 10_000, clients: 64, keys: 100);

        var result = Check(history);

        output.WriteLine(result.ToString());
        Assert.Equal(LinearizabilityVerdict.Linearizable, result.Verdict);
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(5), $"took {result.Elapsed}");

        var broken = KvMutations.StaleRead(history.Operations, new Random(1))!;
        var brokenResult = Check(broken);
        output.WriteLine($"With a stale read: {brokenResult.Verdict} in {brokenResult.Elapsed.TotalMilliseconds:F0} ms.");
        Assert.Equal(LinearizabilityVerdict.NotLinearizable, brokenResult.Verdict);
    }

    [Theory]
    [InlineData(16, 0.0)]
    [InlineData(64, 0.0)]
    [InlineData(16, 0.02)]
    [InlineData(16, 0.05)]
    public void One_hot_key_with_many_clients_is_checked_quickly(int clients, double unknownRate)
    {
        var history = RandomKvHistory.Generate(seed: clients, operations: 2_000, clients: clients, keys: 1, unknownRate);

        var result = Check(history);

        output.WriteLine(result.ToString());
        Assert.Equal(LinearizabilityVerdict.Linearizable, result.Verdict);
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(5), $"took {result.Elapsed}");
    }

    private void AssertCaught(
        int seed,
        Func<IReadOnlyList<Operation<KvInput, KvOutput>>, Random, List<Operation<KvInput, KvOutput>>?> mutate,
        double textRate = 0,
        double unknownRate = 0.05)
    {
        var history = RandomKvHistory.Generate(seed, operations: 300, clients: 2 + seed % 12, keys: 1 + seed % 4, unknownRate, textRate);
        var mutated = mutate(history.Operations, new Random(seed));
        Assert.NotNull(mutated);

        var result = Check(mutated);

        output.WriteLine(result.ToString());
        Assert.Equal(LinearizabilityVerdict.NotLinearizable, result.Verdict);
    }

    private static LinearizabilityResult Check(RandomKvHistory history) => Check(history.Operations);

    private static LinearizabilityResult Check(IReadOnlyList<Operation<KvInput, KvOutput>> history) =>
        LinearizabilityChecker.Check(KvModel.Instance, history, Timeout);
}
