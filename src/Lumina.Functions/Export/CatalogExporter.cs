using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Lumina.Storage.Catalog;

namespace Lumina.Functions.Export;

/// <summary>Writes a catalog's images as JSON Lines or CSV, one record per image; removed images only when asked.</summary>
public sealed class CatalogExporter(ExportRepository export)
{
    public Task<int> WriteAsync(Guid catalogId, ExportFormat format, Stream output, CancellationToken ct) =>
        WriteAsync(catalogId, format, output, includeRemoved: false, ct);

    public async Task<int> WriteAsync(Guid catalogId, ExportFormat format, Stream output, bool includeRemoved, CancellationToken ct)
    {
        var count = 0;
        await using var text = new StreamWriter(output, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        if (format == ExportFormat.Csv)
        {
            await text.WriteLineAsync(string.Join(',', ExportColumns.All.Select(c => c.Name)));
        }

        await foreach (var record in export.ReadAsync(catalogId, includeRemoved, ct))
        {
            await text.WriteLineAsync(format == ExportFormat.Csv ? CsvLine(record) : Json(record));
            count++;
        }

        return count;
    }

    /// <summary>One record as a JSON object on one line, the export's fields in order.</summary>
    public static string Json(ExportRecord record)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var (name, value) in ExportColumns.All)
            {
                json.WritePropertyName(name);
                switch (value(record))
                {
                    case null: json.WriteNullValue(); break;
                    case string s: json.WriteStringValue(s); break;
                    case bool b: json.WriteBooleanValue(b); break;
                    case int i: json.WriteNumberValue(i); break;
                    case long l: json.WriteNumberValue(l); break;
                    case double d: json.WriteNumberValue(d); break;
                    case RawJson raw: json.WriteRawValue(raw.Text); break;
                    case IEnumerable<string> list:
                        json.WriteStartArray();
                        foreach (var item in list)
                        {
                            json.WriteStringValue(item);
                        }

                        json.WriteEndArray();
                        break;
                    case var other: throw new InvalidOperationException($"no JSON form for {other.GetType()}");
                }
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string CsvLine(ExportRecord record) =>
        string.Join(',', ExportColumns.All.Select(c => CsvField(c.Value(record))));

    private static string CsvField(object? value)
    {
        var text = value switch
        {
            null => "",
            bool b => b ? "true" : "false",
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            RawJson raw => raw.Text,
            IEnumerable<string> list => string.Join("; ", list),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        return text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{text.Replace("\"", "\"\"")}\"" : text;
    }
}
