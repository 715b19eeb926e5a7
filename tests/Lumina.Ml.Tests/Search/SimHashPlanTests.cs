using Lumina.Ml.Search;

namespace Lumina.Ml.Tests.Search;

public sealed class SimHashPlanTests
{
    [Fact]
    public void ALowerThresholdNeedsMoreBandsAndAllowsMoreDifferingBits()
    {
        var high = SimHashPlan.Make(1_000_000, 0.95, meanSquared: 0);
        var low = SimHashPlan.Make(1_000_000, 0.9, meanSquared: 0);

        Assert.True(low.Bands > high.Bands);
        Assert.True(low.MaxHamming > high.MaxHamming);
        Assert.Equal(22, high.BandBits);
    }

    [Fact]
    public void EachPairAtTheThresholdIsMissedByAllBandsWithAboutTheChosenProbability()
    {
        var plan = SimHashPlan.Make(100_000, 0.95, meanSquared: 0);

        var agree = 1 - (Math.Acos(0.95) / Math.PI);
        var missed = Math.Pow(1 - Math.Pow(agree, plan.BandBits), plan.Bands);

        Assert.InRange(missed, SimHashPlan.MissPerPair * 0.8, SimHashPlan.MissPerPair);
    }

    [Fact]
    public void CentringOnTheMeanLowersTheThresholdTheBitsSee()
    {
        Assert.Equal(0.9375, SimHashPlan.Make(100_000, 0.95, meanSquared: 0.2).CentredThreshold, 1e-9);
    }

    [Fact]
    public void HashingIsNotUsedWhereComparingEveryPairCostsLess()
    {
        Assert.False(SimHashPlan.Make(4_999, 0.95, 0).BeatsExact);
        Assert.True(SimHashPlan.Make(5_000, 0.95, 0).BeatsExact);
        Assert.False(SimHashPlan.Make(100_000, 0.5, 0).BeatsExact);
    }
}
