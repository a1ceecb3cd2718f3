"""The Windows version resource of each executable, made from sv_desktop.__version__.

The spec writes this text into the build folder and hands it to PyInstaller,
which embeds it on Windows (Explorer's Properties → Details, and the version
Inno Setup reads for the installer). It is PyInstaller's text form of a
VSVersionInfo, which PyInstaller reads only when building on Windows, so
tests/packaging parses it on Linux against the pinned PyInstaller's classes.
"""
from __future__ import annotations

import re

PRODUCT = "SV Desktop"
COMPANY = "SV Desktop"


def version_numbers(version: str) -> tuple[int, int, int, int]:
    """'0.1.0' → (0, 1, 0, 0); a suffix such as 'rc1' or '.dev2' is dropped (Windows keeps four numbers)."""
    match = re.match(r"^(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?", version)
    if not match:
        raise ValueError(f"version '{version}' does not start with a number")
    numbers = tuple(int(part or 0) for part in match.groups())
    if any(number > 65535 for number in numbers):
        raise ValueError(f"version '{version}': Windows allows at most 65535 in each part")
    return numbers  # type: ignore[return-value]


def version_file_text(version: str, exe_name: str, description: str) -> str:
    numbers = version_numbers(version)
    strings = {
        "CompanyName": COMPANY,
        "FileDescription": description,
        "FileVersion": version,
        "InternalName": exe_name,
        "LegalCopyright": f"Copyright (C) {COMPANY}",
        "OriginalFilename": f"{exe_name}.exe",
        "ProductName": PRODUCT,
        "ProductVersion": version,
    }
    string_structs = ",\n".join(f"          StringStruct({key!r}, {value!r})" for key, value in strings.items())
    return f"""# UTF-8
# Made by packaging/version_info.py from sv_desktop.__version__; do not edit.
VSVersionInfo(
  ffi=FixedFileInfo(
    filevers={numbers},
    prodvers={numbers},
    mask=0x3f,
    flags=0x0,
    OS=0x40004,
    fileType=0x1,
    subtype=0x0,
    date=(0, 0)
  ),
  kids=[
    StringFileInfo([
      StringTable(
        '080904B0',
        [
{string_structs}
        ])
    ]),
    VarFileInfo([VarStruct('Translation', [2057, 1200])])
  ]
)
"""
