namespace Lumina.Functions.Export;

public enum ExportFormat
{
    Jsonl,
    Csv,
}
