namespace Lumina.Imaging.Raw;

/// <summary>
/// TIFF-structured RAW files (DNG, CR2, NEF, NRW, ARW, SR2, SRF, ORF, RW2, PEF, SRW, 3FR, IIQ): the kind
/// from the header and IFD0, the previews from every IFD (JPEGInterchangeFormat, JPEG-compressed strips,
/// RW2's JpgFromRaw) and from the maker notes that hold one (Nikon's PreviewIFD, also inside a DNG's
/// private data; Olympus' camera settings), and the sensor image's size from the raw data's IFD.
/// A TIFF without raw sensor data is an ordinary TIFF and not read here.
/// </summary>
internal static class TiffRaw
{
    private const ushort JpgFromRaw = 0x002E, NikonPreviewIfd = 0x0011, OlympusCameraSettings = 0x2020,
        OlympusPreviewStart = 0x0101, OlympusPreviewLength = 0x0102, PanasonicSensorWidth = 0x0002, PanasonicSensorHeight = 0x0003;

    /// <summary>Colour filter array and linear raw: how sensor data is stored.</summary>
    private static readonly HashSet<uint> RawPhotometric = [32803, 34892];

    /// <summary>Compressions only sensor data uses: Sony, Samsung, Nikon, Kodak, Pentax.</summary>
    private static readonly HashSet<uint> RawCompressions = [32767, 32769, 32770, 32772, 34713, 65000, 65535];

    public static RawFile? Read(byte[] bytes, string? extension)
    {
        if (TiffStructure.Open(bytes, 0) is not { } tiff || Ifd.ImageIfds(tiff) is not [var ifd0, ..] ifds)
        {
            return null;
        }

        var makerNotes = MakerNotes(tiff, ifd0);
        if (Kind(bytes, tiff, ifds, makerNotes, extension) is not { } kind)
        {
            return null;
        }

        var previews = ifds.SelectMany((ifd, i) => Previews(bytes, ifd, i, kind))
            .Concat(makerNotes.SelectMany(note => MakerNotePreviews(bytes, tiff, note)))
            .OfType<EmbeddedPreview>()
            .ToList();
        return new RawFile(kind, previews, TiffStructured: true, SensorSize(kind, ifds), []);
    }

    private static string? Kind(byte[] bytes, TiffStructure tiff, IReadOnlyList<Ifd> ifds, IReadOnlyList<(int At, int Length)> makerNotes, string? extension)
    {
        var ifd0 = ifds[0];
        var make = ifd0.Text(Ifd.Make)?.ToUpperInvariant() ?? "";
        switch (tiff.Magic)
        {
            case 0x4F52 or 0x5352:
                return "orf";
            case 0x55:
                return "rw2";
            case not 42:
                return null;
        }

        if (bytes.AsSpan(8).StartsWith("CR\x02\0"u8))
        {
            return "cr2";
        }

        if (ifd0.Entry(Ifd.DngVersion) is not null)
        {
            return "dng";
        }

        // Phase One keeps the sensor data in its maker note ("IIII?waR" or "MMMMRaw?"), as exiftool tells IIQ apart.
        if (makerNotes.Any(n => n.Length > 1_000_000 && tiff.Span(n.At, 8) is var head
            && ((head.StartsWith("IIII"u8) && head[5..].SequenceEqual("waR"u8)) || head.StartsWith("MMMMRaw"u8))))
        {
            return "iiq";
        }

        // IFD0 a reduced-resolution image beside SubIFDs is the RAW layout too, even when (in a truncated
        // file) the sensor data's IFD itself cannot be read.
        var reducedBesideSubIfds = ifd0.Number(Ifd.NewSubfileType) == 1 && ifd0.Entry(Ifd.SubIfds) is not null;
        if (!ifds.Any(HoldsSensorData) && !reducedBesideSubIfds)
        {
            return null;
        }

        var named = extension?.TrimStart('.').ToLowerInvariant();
        return make switch
        {
            _ when make.StartsWith("NIKON", StringComparison.Ordinal) => ifd0.Number(Ifd.Compression) == 6 ? "nrw" : "nef",
            _ when make.StartsWith("SONY", StringComparison.Ordinal) => named is "sr2" or "srf" ? named : "arw",
            _ when make.StartsWith("PENTAX", StringComparison.Ordinal) || make.StartsWith("RICOH", StringComparison.Ordinal) => "pef",
            _ when make.StartsWith("SAMSUNG", StringComparison.Ordinal) => "srw",
            _ when make.StartsWith("HASSELBLAD", StringComparison.Ordinal) => "3fr",
            _ when make.StartsWith("PHASE ONE", StringComparison.Ordinal) || make.StartsWith("LEAF", StringComparison.Ordinal) => "iiq",
            _ => "raw",
        };
    }

    private static bool HoldsSensorData(Ifd ifd) =>
        (ifd.Number(Ifd.PhotometricInterpretation) is { } photometric && RawPhotometric.Contains(photometric))
        || (ifd.Number(Ifd.Compression) is { } compression && RawCompressions.Contains(compression));

