"""Names and labels shown on buttons, check boxes and menu items exactly as written.

Qt reads "&" in such a text as "underline the next letter and make it a shortcut", so "Smith & Nephew UK Ltd"
would show as "Smith _Nephew UK Ltd". Officers' and suppliers' own words go through `literal` first.
"""
from __future__ import annotations


def literal(text: str) -> str:
    """`text` for a button, check box or menu item: every "&" doubled, so it shows as itself."""
    return text.replace("&", "&&")


__all__ = ["literal"]
