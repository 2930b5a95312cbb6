using Actors.Store.Load;

namespace Actors.Store.Tests.Load;

public sealed class ZipfKeySamplerTests
{
    [Theory]
    [InlineData(10, 1.2)]
    [InlineData(50, 0.99)]
    [InlineData(20, 1.0)]
    [InlineData(8, 0.0)]
    [InlineData(30, 2.5)]
    public void Frequencies_match_the_expected_probabilities(int keys, double skew)
    {
        const int Draws = 400_000;
        var sampler = new ZipfKeySampler(keys, skew);
        var random = new FastRandom(11);
        var counts = new long[keys];
        for (var i = 0; i < Draws; i++)
        {
            counts[sampler.Next(random)]++;
        }

        // Pearson's chi-square against the exact distribution; the bound is far above the 99.9th percentile of
        // chi-square with (keys - 1) degrees of freedom, so only a wrong sampler fails.
        double chiSquare = 0;
        for (var k = 0; k < keys; k++)
        {
            var expected = Draws * sampler.Probability(k);
            chiSquare += (counts[k] - expected) * (counts[k] - expected) / expected;
        }

        var bound = keys - 1 + 6 * Math.Sqrt(2.0 * (keys - 1));
        Assert.True(chiSquare < bound, $"chi-square {chiSquare:F1} ≥ {bound:F1}; counts {string.Join(", ", counts)}");
    }

    [Fact]
    public void A_large_key_space_keeps_its_hot_head_and_long_tail()
    {
        const int Keys = 1_000_000;
        const int Draws = 1_000_000;
        var sampler = new ZipfKeySampler(Keys, 0.99);
        var random = new FastRandom(5);
        long first = 0, top100 = 0, tail = 0;
        for (var i = 0; i < Draws; i++)
        {
            var key = sampler.Next(random);
            Assert.InRange(key, 0, Keys - 1);
            first += key == 0 ? 1 : 0;
            top100 += key < 100 ? 1 : 0;
            tail += key >= Keys / 2 ? 1 : 0;
        }

        var p0 = sampler.Probability(0);
        var pTop = Enumerable.Range(0, 100).Sum(sampler.Probability);
        Assert.InRange(first, Draws * p0 * 0.95, Draws * p0 * 1.05);
        Assert.InRange(top100, Draws * pTop * 0.98, Draws * pTop * 1.02);
        Assert.True(tail > 0, "the tail was never drawn");
    }

    [Fact]
    public void Bad_parameters_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ZipfKeySampler(0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ZipfKeySampler(10, -0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ZipfKeySampler(10, double.NaN));
        Assert.Equal(0, new ZipfKeySampler(1, 1.5).Next(new FastRandom(1)));
    }
}
