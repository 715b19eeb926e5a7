using Lumina.Core.Geo;

namespace Lumina.Core.Tests;

public sealed class GeohashTests
{
    // Published pairs: Wikipedia's "Geohash" article (ezs42, u4pruydqqvj); geohash.org's Mount Hood
    // example c216ne, which Niemeyer's service showed and libgeohash's test suite encodes; the city vectors
    // of libgeohash's test suite (13 characters there; a geohash's prefix is the geohash of lower precision).
    [Theory]
    [InlineData(42.6, -5.6, 5, "ezs42")]
    [InlineData(57.64911, 10.40744, 11, "u4pruydqqvj")]
    [InlineData(45.37, -121.7, 6, "c216ne")]
    [InlineData(47.6062095, -122.3320708, 12, "c23nb62w20st")]
    [InlineData(35.6894875, 139.6917064, 12, "xn774c06kdtv")]
    [InlineData(-33.8671390, 151.2071140, 12, "r3gx2f9tt5sn")]
    [InlineData(51.5001524, -0.1262362, 12, "gcpuvpk44kpr")]
    public void EncodesPublishedExamples(double latitude, double longitude, int precision, string expected)
    {
        Assert.Equal(expected, Geohash.Encode(latitude, longitude, precision));
    }

    [Fact]
    public void DefaultPrecisionIsSevenCharacters()
    {
        Assert.Equal("u4pruyd", Geohash.Encode(57.64911, 10.40744));
    }

    [Fact]
    public void DecodesWikipediasExampleToItsCentre()
    {
        // Wikipedia: ezs42 decodes to 42.605 ± 0.022, -5.603 ± 0.022.
        var cell = Geohash.Decode("ezs42");

        Assert.Equal(42.605, cell.Latitude, 0.001);
        Assert.Equal(-5.603, cell.Longitude, 0.001);
        Assert.Equal(0.022, cell.LatitudeError, 0.001);
        Assert.Equal(0.022, cell.LongitudeError, 0.001);
    }

    [Fact]
    public void DecodesExactCellBounds()
    {
        // Bounds of c216ne as the geohashr gem's tests give them, and dCode's centre of dc0de.
        var hood = Geohash.Decode("c216ne");
        Assert.Equal(45.3680419921875, hood.Latitude - hood.LatitudeError);
        Assert.Equal(45.37353515625, hood.Latitude + hood.LatitudeError);
        Assert.Equal(-121.70654296875, hood.Longitude - hood.LongitudeError);
        Assert.Equal(-121.695556640625, hood.Longitude + hood.LongitudeError);

        var dcode = Geohash.Decode("dc0de");
        Assert.Equal(6.08642578125, dcode.Latitude);
        Assert.Equal(-55.39306640625, dcode.Longitude);
    }

