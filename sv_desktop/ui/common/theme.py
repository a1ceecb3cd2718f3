"""Colours that keep text readable under whatever palette the app runs with: the system's, or high contrast.

The app follows the system palette (light, dark, or a Windows high-contrast theme) and its font. Words that
carry a tone (an error, a pass, a warning, a quiet note) take their colour from the table for the palette's
lightness, so dark red is never drawn on black; the words themselves always say what the colour says.
`readable_palette` lifts any text/background pair of a palette below WCAG AA (4.5:1) and leaves every other
colour as the system set it. View → High contrast applies the app's own black, white and yellow palette
(under the Fusion style, which honours a palette everywhere) and is remembered per user.
"""
from __future__ import annotations

import tempfile
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QObject, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPalette, QPolygonF
from PySide6.QtWidgets import QApplication, QWidget

AA_TEXT = 4.5  # WCAG 2.1 AA, normal text
AA_LARGE_TEXT = 3.0  # 18 pt, or 14 pt bold, and over
TONE_PROPERTY = "svTone"

Role = QPalette.ColorRole
Group = QPalette.ColorGroup
# Text drawn on a background, by palette role: the pairs a reader has to make out.
TEXT_PAIRS = (
    (Role.WindowText, Role.Window),
    (Role.Text, Role.Base),
    (Role.Text, Role.AlternateBase),
    (Role.ButtonText, Role.Button),
    (Role.HighlightedText, Role.Highlight),
    (Role.PlaceholderText, Role.Base),
    (Role.ToolTipText, Role.ToolTipBase),
    (Role.Link, Role.Base),
    (Role.LinkVisited, Role.Base),
)
ENABLED_GROUPS = (Group.Active, Group.Inactive)  # WCAG asks nothing of disabled controls
BACKGROUND_ROLES = (Role.Window, Role.Base, Role.AlternateBase, Role.Button)  # what words are written on


# -- measuring ------------------------------------------------------------------------------------------

def _channel(value: float) -> float:
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: QColor | str) -> float:
    """WCAG 2.1 relative luminance of an opaque colour."""
    colour = QColor(colour)
    return 0.2126 * _channel(colour.redF()) + 0.7152 * _channel(colour.greenF()) + 0.0722 * _channel(colour.blueF())


def over(foreground: QColor | str, background: QColor | str) -> QColor:
    """A translucent colour as it shows on `background` (Qt's placeholder text is half-transparent text)."""
    fg, bg = QColor(foreground), QColor(background)
    alpha = fg.alphaF()
    return QColor.fromRgbF(fg.redF() * alpha + bg.redF() * (1 - alpha), fg.greenF() * alpha + bg.greenF() * (1 - alpha),
                           fg.blueF() * alpha + bg.blueF() * (1 - alpha))


