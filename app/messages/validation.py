"""FastAPI's validation errors (pydantic) as a problem document in the reader's language: the
English stays pydantic's own words; the Chinese comes from the table, by error type, with the
parameter called by the name a reader knows (table_validation.PARAMETERS)."""

from __future__ import annotations

from app.messages import MESSAGES, msg, render
from app.messages.table_validation import PARAMETERS

SECTIONS = ("query", "path", "body", "header", "cookie", "form")


def parameter_label(loc: list[str], lang: str) -> str:
    """`leading.0.industry` → 主导产业 第 1 项 产业 (zh); the dotted name itself in English."""
    if lang == "en":
        return ".".join(loc)
    words = []
    for part in loc:
        if part.isdigit():
            words.append(render(msg("validation.item", n=int(part) + 1), lang))
        else:
            words.append(PARAMETERS.get(part, {}).get(lang) or f"“{part}”")
    return " ".join(words)


def error_text(error: dict, lang: str) -> tuple[str, str]:
    """(code, text) of one pydantic error."""
    code = f"validation.{error.get('type', 'invalid')}"
    if code not in MESSAGES:
        code = "validation.invalid"
    if lang == "en":
        return code, error.get("msg", "invalid value")
    ctx = {k: v for k, v in (error.get("ctx") or {}).items()}
    try:
        return code, render(msg(code, **ctx), lang)
    except (KeyError, IndexError, ValueError):
        return "validation.invalid", render(msg("validation.invalid"), lang)


def validation_problem(errors: list[dict], lang: str) -> dict:
    """The members of the 422 problem: detail, parameter, code, invalid_params."""
    first = errors[0] if errors else {}
    loc = [str(part) for part in first.get("loc", ()) if part not in SECTIONS]
    parameter = ".".join(loc) or None
    code, text = error_text(first, lang) if first else ("validation.request", "")
    if parameter:
        detail = render(
            msg("validation.field", parameter=parameter_label(loc, lang), message=text), lang
        )
    else:
        detail = render(msg("validation.request"), lang)
    invalid = []
    for e in errors:
        where = [str(p) for p in e["loc"][1:]]
        e_code, e_text = error_text(e, lang)
        invalid.append({"parameter": ".".join(where), "message": e_text, "code": e_code,
                        "label": parameter_label(where, lang)})  # fmt: skip
    return {"detail": detail, "parameter": parameter, "code": code, "invalid_params": invalid}
