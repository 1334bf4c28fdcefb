"""The HTML pages of ``spiegel serve`` (no Textual): the participant's form and the
projector view. Every text of a session is escaped here, at the one place HTML is made;
the scripts fill in live updates with ``textContent`` only, so nothing a participant
typed can become markup anywhere."""

from __future__ import annotations

from html import escape

from spiegel_tui.i18n import t
from spiegel_tui.model.flow import current_position
from spiegel_tui.model.picture import Picture
from spiegel_tui.model.posts import MAX_POST, is_two_team, offered_kinds
from spiegel_tui.model.session import Session
from spiegel_tui.model.teams import rendered, team_names


def e(text: object) -> str:
    return escape(str(text), quote=True)


def _page(title: str, lang: str, body: str, *, script: str | None = None,
          classes: str = "") -> str:
    scripts = f'<script src="/static/{script}" defer></script>' if script else (
        "")
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{e(lang)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        f"<title>{e(title)}</title>"
        '<link rel="stylesheet" href="/static/spiegel.css">'
        f"{scripts}</head><body class=\"{e(classes)}\">\n{body}\n</body></html>\n"
    )


def now_showing(session: Session, lang: str) -> tuple[str, str]:
    """The step and the question on the table: what the room already sees, nothing more
    (a participant's page never shows notes)."""
    session = rendered(session)
    position = current_position(session)
    if position is None:
        return "", ""
    item = session.step(position.step)
    question = session.question(position.question)
    return (item.title if item is not None else "",
            question.text if question is not None else "")


def participant_page(session: Session, lang: str, token: str, page_id: str, *,
                     message: str = "", error: str = "", text: str = "",
                     kind: str = "", team: str = "") -> str:
    """The brievenbus form. ``message``/``error`` say what happened to the last post;
    after an error the typed text stays in the box."""
    kinds = offered_kinds(session)
    chosen = kind or kinds[0].value
    two = is_two_team(session)
    step, question = now_showing(session, lang)
    parts = [f'<main class="participant"><h1>{e(t("web.post.title", lang))}</h1>',
             f'<p class="now"><span class="label">{e(t("web.post.now", lang))}:</span> '
             f'<span id="now-step">{e(step)}</span></p>'
             f'<p class="question" id="now-question">{e(question)}</p>',
             f'<p class="intro">{e(t("web.post.intro.teams" if two else "web.post.intro.question", lang))}</p>']
    if message:
        parts.append(f'<p class="message" role="status" id="received">{e(message)}</p>')
    if error:
        parts.append(f'<p class="error" role="alert" id="error">{e(error)}</p>')
    parts.append(f'<form method="post" action="?token={e(token)}" accept-charset="utf-8">'
                 f'<input type="hidden" name="page" value="{e(page_id)}">')
    parts.append(f'<fieldset class="kinds"><legend>{e(t("web.post.kind", lang))}</legend>')
    for option in kinds:
        checked = " checked" if option.value == chosen else ""
        parts.append(f'<label><input type="radio" name="kind" value="{e(option.value)}"'
                     f'{checked}> {e(t(f"web.kind.{option.value}", lang))}</label>')
    parts.append("</fieldset>")
    if two:
        parts.append(f'<label class="team">{e(t("web.post.team", lang))} '
                     '<select name="team" required>')
        for name in team_names(session):
            selected = " selected" if name == team else ""
            parts.append(f'<option value="{e(name)}"{selected}>{e(name)}</option>')
        parts.append("</select></label>")
    parts.append(f'<label class="text" for="text">{e(t("web.post.text", lang))}</label>'
                 f'<textarea id="text" name="text" rows="5" maxlength="{MAX_POST}" required>'
                 f"{e(text)}</textarea>"
                 f'<p class="hint">{e(t("web.post.limit", lang, max=MAX_POST))}</p>'
                 f'<button type="submit">{e(t("web.post.send", lang))}</button></form></main>')
    return _page(t("web.post.title", lang), lang, "".join(parts), script="participant.js")


def projector_page(picture: Picture, lang: str) -> str:
    """The projector view in a browser: the same :class:`Picture` the terminal view
    draws; ``projector.js`` keeps it current from the event stream."""
    rules = "".join(f"<li>{e(rule)}</li>" for rule in picture.rules)
    closing = "".join(f'<li><span class="kind">{e(kind)}</span> {e(text)}</li>'
                      for kind, text in picture.closing)
    body = (
        f'<main class="projector mode-{e(picture.mode)} stage-{e(picture.stage)}" '
        f'id="projector">'
        f'<p id="step-line" class="step-line">{e(picture.step_line)}</p>'
        f'<p id="heading" class="heading">{e(picture.heading)}</p>'
        f'<p id="text" class="text">{e(picture.text)}</p>'
        f'<p id="clock" class="clock">{e(picture.clock_value)}</p>'
        f'<p id="clock-label" class="clock-label">{e(picture.clock_label)}</p>'
        f'<ul id="closing" class="closing">{closing}</ul>'
        f'<ul id="rules" class="rules">{rules}</ul>'
        f'<p id="session-line" class="session-line">{e(picture.session_line)}</p>'
        "</main><noscript><meta http-equiv=\"refresh\" content=\"2\"></noscript>"
    )
    return _page("spiegel", lang, body, script="projector.js", classes="room")


def picture_data(picture: Picture) -> dict[str, object]:
    """The picture as the event stream sends it (the script sets it as text)."""
    return {"mode": picture.mode, "stage": picture.stage, "step_line": picture.step_line,
            "heading": picture.heading, "text": picture.text,
            "clock": picture.clock_value, "clock_label": picture.clock_label,
            "session_line": picture.session_line, "rules": list(picture.rules),
            "closing": [list(item) for item in picture.closing]}


def scribe_page(lang: str, websocket_url: str) -> str:
    """The console in the browser: textual-serve's terminal, on a websocket of ours."""
    body = (f'<div id="terminal" class="textual-terminal" '
            f'data-session-websocket-url="{e(websocket_url)}" data-font-size="16"></div>')
    head_extra = '<link rel="stylesheet" href="/static/xterm.css">'
    page = _page("spiegel", lang, body, script="textual.js", classes="scribe")
    return page.replace("</head>", head_extra + "</head>", 1)


def plain_page(lang: str, status_text: str) -> str:
    """A reply that shows nothing of the session (403, 404, 413 …)."""
    return _page("spiegel", lang, f'<main class="plain"><p>{e(status_text)}</p></main>')
