namespace Lumina.Ml.Clip.Tokenizer;

/// <summary>
/// CLIP's byte-level alphabet (bytes_to_unicode): every byte gets a printable symbol so that BPE can
/// work on text. Printable Latin-1 bytes stand for themselves; the others (controls, space, 0x7F-0xA0,
/// 0xAD) take U+0100 onwards in byte order. <see cref="InVocabularyOrder"/> is the order of ids 0-255.
/// </summary>
internal static class ByteSymbols
{
    static ByteSymbols()
    {
        var ofByte = new char[256];
        var order = new List<char>(256);
        for (var b = 0; b < 256; b++)
        {
            if (IsPrintable(b))
            {
                ofByte[b] = (char)b;
                order.Add((char)b);
            }
        }

        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            if (!IsPrintable(b))
            {
                ofByte[b] = (char)next++;
                order.Add(ofByte[b]);
            }
        }

        OfByte = ofByte;
        InVocabularyOrder = order;
    }

    public static IReadOnlyList<char> InVocabularyOrder { get; }

    /// <summary>The symbol of each byte, indexed by the byte.</summary>
    public static IReadOnlyList<char> OfByte { get; }

    private static bool IsPrintable(int b) => b is (>= '!' and <= '~') or (>= '¡' and <= '¬') or (>= '®' and <= 'ÿ');
}
