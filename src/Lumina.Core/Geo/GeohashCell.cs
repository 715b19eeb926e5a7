namespace Lumina.Core.Geo;

/// <summary>
/// The cell a geohash names: its centre in degrees and half its height and width, so the cell spans
/// <c>Latitude ± LatitudeError</c> by <c>Longitude ± LongitudeError</c>.
/// </summary>
public readonly record struct GeohashCell(double Latitude, double Longitude, double LatitudeError, double LongitudeError);