    [Fact]
    public void EveryEncodedPointLiesInItsDecodedCellAndReencodesToTheSameHash()
    {
        var random = new Random(11);
        for (var i = 0; i < 2000; i++)
        {
            var latitude = (random.NextDouble() * 180) - 90;
            var longitude = (random.NextDouble() * 360) - 180;
            var precision = random.Next(1, Geohash.MaxPrecision + 1);

            var hash = Geohash.Encode(latitude, longitude, precision);
            var cell = Geohash.Decode(hash);

            Assert.Equal(precision, hash.Length);
            Assert.InRange(latitude, cell.Latitude - cell.LatitudeError, cell.Latitude + cell.LatitudeError);
            Assert.InRange(longitude, cell.Longitude - cell.LongitudeError, cell.Longitude + cell.LongitudeError);
            Assert.Equal(hash, Geohash.Encode(cell.Latitude, cell.Longitude, precision));
            Assert.StartsWith(Geohash.Encode(latitude, longitude, Math.Max(1, precision - 2)), hash, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void CornersOfTheMapAreTheFirstAndLastCells()
    {
        Assert.Equal("0000000", Geohash.Encode(-90, -180));
        Assert.Equal("zzzzzzz", Geohash.Encode(90, 180));
        Assert.Equal("bpbpbpb", Geohash.Encode(90, -180));
        Assert.Equal("pbpbpbp", Geohash.Encode(-90, 180));
    }

    [Fact]
    public void NeighborsMatchPublishedExample()
    {
        // Chris Veness, "Geohashes" (Movable Type Scripts) and its latlon-geohash README: the neighbours of
        // gcpuyph are n gcpuypk, ne gcpuypm, e gcpuypj, se gcpuynv, s gcpuynu, sw gcpuyng, w gcpuyp5, nw gcpuyp7.
        Assert.Equal(
            ["gcpuypk", "gcpuypm", "gcpuypj", "gcpuynv", "gcpuynu", "gcpuyng", "gcpuyp5", "gcpuyp7"],
            Geohash.Neighbors("gcpuyph"));
    }

    [Fact]
    public void NeighborsCrossCharacterAndRowBorders()
    {
        // The geohash gem's README lists the neighbours of xn774c, whose cell sits on a border of xn774 and
        // of xn77: half of them change the fifth character too.
        Assert.Equal(
            ["xn774f", "xn7754", "xn7751", "xn7750", "xn774b", "xn7748", "xn7749", "xn774d"],
            Geohash.Neighbors("xn774c"));
    }

    [Fact]
    public void NeighborsWrapAcrossTheAntimeridian()
    {
        var east = Geohash.Encode(10.1, 179.999, 6);
        var west = Geohash.Encode(10.1, -179.999, 6);

        Assert.Equal(west, Geohash.Neighbors(east)[2]);
        Assert.Equal(east, Geohash.Neighbors(west)[6]);
        Assert.True(Geohash.AreNeighbors(east, west));
    }

    [Fact]
    public void CellsOnAPoleHaveNoNeighborsBeyondIt()
    {
        var north = Geohash.Encode(90, 0, 4);
        var south = Geohash.Encode(-90, 0, 4);

        Assert.Equal(5, Geohash.Neighbors(north).Count);
        Assert.Equal(5, Geohash.Neighbors(south).Count);
        Assert.All(Geohash.Neighbors(north), hash => Assert.True(Geohash.Decode(hash).Latitude <= Geohash.Decode(north).Latitude));
        Assert.All(Geohash.Neighbors(south), hash => Assert.True(Geohash.Decode(hash).Latitude >= Geohash.Decode(south).Latitude));
    }

    [Fact]
    public void NeighborsAreTheAdjacentCellsOfTheSameSize()
    {
        var random = new Random(5);
        for (var i = 0; i < 500; i++)
        {
            var precision = random.Next(1, Geohash.MaxPrecision + 1);
            var hash = Geohash.Encode((random.NextDouble() * 180) - 90, (random.NextDouble() * 360) - 180, precision);
            var cell = Geohash.Decode(hash);
            var neighbors = Geohash.Neighbors(hash);
            var onAPole = Math.Abs(cell.Latitude) + cell.LatitudeError == 90;

            Assert.Equal(onAPole ? 5 : 8, neighbors.Distinct().Count());
            foreach (var neighbor in neighbors)
            {
                var other = Geohash.Decode(neighbor);
                var rows = Math.Round((other.Latitude - cell.Latitude) / (2 * cell.LatitudeError));
                var columns = Math.Round((other.Longitude - cell.Longitude) / (2 * cell.LongitudeError));
                var around = 180 / cell.LongitudeError;
                columns = Math.Abs(columns) > 1 ? columns - (Math.Sign(columns) * around) : columns;

                Assert.Equal(precision, neighbor.Length);
                Assert.InRange(rows, -1, 1);
                Assert.InRange(columns, -1, 1);
                Assert.True(Geohash.AreNeighbors(hash, neighbor));
                Assert.Contains(hash, Geohash.Neighbors(neighbor));
            }
        }
    }

    [Fact]
    public void AreNeighborsAgreesWithNeighbors()
    {
        var random = new Random(3);
        for (var i = 0; i < 300; i++)
        {
            var precision = random.Next(1, 9);
            var latitude = i % 10 == 0 ? 90 * Math.Sign(random.NextDouble() - 0.5) : (random.NextDouble() * 180) - 90;
            var longitude = i % 7 == 0 ? 179.9999 * Math.Sign(random.NextDouble() - 0.5) : (random.NextDouble() * 360) - 180;
            var hash = Geohash.Encode(latitude, longitude, precision);
            var neighbors = Geohash.Neighbors(hash);

            // The ring two steps out holds the neighbours again and cells that are not.
            foreach (var other in neighbors.SelectMany(Geohash.Neighbors).Distinct())
            {
                Assert.Equal(neighbors.Contains(other), Geohash.AreNeighbors(hash, other));
            }
        }

        Assert.False(Geohash.AreNeighbors("u4pruyd", "u4pruyd"));
    }

    [Theory]
    [InlineData(double.NaN, 0, 7, "latitude")]
    [InlineData(90.0001, 0, 7, "latitude")]
    [InlineData(0, -180.5, 7, "longitude")]
    [InlineData(0, double.PositiveInfinity, 7, "longitude")]
    [InlineData(0, 0, 0, "precision")]
    [InlineData(0, 0, 13, "precision")]
    public void EncodeRejectsValuesOutOfRange(double latitude, double longitude, int precision, string parameter)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Geohash.Encode(latitude, longitude, precision));

        Assert.Equal(parameter, error.ParamName);
    }

    [Theory]
    [InlineData("", "has 0 characters")]
    [InlineData("u4pruydqqvjz8", "has 13 characters")]
    [InlineData("ezs4a", "'a' at position 4")]
    [InlineData("EZS42", "'E' at position 0")]
    [InlineData("ez s4", "' ' at position 2")]
    public void DecodeNamesTheBadCharacterOrLength(string hash, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => Geohash.Decode(hash));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{hash}'", error.Message, StringComparison.Ordinal);
        Assert.False(Geohash.IsValid(hash));
    }

    [Fact]
    public void OnlyGeohashesOfOneLengthCanBeNeighbors()
    {
        var error = Assert.Throws<ArgumentException>(() => Geohash.AreNeighbors("ezs42", "ezs4"));

        Assert.Contains("differ in precision", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => Geohash.Neighbors(null!));
        Assert.True(Geohash.IsValid("ezs42"));
        Assert.False(Geohash.IsValid(null));
    }
}
