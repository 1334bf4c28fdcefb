"""The seeds' limits, as warnings: a team of more than 6, a team without a client or
relative (the exchange is triadic), more than 10 clients in the inner circle, a case
presentation over 20 minutes, a meeting over its length.

The limits are declared in the format files (``[limits]`` and a step's ``max_min``); a
session is checked against the format it was made from. ``spiegel check``, the prepare
screen's top bar and the start of the clock (F5) show the same lines.
"""

from __future__ import annotations

from spiegel_tui.model.formats import Format, FormatLimits
from spiegel_tui.model.session import Role, Session

TEXTS = {
    "team_size": ("team {team} heeft {count} deelnemers (ten hoogste {limit})",
                  "team {team} has {count} participants (at most {limit})"),
    "team_needs": ("team {team} heeft geen {roles} (het team is triadisch)",
                   "team {team} has no {roles} (the team is triadic)"),
    "clients": ("{count} cliënten in de binnenkring (ten hoogste {limit})",
                "{count} clients in the inner circle (at most {limit})"),
    "meeting": ("de bijeenkomst duurt {minutes} min (ten hoogste {limit})",
                "the meeting takes {minutes} min (at most {limit})"),
    "step": ("stap {step!r} ({title}) duurt {minutes} min (ten hoogste {limit})",
             "step {step!r} ({title}) takes {minutes} min (at most {limit})"),
}
ROLE_WORDS = {Role.CLIENT: ("cliënt", "client"), Role.RELATIVE: ("naaste", "relative")}


def _say(key: str, lang: str, **values: object) -> str:
    nl, en = TEXTS[key]
    return (en if lang == "en" else nl).format(**values)


def warnings(session: Session, fmt: Format | None, lang: str | None = None) -> list[str]:
    """One line per limit the session goes over (empty when there is no format)."""
    if fmt is None:
        return []
    lang = lang or session.language
    limits: FormatLimits = fmt.limits
    out: list[str] = []
    members: dict[str, list[Role]] = {team.name.casefold(): [] for team in session.teams}
    for person in session.participants:
        if person.team:
            members.setdefault(person.team.casefold(), []).append(person.role)
    shown = {team.name.casefold(): team.name for team in session.teams}
    for person in session.participants:
        if person.team:
            shown.setdefault(person.team.casefold(), person.team)
    if limits.max_team_size is not None:
        for key, roles in members.items():
            if len(roles) > limits.max_team_size:
                out.append(_say("team_size", lang, team=shown[key], count=len(roles),
                                limit=limits.max_team_size))
    if limits.team_needs and any(members.values()):  # checked once teams have members
        words = " / ".join(ROLE_WORDS.get(role, (role.value, role.value))[lang == "en"]
                           for role in limits.team_needs)
        for key, roles in members.items():
            if not set(roles) & set(limits.team_needs):
                out.append(_say("team_needs", lang, team=shown[key], roles=words))
    if limits.max_clients is not None:
        clients = sum(1 for p in session.participants if p.role is Role.CLIENT)
        if clients > limits.max_clients:
            out.append(_say("clients", lang, count=clients, limit=limits.max_clients))
    step_limits = {step.id: step.max_min for step in fmt.agenda if step.max_min}
    for item in session.agenda:
        limit = step_limits.get(item.id)
        if limit is not None and (item.planned_min or 0) > limit:
            out.append(_say("step", lang, step=item.id, title=item.title,
                            minutes=item.planned_min, limit=limit))
    if limits.max_minutes is not None and session.planned_minutes > limits.max_minutes:
        out.append(_say("meeting", lang, minutes=session.planned_minutes,
                        limit=limits.max_minutes))
    return out
