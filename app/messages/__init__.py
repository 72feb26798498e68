"""Every message the server writes for a person, in Chinese and English, keyed by a stable code.

A refusal carries a `Message` (its code and the values it quotes); the answer renders it in the
reader's language (`language_of(Accept-Language)`: Chinese when the header prefers zh, English
otherwise). The tables are split by concern (`table_*.py`) and merged here once; a code defined
twice, or missing a language, fails at import.

Values quoted in a message may themselves be bilingual (a field's label): a `{"zh", "en"}`
mapping, or anything with `.zh` and `.en`, is rendered in the message's language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from app.messages import (
    table_actuals,
    table_editing,
    table_http,
    table_imports,
    table_plan,
    table_validation,
)

LANGUAGES = ("en", "zh")
DEFAULT = "en"


def _merge(*tables: Mapping[str, tuple[str, str]]) -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for table in tables:
        for code, (en, zh) in table.items():
            if code in merged:
                raise ValueError(f"message {code!r} is defined twice")
            if not en or not zh:
                raise ValueError(f"message {code!r} lacks a language")
            merged[code] = {"en": en, "zh": zh}
    return merged


MESSAGES = _merge(
    table_http.MESSAGES,
    table_actuals.MESSAGES,
    table_editing.MESSAGES,
    table_imports.MESSAGES,
    table_plan.MESSAGES,
    table_validation.MESSAGES,
)


@dataclass(frozen=True)
class Message:
    """A message to render later, in whichever language the reader asks for."""

    code: str
    params: dict = field(default_factory=dict)

    def render(self, lang: str = DEFAULT) -> str:
        return render(self, lang)


def msg(code: str, /, **params: object) -> Message:
    if code not in MESSAGES:
        raise KeyError(f"no message {code!r} in app/messages")
    return Message(code, params)


def _value(value: object, lang: str) -> str:
    if isinstance(value, Message):
        return value.render(lang)
    if isinstance(value, Mapping) and lang in value:
        return str(value[lang])
    if hasattr(value, "zh") and hasattr(value, "en"):
        return str(getattr(value, lang))
    if isinstance(value, list | tuple):
        return ("、" if lang == "zh" else ", ").join(_value(v, lang) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def render(message: Message, lang: str = DEFAULT) -> str:
    lang = lang if lang in LANGUAGES else DEFAULT
    template = MESSAGES[message.code][lang]
    return template.format_map({k: _value(v, lang) for k, v in message.params.items()})


def both(message: Message) -> dict[str, str]:
    return {lang: render(message, lang) for lang in LANGUAGES}


def language_of(header: str | None) -> str:
    """`zh` when Accept-Language prefers Chinese (its highest-weighted tag is zh…), else `en`."""
    best, best_q = DEFAULT, 0.0
    for position, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        tag = tag.strip().lower()
        if not tag or tag == "*":
            continue
        q = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        # Earlier tags win ties (the order a client lists them in).
        if q > best_q or (q == best_q and position == 0):
            best, best_q = ("zh" if tag.split("-")[0] == "zh" else "en"), q
    return best if best_q > 0 else DEFAULT