    private static IEnumerable<EmbeddedPreview?> Previews(byte[] bytes, Ifd ifd, int index, string kind)
    {
        var name = index == 0 ? "IFD0" : $"IFD {index}";
        if (ifd.Number(Ifd.JpegInterchangeFormat) is { } start && ifd.Number(Ifd.JpegInterchangeFormatLength) is { } length)
        {
            yield return EmbeddedPreview.At(bytes, ifd.Tiff.Base + (long)start, length, $"{name} JPEGInterchangeFormat");
        }

        if (ifd.Number(Ifd.Compression) is 6 or 7 && Strips(ifd) is var (offset, size))
        {
            yield return EmbeddedPreview.At(bytes, offset, size, $"{name} JPEG strips");
        }

        if (kind == "rw2" && index == 0 && ifd.Entry(JpgFromRaw) is { } jpeg)
        {
            yield return EmbeddedPreview.At(bytes, jpeg.ValueAt, jpeg.ByteLength, "RW2 JpgFromRaw");
        }
    }

    /// <summary>The bytes of an IFD's strips when they follow one another (one JPEG stream).</summary>
    private static (long Offset, long Length)? Strips(Ifd ifd)
    {
        var offsets = ifd.Numbers(Ifd.StripOffsets);
        var counts = ifd.Numbers(Ifd.StripByteCounts);
        if (offsets.Length == 0 || offsets.Length != counts.Length)
        {
            return null;
        }

        for (var i = 1; i < offsets.Length; i++)
        {
            if ((long)offsets[i - 1] + counts[i - 1] != offsets[i])
            {
                return null;
            }
        }

        return (ifd.Tiff.Base + (long)offsets[0], counts.Sum(c => (long)c));
    }

    /// <summary>Where the maker notes are: the Exif IFD's, and a DNG's copy in its private data ("Adobe\0MakN").</summary>
    private static List<(int At, int Length)> MakerNotes(TiffStructure tiff, Ifd ifd0)
    {
        var notes = new List<(int At, int Length)>();
        if (ifd0.Pointed(Ifd.ExifIfd)?.Entry(Ifd.MakerNote) is { } note)
        {
            notes.Add((note.ValueAt, note.ByteLength));
        }

        // Adobe's block: "Adobe\0", "MakN", a big-endian count, the original byte order (2) and offset (4), then the note.
        if (ifd0.Entry(Ifd.DngPrivateData) is { } data && tiff.Span(data.ValueAt, 10) is var head
            && head.StartsWith("Adobe\0MakN"u8) && data.ByteLength > 20)
        {
            notes.Add((data.ValueAt + 20, data.ByteLength - 20));
        }

        return notes;
    }

    private static IEnumerable<EmbeddedPreview?> MakerNotePreviews(byte[] bytes, TiffStructure tiff, (int At, int Length) note)
    {
        var head = tiff.Span(note.At, Math.Min(note.Length, 12)).ToArray();
        if (head.AsSpan().StartsWith("Nikon\0\x02"u8) && tiff.Nested(note.At + 10) is { } nikon
            && nikon.FirstIfd is { } first && Ifd.At(nikon, first)?.Pointed(NikonPreviewIfd) is { } preview
            && preview.Number(Ifd.JpegInterchangeFormat) is { } start && preview.Number(Ifd.JpegInterchangeFormatLength) is { } length)
        {
            yield return EmbeddedPreview.At(bytes, nikon.Base + (long)start, length, "Nikon PreviewIFD");
        }

        // Olympus: "OLYMPUS\0" + byte order notes count offsets from their own start; older "OLYMP\0" ones from the file's TIFF header.
        var olympus = head.AsSpan().StartsWith("OLYMPUS\0"u8) && TiffStructure.Open(bytes, note.At + 8) is { } order ? (Tiff: order.Rebased(note.At), Ifd: note.At + 12)
            : head.AsSpan().StartsWith("OLYMP\0"u8) ? (Tiff: tiff, Ifd: note.At + 8)
            : default;
        if (olympus.Tiff is { } notes && Ifd.At(notes, olympus.Ifd)?.Pointed(OlympusCameraSettings) is { } settings
            && settings.Number(OlympusPreviewStart) is { } from && settings.Number(OlympusPreviewLength) is { } size)
        {
            yield return EmbeddedPreview.At(bytes, notes.Base + (long)from, size, "Olympus camera settings preview");
        }
    }

    /// <summary>
    /// The sensor image's stored size: the largest IFD of sensor data (DNG's full-resolution subfile), RW2's
    /// sensor size, CR2's and ORF's IFD0. Null when the file's raw IFD cannot be read.
    /// </summary>
    private static (int Width, int Height)? SensorSize(string kind, IReadOnlyList<Ifd> ifds)
    {
        var ifd0 = ifds[0];
        IEnumerable<Ifd> sensor = kind switch
        {
            "cr2" or "orf" => [ifd0],
            "dng" => ifds.Where(i => i.Number(Ifd.NewSubfileType) == 0),
            _ => ifds.Where(HoldsSensorData),
        };
        if (kind == "rw2" && ifd0.Number(PanasonicSensorWidth) is { } width and > 0 && ifd0.Number(PanasonicSensorHeight) is { } height and > 0)
        {
            return ((int)width, (int)height);
        }

        (int Width, int Height)? largest = null;
        foreach (var ifd in sensor)
        {
            if (ifd.Number(Ifd.ImageWidth) is { } w and > 0 and <= int.MaxValue && ifd.Number(Ifd.ImageLength) is { } h and > 0 and <= int.MaxValue
                && (largest is not { } known || (long)w * h > (long)known.Width * known.Height))
            {
                largest = ((int)w, (int)h);
            }
        }

        return largest;
    }
}