def contrast_ratio(foreground: QColor | str, background: QColor | str) -> float:
    """WCAG 2.1 contrast ratio (1 to 21) of text in `foreground` on `background`."""
    bg = QColor(background)
    lighter, darker = sorted((relative_luminance(over(foreground, bg)), relative_luminance(bg)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def is_dark(palette: QPalette | None = None) -> bool:
    """Whether the palette puts light text on a dark window (a dark or high-contrast theme)."""
    palette = palette or QApplication.palette()
    return relative_luminance(palette.color(Role.Window)) < relative_luminance(palette.color(Role.WindowText))


# -- tones: coloured words ------------------------------------------------------------------------------

class Tone(Enum):
    """What a coloured piece of text says; its words say it too."""

    ERROR = "error"
    OK = "ok"
    WARNING = "warning"
    MUTED = "muted"
    INFO = "info"


# Each at least 4.5:1 on the backgrounds of its palettes (tests/ui/common/test_contrast.py).
LIGHT_TONES = {Tone.ERROR: "#b00020", Tone.OK: "#00703c", Tone.WARNING: "#8a4b00", Tone.MUTED: "#505a5f",
               Tone.INFO: "#1a65a6"}
DARK_TONES = {Tone.ERROR: "#ff9e9e", Tone.OK: "#7ee0a0", Tone.WARNING: "#ffc46b", Tone.MUTED: "#c8ccce",
              Tone.INFO: "#9ccfff"}


def tone_colour(tone: Tone, palette: QPalette | None = None) -> QColor:
    """The colour of `tone` for the palette in use (or the one given): the table's, made darker (or lighter)
    where a system palette's backgrounds would leave it under 4.5:1."""
    palette = palette or QApplication.palette()
    colour = QColor((DARK_TONES if is_dark(palette) else LIGHT_TONES)[tone])
    for group in ENABLED_GROUPS:
        for role in BACKGROUND_ROLES:
            colour, _background = _readable_pair(colour, palette.color(group, role))
    return colour


class Banner(Enum):
    """A boxed message over a form: (light background, its edge; the edge under a dark palette)."""

    WARNING = ("#fff7bf", "#f47738", "#ffdd00")
    INFO = ("#eef4fa", "#1d70b8", "#9ccfff")
    LOCKED = ("#f3f2f1", "#0b0c0c", "#ffffff")


BANNER_TEXT = "#0b0c0c"  # on every light banner background


def banner_style(banner: Banner, palette: QPalette | None = None) -> str:
    """A QLabel style sheet for the banner: a pale box with dark words, or under a dark palette the palette's own
    background and words with a bright edge."""
    light, edge, dark_edge = banner.value
    if is_dark(palette):
        return f"QLabel {{ border-left: 5px solid {dark_edge}; padding: 6px; }}"
    return f"QLabel {{ background: {light}; border-left: 5px solid {edge}; padding: 6px; color: {BANNER_TEXT}; }}"


def _style_for(name: str) -> str:
    if name.startswith("banner:"):
        return banner_style(Banner[name.removeprefix("banner:")])
    return f"color: {tone_colour(Tone(name)).name()};"


def set_tone(widget: QWidget, tone: Tone | None) -> None:
    """Colour the widget's text in `tone` (None: the palette's own), now and whenever the palette changes."""
    _mark(widget, tone.value if tone is not None else "")


def set_banner(widget: QWidget, banner: Banner | None) -> None:
    """Box a label as `banner` (None: a plain label), now and whenever the palette changes."""
    _mark(widget, f"banner:{banner.name}" if banner is not None else "")


def _mark(widget: QWidget, name: str) -> None:
    widget.setProperty(TONE_PROPERTY, name)
    widget.setStyleSheet(_style_for(name) if name else "")


def refresh_tones() -> None:
    """Recolour every toned widget for the palette now in use."""
    for widget in QApplication.allWidgets():
        name = widget.property(TONE_PROPERTY)
        if name:
            widget.setStyleSheet(_style_for(str(name)))


def invalid_cell_background(palette: QPalette | None = None) -> QColor:
    """Behind a table cell that holds a wrong value (its message says what is wrong)."""
    return QColor("#5c1f24" if is_dark(palette) else "#fde7e9")


# -- drawing ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ChartInk:
    """The colours a hand-drawn chart uses, from the palette in use: paper and its frame, words, quiet words and
    grid, the data series (a checked figure, an unchecked one, a target line) and a figure over its target."""

    paper: QColor
    frame: QColor
    text: QColor
    muted: QColor
    grid: QColor
    checked: QColor
    unchecked: QColor
    expected: QColor
    alert: QColor


def chart_ink(palette: QPalette | None = None) -> ChartInk:
    palette = palette or QApplication.palette()
    dark = is_dark(palette)
    return ChartInk(
        paper=palette.color(Role.Base),
        frame=palette.color(Role.Mid) if dark else QColor("#b1b4b6"),
        text=palette.color(Role.Text),
        muted=tone_colour(Tone.MUTED, palette),
        grid=QColor("#3a3a3a") if dark else QColor("#e6e8ea"),
        checked=tone_colour(Tone.INFO, palette),
        unchecked=QColor("#2b4a66") if dark else QColor("#c6dcf0"),
        expected=palette.color(Role.Text),
        alert=tone_colour(Tone.ERROR, palette),
    )


# -- palettes --------------------------------------------------------------------------------------------

def high_contrast_palette() -> QPalette:
    """White words on black, yellow selection and focus, bright edges; greyed-out things in green, as Windows'
    own high-contrast black theme shows them."""
    palette = QPalette()
    black, white, yellow = QColor("#000000"), QColor("#ffffff"), QColor("#ffff00")
    colours = {
        Role.Window: black, Role.WindowText: white, Role.Base: black, Role.AlternateBase: QColor("#1c1c1c"),
        Role.Text: white, Role.Button: black, Role.ButtonText: white, Role.BrightText: yellow,
        Role.Highlight: yellow, Role.HighlightedText: black, Role.Link: yellow, Role.LinkVisited: QColor("#ff9eff"),
        Role.ToolTipBase: black, Role.ToolTipText: white, Role.PlaceholderText: QColor("#c0c0c0"),
        Role.Light: white, Role.Midlight: QColor("#c0c0c0"), Role.Mid: QColor("#c0c0c0"), Role.Dark: white,
        Role.Shadow: white,
    }
    for role, colour in colours.items():
        palette.setColor(role, colour)
    disabled = QColor("#3ff23f")
    for role in (Role.WindowText, Role.Text, Role.ButtonText):
        palette.setColor(Group.Disabled, role, disabled)
    palette.setColor(Group.Disabled, Role.Highlight, QColor("#3a3a3a"))
    palette.setColor(Group.Disabled, Role.Base, black)
    return palette


def _toward(colour: QColor, target: QColor, step: float) -> QColor:
    return QColor.fromRgbF(colour.redF() + (target.redF() - colour.redF()) * step,
                           colour.greenF() + (target.greenF() - colour.greenF()) * step,
                           colour.blueF() + (target.blueF() - colour.blueF()) * step)


def _readable_pair(foreground: QColor, background: QColor) -> tuple[QColor, QColor]:
    """The least change that gives 4.5:1: light words get lighter and dark words darker; when even white or black
    is not enough (white on a mid blue), the background moves the other way."""
    shown = over(foreground, background)
    if contrast_ratio(shown, background) >= AA_TEXT:
        return foreground, background
    black, white = QColor("#000000"), QColor("#ffffff")
    extreme = white if relative_luminance(shown) > relative_luminance(background) else black
    for step in range(1, 21):
        moved = _toward(shown, extreme, step / 20)
        if contrast_ratio(moved, background) >= AA_TEXT:
            return moved, background
    away = white if extreme == black else black
    for step in range(1, 21):
        moved = _toward(background, away, step / 20)
        if contrast_ratio(extreme, moved) >= AA_TEXT:
            return extreme, moved
    return extreme, away


def readable_palette(palette: QPalette) -> QPalette:
    """`palette` with every text/background pair of enabled controls at 4.5:1 or more; pairs already there, and
    every other colour, are left as they were."""
    fixed = QPalette(palette)
    for group in ENABLED_GROUPS:
        for text_role, background_role in TEXT_PAIRS:
            text, background = _readable_pair(fixed.color(group, text_role), fixed.color(group, background_role))
            if text != fixed.color(group, text_role):
                fixed.setColor(group, text_role, text)
            if background != fixed.color(group, background_role):
                fixed.setColor(group, background_role, background)
    return fixed


# Under high contrast every field, list and button gets a white edge (the palette alone leaves black boxes on
# black), and whatever has the keyboard focus a thick yellow one.
HIGH_CONTRAST_STYLE = """
QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox, QComboBox, QAbstractItemView, QPushButton, QToolButton {
    border: 1px solid #ffffff;
}
QPushButton, QToolButton { padding: 3px 10px; }
QComboBox { padding: 1px 4px; }
QLineEdit:disabled, QPlainTextEdit:disabled, QAbstractSpinBox:disabled, QComboBox:disabled, QPushButton:disabled,
QToolButton:disabled { border: 1px dashed #3ff23f; }
QPushButton:default { border: 2px solid #ffffff; }
QPushButton:pressed, QToolButton:pressed { background: #ffff00; color: #000000; }
QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus, QAbstractSpinBox:focus, QComboBox:focus,
QAbstractItemView:focus, QPushButton:focus, QToolButton:focus { border: 2px solid #ffff00; }
QCheckBox:focus, QRadioButton:focus { color: #ffff00; }
QAbstractSpinBox::up-button, QAbstractSpinBox::down-button { width: 16px; border-left: 1px solid #ffffff; }
QAbstractSpinBox::up-arrow { image: url("{up}"); width: 10px; height: 6px; }
QAbstractSpinBox::down-arrow, QComboBox::down-arrow, QDateTimeEdit::down-arrow { image: url("{down}");
    width: 10px; height: 6px; }
QComboBox::drop-down, QDateTimeEdit::drop-down { width: 18px; border-left: 1px solid #ffffff; }
QTabBar::tab { border: 1px solid #c0c0c0; padding: 4px 10px; margin-right: 2px; }
QTabBar::tab:selected { border: 2px solid #ffffff; border-bottom: 4px solid #ffff00; }
QTabBar::tab:focus { color: #ffff00; }
QToolTip { border: 1px solid #ffffff; }
"""


def _arrow_files() -> tuple[str, str]:
    """White up and down arrows for high contrast's spin boxes and drop-downs (a style sheet can only show them
    from files), drawn once into the temporary folder at 1x and 2x."""
    folder = Path(tempfile.gettempdir()) / "sv-desktop-high-contrast"
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for direction, points in (("up", ((0, 6), (5, 0), (10, 6))), ("down", ((0, 0), (10, 0), (5, 6)))):
        for scale, suffix in ((1, ""), (2, "@2x")):
            image = QImage(10 * scale, 6 * scale, QImage.Format.Format_ARGB32)
            image.fill(Qt.GlobalColor.transparent)
            painter = QPainter(image)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("#ffffff"))
            painter.drawPolygon(QPolygonF([QPointF(x * scale, y * scale) for x, y in points]))
            painter.end()
            image.save(str(folder / f"arrow-{direction}{suffix}.png"))
        names.append((folder / f"arrow-{direction}.png").as_posix())
    return names[0], names[1]


class _SystemLook(QObject):
    """The style, palette and style sheet the app started with, kept so high contrast can be turned off again."""

    def __init__(self, app: QApplication):
        super().__init__(app)
        self.style_name = app.style().name()
        self.palette = QPalette(app.palette())
        self.style_sheet = app.styleSheet()


def apply_theme(app: QApplication, high_contrast: bool) -> None:
    """High contrast on or off for the whole app; off is the system's own look, made readable where it falls short."""
    system = app.findChild(_SystemLook) or _SystemLook(app)
    if high_contrast:
        app.setStyle("Fusion")
        app.setPalette(high_contrast_palette())
        up, down = _arrow_files()
        app.setStyleSheet(system.style_sheet + HIGH_CONTRAST_STYLE.replace("{up}", up).replace("{down}", down))
    else:
        if app.style().name().lower() != system.style_name.lower():
            app.setStyle(system.style_name)
        app.setPalette(readable_palette(system.palette))
        app.setStyleSheet(system.style_sheet)
    refresh_tones()

