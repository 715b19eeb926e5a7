#!/usr/bin/python3
"""Reference perceptual hashes, computed independently of Lumina's code.

Implements the four hashes of the Python imagehash library (4.3.x, JohannesBuchner/imagehash) from
their definitions, with Pillow, numpy, scipy and PyWavelets (Debian: python3-pil python3-numpy
python3-scipy python3-pywt; run with /usr/bin/python3):

  every hash starts from the upright image (PIL.ImageOps.exif_transpose) converted to "L"
  (ITU-R 601-2 luma) and resized with Image.resize(..., LANCZOS) (reducing_gap=None);
  ahash  8x8, bit set where a pixel is above the mean of the 64 pixels;
  dhash  9x8 (width 9), bit set where the right neighbour is brighter;
  phash  32x32, scipy.fftpack DCT-II (unnormalized) over axis 0 then axis 1, the 8x8 lowest
         frequencies above their median;
  whash  image_scale = max(2**int(log2(min(w, h))), 8) square, pixels / 255, Haar wavelet: the
         lowest LL at the full level removed (remove_max_haar_ll), then the LL of
         log2(image_scale) - 3 levels above its median.
  Bits row-major, first bit most significant, 16 hex digits (as str(ImageHash)).

Usage:
  imagehash_reference.py corpus CORPUS_ROOT > imagehash_corpus.csv
      One row per file under CORPUS_ROOT/exif and CORPUS_ROOT/dups that Pillow can read:
      path relative to CORPUS_ROOT, ahash, dhash, phash, whash. Files Pillow cannot read (HEIC,
      AVIF, JPEG XL, most RAW) are left out of the CSV and listed on stderr; so are .csv/.md files.
  imagehash_reference.py fixtures
      The pixel values pinned in Lumina.Core.Tests (luma rounding, Lanczos resizes of a small image).
"""

import csv
import os
import sys

import numpy
import pywt
import scipy.fftpack
from PIL import Image, ImageOps, UnidentifiedImageError

LANCZOS = Image.Resampling.LANCZOS if hasattr(Image, "Resampling") else Image.LANCZOS
HASH = 8


def bits_to_hex(bits):
    value = 0
    for bit in numpy.asarray(bits).flatten():
        value = (value << 1) | int(bool(bit))
    return "{:0{}x}".format(value, bits.size // 4)


def upright_luma(path):
    with Image.open(path) as image:
        image.load()
        return ImageOps.exif_transpose(image).convert("L")


def resized(luma, width, height):
    return numpy.asarray(luma.resize((width, height), LANCZOS))


def ahash(luma):
    pixels = resized(luma, HASH, HASH)
    return pixels > pixels.mean()


def dhash(luma):
    pixels = resized(luma, HASH + 1, HASH)
    return pixels[:, 1:] > pixels[:, :-1]


def phash(luma):
    pixels = resized(luma, 4 * HASH, 4 * HASH)
    dct = scipy.fftpack.dct(scipy.fftpack.dct(pixels, axis=0), axis=1)
    low = dct[:HASH, :HASH]
    return low > numpy.median(low)


def whash(luma):
    scale = max(2 ** int(numpy.log2(min(luma.size))), HASH)
    full_level = int(numpy.log2(scale))
    pixels = resized(luma, scale, scale) / 255.0
    coeffs = list(pywt.wavedec2(pixels, "haar", level=full_level))
    coeffs[0] = coeffs[0] * 0
    pixels = pywt.waverec2(coeffs, "haar")
    low = pywt.wavedec2(pixels, "haar", level=full_level - int(numpy.log2(HASH)))[0]
    return low > numpy.median(low)


def corpus(root):
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["file", "ahash", "dhash", "phash", "whash"])
    for top in ("exif", "dups"):
        for folder, dirs, files in os.walk(os.path.join(root, top)):
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(folder, name)
                relative = os.path.relpath(path, root).replace(os.sep, "/")
                if name.lower().endswith((".csv", ".md")):
                    continue
                try:
                    luma = upright_luma(path)
                except (UnidentifiedImageError, OSError) as error:
                    print(f"left out (Pillow cannot read it): {relative}: {error}", file=sys.stderr)
                    continue
                writer.writerow([relative] + [bits_to_hex(h(luma)) for h in (ahash, dhash, phash, whash)])


def fixture_image():
    """A 13x7 RGB image whose channels are simple functions of the position."""
    rgb = numpy.zeros((7, 13, 3), dtype=numpy.uint8)
    for y in range(7):
        for x in range(13):
            rgb[y, x] = ((x * 37 + y * 11) % 256, (x * x * 5 + y * 29) % 256, (255 - x * 13 - y * y * 7) % 256)
    return Image.fromarray(rgb, "RGB")


def fixtures():
    samples = [(255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 255), (1, 1, 1), (128, 64, 200), (3, 2, 1), (200, 201, 199)]
    print("luma of", samples, "=", [Image.new("RGB", (1, 1), s).convert("L").getpixel((0, 0)) for s in samples])
    luma = fixture_image().convert("L")
    print("fixture luma 13x7 =", list(numpy.asarray(luma).flatten()))
    for width, height in ((5, 3), (9, 8), (4, 7), (26, 3)):
        print(f"lanczos {width}x{height} =", list(resized(luma, width, height).flatten()))
    print("fixture ahash, dhash, phash, whash =", [bits_to_hex(h(luma)) for h in (ahash, dhash, phash, whash)])
    step = numpy.zeros((64, 64), dtype=numpy.uint8)
    step[:, 32:] = 255
    step = Image.fromarray(step, "L")
    print("step 64x64 lanczos 9x8 row =", list(resized(step, 9, 8)[0]))
    print("step ahash, dhash, phash, whash =", [bits_to_hex(h(step)) for h in (ahash, dhash, phash, whash)])
    flat = Image.new("L", (40, 30), 200)
    print("flat 40x30 ahash, dhash, phash =", [bits_to_hex(h(flat)) for h in (ahash, dhash, phash)])
    pattern = numpy.array([[(x + 3 * y * y + x * y) % 256 for x in range(32)] for y in range(32)], dtype=numpy.uint8)
    low = scipy.fftpack.dct(scipy.fftpack.dct(pattern.astype(float), axis=0, norm="ortho"), axis=1, norm="ortho")[:HASH, :HASH]
    print("pattern 32x32 phash =", bits_to_hex(phash(Image.fromarray(pattern, "L"))),
          "(an orthonormal DCT would give", bits_to_hex(low > numpy.median(low)) + ")")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "corpus":
        corpus(sys.argv[2])
    elif len(sys.argv) == 2 and sys.argv[1] == "fixtures":
        fixtures()
    else:
        sys.exit(__doc__)
