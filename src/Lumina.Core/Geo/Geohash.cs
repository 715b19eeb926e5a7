namespace Lumina.Core.Geo;

/// <summary>
/// Geohash (Niemeyer, 2008): a base-32 string naming a cell of a grid that halves longitude and latitude
/// alternately, longitude first. Lumina writes and reads lowercase geohashes of 1 to 12 characters.
/// </summary>
public static class Geohash
{
    /// <summary>The longest geohash Lumina handles: 60 bits, cells of about 3.7 cm by 1.9 cm.</summary>
    public const int MaxPrecision = 12;

    private const string Alphabet = "0123456789bcdefghjkmnpqrstuvwxyz";

    private static readonly (int North, int East)[] Directions = [(1, 0), (1, 1), (0, 1), (-1, 1), (-1, 0), (-1, -1), (0, -1), (1, -1)];

    private static readonly System.Buffers.SearchValues<char> AlphabetValues = System.Buffers.SearchValues.Create(Alphabet);

    /// <summary>The geohash of <paramref name="precision"/> characters whose cell holds the point (7: about 153 m by 153 m).</summary>
    public static string Encode(double latitude, double longitude, int precision = 7)
    {
        if (!(latitude is >= -90 and <= 90))
        {
            throw new ArgumentOutOfRangeException(nameof(latitude), latitude, "Latitude must be between -90 and 90 degrees.");
        }

        if (!(longitude is >= -180 and <= 180))
        {
            throw new ArgumentOutOfRangeException(nameof(longitude), longitude, "Longitude must be between -180 and 180 degrees.");
        }

        if (precision is < 1 or > MaxPrecision)
        {
            throw new ArgumentOutOfRangeException(nameof(precision), precision, $"Precision must be 1 to {MaxPrecision} characters.");
        }

        var (latitudeBits, longitudeBits) = BitsOf(precision);
        return Format(new Cell(Bisect(latitude, 90, latitudeBits), Bisect(longitude, 180, longitudeBits), precision));
    }

    /// <summary>The centre of the cell <paramref name="hash"/> names and how far the cell reaches from it.</summary>
    public static GeohashCell Decode(string hash)
    {
        var cell = Parse(hash);
        var (latitudeBits, longitudeBits) = BitsOf(cell.Length);
        var height = 180.0 / (1L << latitudeBits);
        var width = 360.0 / (1L << longitudeBits);
        return new GeohashCell(-90 + ((cell.Row + 0.5) * height), -180 + ((cell.Column + 0.5) * width), height / 2, width / 2);
    }

    /// <summary>
    /// The cells of the same precision around <paramref name="hash"/>, in the order north, north-east, east,
    /// south-east, south, south-west, west, north-west. East and west wrap across the antimeridian; there is
    /// nothing beyond a pole, so a cell in the top or bottom row has five neighbours.
    /// </summary>
    public static IReadOnlyList<string> Neighbors(string hash)
    {
        var cell = Parse(hash);
        var neighbors = new List<string>(8);
        foreach (var (north, east) in Directions)
        {
            if (Offset(cell, north, east) is { } neighbor)
            {
                neighbors.Add(Format(neighbor));
            }
        }

        return neighbors;
    }

    /// <summary>
    /// Whether <paramref name="other"/> is one of the <see cref="Neighbors"/> of <paramref name="hash"/>,
    /// without building them. Both must have the same precision.
    /// </summary>
    public static bool AreNeighbors(string hash, string other)
    {
        var a = Parse(hash);
        var b = Parse(other);
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"Geohashes '{hash}' and '{other}' differ in precision; compare geohashes of one length.", nameof(other));
        }

        var columns = 1L << BitsOf(a.Length).Longitude;
        var across = Math.Abs(a.Column - b.Column);
        across = Math.Min(across, columns - across);
        var up = Math.Abs(a.Row - b.Row);
        return up <= 1 && across <= 1 && (up, across) != (0, 0);
    }

    /// <summary>Whether <paramref name="hash"/> is a geohash Lumina reads: 1 to 12 characters of the lowercase alphabet.</summary>
    public static bool IsValid(string? hash) =>
        hash is { Length: >= 1 and <= MaxPrecision } && hash.AsSpan().IndexOfAnyExcept(AlphabetValues) < 0;

    /// <summary>Row counts latitude cells northward from the south pole, Column longitude cells eastward from the antimeridian.</summary>
    private readonly record struct Cell(long Row, long Column, int Length);

    private static Cell? Offset(Cell cell, int north, int east)
    {
        var (latitudeBits, longitudeBits) = BitsOf(cell.Length);
        var row = cell.Row + north;
        if (row < 0 || row >= 1L << latitudeBits)
        {
            return null;
        }

        var columns = 1L << longitudeBits;
        return cell with { Row = row, Column = (cell.Column + east + columns) % columns };
    }

    /// <summary>Longitude takes the even bits counted from the first, so it has the extra bit when the total is odd.</summary>
    private static (int Latitude, int Longitude) BitsOf(int length) => (5 * length / 2, ((5 * length) + 1) / 2);

    /// <summary>
    /// Halving [-range, range] bit by bit, as the reference algorithm does: the midpoints are exact in
    /// binary floating point, so points on a cell edge land in the same cell as with every other encoder.
    /// </summary>
    private static long Bisect(double value, double range, int bits)
    {
        var low = -range;
        var high = range;
        long index = 0;
        for (var i = 0; i < bits; i++)
        {
            var middle = (low + high) / 2;
            if (value >= middle)
            {
                index = (index << 1) | 1;
                low = middle;
            }
            else
            {
                index <<= 1;
                high = middle;
            }
        }

        return index;
    }

    private static string Format(Cell cell)
    {
        var (latitudeBits, longitudeBits) = BitsOf(cell.Length);
        return string.Create(cell.Length, cell, (chars, c) =>
        {
            int latitudeLeft = latitudeBits, longitudeLeft = longitudeBits;
            for (var i = 0; i < chars.Length; i++)
            {
                var value = 0;
                for (var bit = 0; bit < 5; bit++)
                {
                    var fromLongitude = ((5 * i) + bit) % 2 == 0;
                    var source = fromLongitude ? c.Column >> --longitudeLeft : c.Row >> --latitudeLeft;
                    value = (value << 1) | (int)(source & 1);
                }

                chars[i] = Alphabet[value];
            }
        });
    }

    private static Cell Parse(string hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        if (hash.Length is < 1 or > MaxPrecision)
        {
            throw new ArgumentException($"Geohash '{hash}' has {hash.Length} characters; a geohash has 1 to {MaxPrecision}.", nameof(hash));
        }

        long row = 0, column = 0;
        for (var i = 0; i < hash.Length; i++)
        {
            var value = Alphabet.IndexOf(hash[i], StringComparison.Ordinal);
            if (value < 0)
            {
                throw new ArgumentException(
                    $"Geohash '{hash}' has '{hash[i]}' at position {i}, which is not a geohash character (0-9 and lowercase b-z without i, l, o).",
                    nameof(hash));
            }

            for (var bit = 4; bit >= 0; bit--)
            {
                var set = (value >> bit) & 1;
                if (((5 * i) + 4 - bit) % 2 == 0)
                {
                    column = (column << 1) | (uint)set;
                }
                else
                {
                    row = (row << 1) | (uint)set;
                }
            }
        }

        return new Cell(row, column, hash.Length);
    }
}
