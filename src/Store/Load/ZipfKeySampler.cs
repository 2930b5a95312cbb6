namespace Actors.Store.Load;

/// <summary>
/// Zipf-distributed key indices: index i (rank i + 1) is drawn with probability proportional to
/// 1 / (i + 1)^s, for any skew s ≥ 0 (0 is uniform; around 1 is the classic "hot keys" shape).
/// </summary>
/// <remarks>
/// Uses rejection-inversion sampling (W. Hörmann and G. Derflinger, "Rejection-inversion to generate variates
/// from monotone discrete distributions", 1996): constant time and memory per draw for any key count, with no
/// table. The continuous hat h(x) = x^-s is integrated (H) and inverted (H⁻¹); a uniform draw on the hat's
/// area is mapped to x, rounded to the nearest rank k, and accepted when it falls under the part of the hat
/// that belongs to k. Expected rejections are few for every s.
/// </remarks>
public sealed class ZipfKeySampler : IKeySampler
{
    private readonly double _exponent;
    private readonly double _hIntegralX1;
    private readonly double _hIntegralN;
    private readonly double _squeeze;

    public ZipfKeySampler(int keyCount, double exponent)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(keyCount);
        if (!(exponent >= 0) || double.IsInfinity(exponent))
        {
            throw new ArgumentOutOfRangeException(nameof(exponent), exponent, "The Zipf skew must be a finite number ≥ 0.");
        }

        KeyCount = keyCount;
        _exponent = exponent;
        _hIntegralX1 = HIntegral(1.5) - 1.0;
        _hIntegralN = HIntegral(keyCount + 0.5);
        _squeeze = 2.0 - HIntegralInverse(HIntegral(2.5) - H(2.0));
    }

    public int KeyCount { get; }

    public double Exponent => _exponent;

    public int Next(FastRandom random)
    {
        while (true)
        {
            // u is uniform over the hat's area from rank 1's right edge to rank n's right edge.
            var u = _hIntegralN + random.NextDouble() * (_hIntegralX1 - _hIntegralN);
            var x = HIntegralInverse(u);
            var k = Math.Clamp((long)(x + 0.5), 1, KeyCount);

            // Near the mode the squeeze accepts without evaluating H; otherwise compare against k's own area.
            if (k - x <= _squeeze || u >= HIntegral(k + 0.5) - H(k))
            {
                return (int)(k - 1);
            }
        }
    }

    /// <summary>The exact probability of index i, for tests and reports.</summary>
    public double Probability(int index)
    {
        double total = 0;
        for (var k = 1; k <= KeyCount; k++)
        {
            total += Math.Pow(k, -_exponent);
        }

        return Math.Pow(index + 1, -_exponent) / total;
    }

    private double H(double x) => Math.Exp(-_exponent * Math.Log(x));

    /// <summary>∫₁ˣ t^-s dt shifted by a constant: (x^(1-s) - 1)/(1 - s), which tends to ln x as s → 1.</summary>
    private double HIntegral(double x)
    {
        var logX = Math.Log(x);
        return ExpM1OverX((1.0 - _exponent) * logX) * logX;
    }

    private double HIntegralInverse(double x)
    {
        var t = x * (1.0 - _exponent);
        if (t < -1.0)
        {
            // Rounding can push t just past the domain's edge; clamp instead of taking the log of a negative.
            t = -1.0;
        }

        return Math.Exp(Log1POverX(t) * x);
    }

    /// <summary>(e^x - 1)/x, accurate near 0 where the division would cancel.</summary>
    private static double ExpM1OverX(double x) =>
        Math.Abs(x) > 1e-8 ? double.ExpM1(x) / x : 1.0 + x * 0.5 * (1.0 + x / 3.0 * (1.0 + x * 0.25));

    /// <summary>ln(1 + x)/x, accurate near 0.</summary>
    private static double Log1POverX(double x) =>
        Math.Abs(x) > 1e-8 ? double.LogP1(x) / x : 1.0 - x * (0.5 - x * (1.0 / 3.0 - x * 0.25));
}
