namespace Lumina.Ml.Search;

/// <summary>
/// The shape of a random-hyperplane (SimHash) search for the pairs at or above a cosine threshold among
/// <see cref="Rows"/> rows. Each row gets <see cref="SimHashPairs.Bits"/> sign bits; a band is
/// <see cref="BandBits"/> of them picked at random, and two rows are candidates when they agree on every bit of
/// some band. A pair at the threshold agrees on a bit with probability 1 - θ/π (θ its angle after centring), so
/// on a band with that to the power <see cref="BandBits"/>; <see cref="Bands"/> independent bands would miss it with
/// probability <see cref="MissPerPair"/>. Candidates further apart on all bits than <see cref="MaxHamming"/> are dropped
/// before the exact check.
/// </summary>
internal sealed record SimHashPlan(int Rows, double CentredThreshold, int BandBits, int Bands, int MaxHamming)
{
    /// <summary>
    /// The share of the pairs at the threshold that all bands together would miss were they independent. They share
    /// bits, and the bits come from the byte copy, so the real rate is measured (tests, <c>bench embeddings</c>):
    /// with 0.002 it was 0.009 at 100,000 generated embeddings, so this leaves room under the 0.01 allowed.
    /// </summary>
    public const double MissPerPair = 0.0005;

    /// <summary>
    /// The plan for <paramref name="rows"/> rows whose mean has squared length <paramref name="meanSquared"/>;
    /// centring on the mean spreads the sign bits of embeddings that all lean one way, and turns a cosine t
    /// into about (t - |m|²) / (1 - |m|²).
    /// </summary>
    public static SimHashPlan Make(int rows, double threshold, double meanSquared)
    {
        var centred = meanSquared < 1 ? Math.Clamp((threshold - meanSquared) / (1 - meanSquared), 0, 1) : 0;
        var disagree = Math.Acos(centred) / Math.PI;
        // log2(rows) + 2 bits a band leaves about rows/8 chance collisions per band among unrelated rows: fewer bits
        // cost more candidate checks (a cache miss each) than the sorts of the extra bands that more bits need.
        var bandBits = Math.Clamp((int)Math.Round(Math.Log2(Math.Max(rows, 2))) + 2, 14, 26);
        var hit = Math.Pow(1 - disagree, bandBits);
        var bands = hit >= 1 ? 1 : hit <= 0 ? int.MaxValue : (int)Math.Min(int.MaxValue, Math.Ceiling(Math.Log(MissPerPair) / Math.Log(1 - hit)));
        var spread = Math.Sqrt(SimHashPairs.Bits * disagree * (1 - disagree));
        var maxHamming = (int)Math.Ceiling((SimHashPairs.Bits * disagree) + (4 * spread) + 4);
        return new SimHashPlan(rows, centred, bandBits, bands, Math.Min(maxHamming, SimHashPairs.Bits));
    }

    /// <summary>
    /// Whether hashing beats comparing every pair: an exact scan costs about n/2 dot products (some 25 ns each)
    /// per row, hashing about one sort step per band (some 150 ns) per row.
    /// </summary>
    public bool BeatsExact => Rows >= 5_000 && Bands <= Rows / 8;
}
