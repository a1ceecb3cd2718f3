"""Draw the application icon with Qt: resources/icons/sv-desktop.png (the window icon) and
packaging/icons/sv-desktop.ico (the executables' and installer's).

    .venv/bin/python packaging/make_icon.py

The output is committed, so building needs neither this script nor an image
tool; run it again only to change the icon. Every size is drawn on its own (not
scaled down from 256 px) so the letters stay crisp at 16 px. The .ico holds
BMP images for the small sizes and a PNG for 256 px, the layout Windows'
resource compiler and Inno Setup both read.
"""
from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt  # noqa: E402
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QImage, QPainter  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "packaging" / "icons"
WINDOW_ICON = ROOT / "resources" / "icons" / "sv-desktop.png"
FONT = ROOT / "resources" / "fonts" / "DejaVuSans-Bold.ttf"
SIZES = (16, 24, 32, 48, 64, 128, 256)
NHS_BLUE = QColor("#005EB8")
NHS_LIGHT_GREEN = QColor("#78BE20")


def draw(size: int, family: str) -> QImage:
    """A blue rounded tile with a white "SV" and, from 32 px up, three rising green bars underneath."""
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    tile = QRectF(0, 0, size, size).adjusted(size * 0.02, size * 0.02, -size * 0.02, -size * 0.02)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(NHS_BLUE)
    painter.drawRoundedRect(tile, size * 0.18, size * 0.18)
    font = QFont(family)
    font.setWeight(QFont.Weight.Bold)
    font.setPixelSize(round(size * (0.56 if size < 32 else 0.46)))
    font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 92)
    painter.setFont(font)
    painter.setPen(QColor("white"))
    if size < 32:
        painter.drawText(tile, Qt.AlignmentFlag.AlignCenter, "SV")
    else:
        text_box = QRectF(tile.left(), tile.top() + size * 0.06, tile.width(), size * 0.58)
        painter.drawText(text_box, Qt.AlignmentFlag.AlignCenter, "SV")
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(NHS_LIGHT_GREEN)
        left, base, width = size * 0.2, size * 0.84, size * 0.6
        bar_width = width / 3 - size * 0.03
        for step in range(3):
            height = size * (0.07 + 0.05 * step)
            painter.drawRect(QRectF(left + step * width / 3, base - height, bar_width, height))
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data)


def dib_bytes(image: QImage) -> bytes:
    """An icon directory entry's BMP: header with doubled height, BGRA rows bottom-up, then the AND mask."""
    size = image.width()
    header = struct.pack("<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0, 0, 0, 0, 0, 0)
    converted = image.convertToFormat(QImage.Format.Format_ARGB32)
    rows = []
    for y in range(size - 1, -1, -1):
        row = bytearray()
        for x in range(size):
            pixel = converted.pixel(x, y)  # 0xAARRGGBB
            row += struct.pack("<I", pixel)  # little-endian: B, G, R, A
        rows.append(bytes(row))
    mask_row = ((size + 31) // 32) * 4  # 1 bit a pixel, rows padded to 32 bits; all zero: alpha decides
    return header + b"".join(rows) + bytes(mask_row * size)


def ico_bytes(images: dict[int, QImage]) -> bytes:
    payloads = [(size, png_bytes(image) if size >= 256 else dib_bytes(image)) for size, image in images.items()]
    offset = 6 + 16 * len(payloads)
    directory, blobs = [], []
    for size, blob in payloads:
        edge = 0 if size >= 256 else size  # 0 means 256 in an icon directory
        directory.append(struct.pack("<BBBBHHII", edge, edge, 0, 0, 1, 32, len(blob), offset))
        blobs.append(blob)
        offset += len(blob)
    return struct.pack("<HHH", 0, 1, len(payloads)) + b"".join(directory) + b"".join(blobs)


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv)
    font_id = QFontDatabase.addApplicationFont(str(FONT))
    if font_id < 0:
        print(f"Could not load {FONT}", file=sys.stderr)
        return 1
    family = QFontDatabase.applicationFontFamilies(font_id)[0]
    images = {size: draw(size, family) for size in SIZES}
    ICONS.mkdir(parents=True, exist_ok=True)
    WINDOW_ICON.parent.mkdir(parents=True, exist_ok=True)
    WINDOW_ICON.write_bytes(png_bytes(images[256]))
    (ICONS / "sv-desktop.ico").write_bytes(ico_bytes(images))
    print(f"Wrote {WINDOW_ICON} and {ICONS / 'sv-desktop.ico'} ({', '.join(map(str, SIZES))} px)")
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
