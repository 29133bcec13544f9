# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Stored texts shown in the reader's language.

A history keeps its texts as they were written (they are hash-chained), most
of them English source strings of the suite's code, some filled with values
("Signature made elsewhere, recorded by %(user)s."). A `Catalogue` holds the
Python translations of the suite's addons for one language and gives back a
stored text in that language: whole, or through the source pattern it was
made from, its values translated in turn. Texts it does not know (typed by a
user, or from a distributor) come back unchanged."""

import re

from odoo.tools.translate import code_translations

_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]")
_CATALOGUES = {}


def _pattern(source):
    """A regex matching what `source % values` produces, with one named
    group per placeholder, and the ordered names; None for a source with no
    placeholder or too little fixed text to be recognised."""
    parts, names, last = [], [], 0
    for index, match in enumerate(_PLACEHOLDER.finditer(source)):
        parts.append(re.escape(source[last : match.start()]))
        name = match.group(1) or f"_{index}"
        if name in names:
            return None
        names.append(name)
        parts.append(f"(?P<{name}>.+?)")
        last = match.end()
    if not names:
        return None
    parts.append(re.escape(source[last:]))
    if not _PLACEHOLDER.sub("", source).strip():
        return None
    return re.compile("^" + "".join(parts) + "$", re.DOTALL), names


class Catalogue:
    def __init__(self, translations):
        self.exact = dict(translations)
        patterns = []
        for source, value in self.exact.items():
            compiled = _pattern(source)
            if compiled:
                patterns.append((compiled[0], compiled[1], value))
        # The most specific source first.
        patterns.sort(key=lambda p: -len(_PLACEHOLDER.sub("", p[0].pattern)))
        self.patterns = patterns

    def translate(self, text, terms=None):
        """`text` in the catalogue's language; `terms` adds known texts
        (master data names: English -> this language)."""
        if not text:
            return text
        terms = terms or {}
        known = terms.get(text) or self.exact.get(text)
        if known:
            return known
        for regex, names, value in self.patterns:
            match = regex.match(text)
            if not match:
                continue
            values = {
                name: terms.get(match.group(name))
                or self.exact.get(match.group(name))
                or match.group(name)
                for name in names
            }
            return _fill(value, names, values)
        return text


def _fill(value, names, values):
    positional = iter(name for name in names if name.startswith("_"))

    def replace(match):
        name = match.group(1) or next(positional, None)
        return values.get(name, match.group(0)) if name else match.group(0)

    return _PLACEHOLDER.sub(replace, value)


def catalogue(modules, lang):
    """The Catalogue of the Python translations of `modules` in `lang`
    (kept for the life of the process: code translations do not change)."""
    key = (tuple(sorted(modules)), lang)
    if key not in _CATALOGUES:
        translations = {}
        if lang and lang != "en_US":
            for module in key[0]:
                translations.update(
                    code_translations.get_python_translations(module, lang)
                )
        _CATALOGUES[key] = Catalogue(translations)
    return _CATALOGUES[key]
