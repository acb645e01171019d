"""Indonesian and English for every user-facing string.

UI strings are written in English in the code, wrapped in ``_()`` and translated through gettext
catalogues (``locale/<lang>/LC_MESSAGES/*.po``, one file per area so that areas can grow
independently). The ``.po`` files are compiled in memory with Babel at first use, so no compiled
``.mo`` file has to be kept in the repository.

The language is an explicit argument (``lang``); :func:`resolve_lang` picks it from a flag, then the
``ASEANWAY_LANG`` environment variable, then English. There is no hidden global "current language".
"""

from __future__ import annotations

import io
import os
from functools import cache
from importlib import resources

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

LANGS = ("en", "id")
DEFAULT_LANG = "en"
ENV_VAR = "ASEANWAY_LANG"


def resolve_lang(flag: str | None = None) -> str:
    """Return the language to use: the flag, else ``$ASEANWAY_LANG``, else English.

    Raises ``ValueError`` naming the accepted values when the choice is unknown.
    """
    value = flag if flag else os.environ.get(ENV_VAR, DEFAULT_LANG)
    value = value.strip().lower()
    if value not in LANGS:
        source = "--lang" if flag else ENV_VAR
        raise ValueError(f"{source}: unknown language {value!r}; expected one of: {', '.join(LANGS)}")
    return value


@cache
def catalog(lang: str) -> Catalog:
    """All ``.po`` files of ``lang`` merged into one Babel catalogue."""
    merged = Catalog(locale=lang, domain="aseanway")
    root = resources.files("aseanway") / "locale" / lang / "LC_MESSAGES"
    if not root.is_dir():
        return merged
    for entry in sorted(root.iterdir(), key=lambda p: p.name):
        if not entry.name.endswith(".po"):
            continue
        with entry.open("rb") as fh:
            cat = read_po(fh, locale=lang)
        for msg in cat:
            if msg.id and msg.string and not msg.fuzzy:
                merged.add(msg.id, msg.string, context=msg.context)
    return merged


@cache
def translations(lang: str) -> NullTranslations:
    if lang == "en":
        return NullTranslations()
    buf = io.BytesIO()
    write_mo(buf, catalog(lang))
    buf.seek(0)
    return Translations(fp=buf, domain="aseanway")


def gettext(message: str, lang: str) -> str:
    """Translate ``message`` (English source text) into ``lang``."""
    return translations(lang).gettext(message)


def translator(lang: str):
    """A ``_`` function bound to one language: ``_ = translator(lang)``."""
    tr = translations(lang)
    return tr.gettext


def N_(message: str) -> str:  # noqa: N802 - gettext convention
    """Mark a string for extraction without translating it now (translated later with ``lang``)."""
    return message
