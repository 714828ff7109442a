"""The charter as a readable document, generated from its data: Markdown here, HTML and PDF from
the same structure in the web layer, and a clause-by-clause comparison of two versions."""

import difflib
import re
from dataclasses import dataclass, field

from klynge.core.charter import Charter, Clause


@dataclass(frozen=True)
class DocList:
    items: tuple[str, ...]
    ordered: bool = False


@dataclass(frozen=True)
class DocClause:
    ref: str
    numbered: bool
    paragraphs: tuple[str | DocList, ...]

    def plain_text(self) -> str:
        """The clause's words as one string, for comparing versions."""
        parts: list[str] = []
        for i, block in enumerate(self.paragraphs):
            if isinstance(block, DocList):
                parts += [
                    f"{n}. {item}" if block.ordered else f"– {item}"
                    for n, item in enumerate(block.items, 1)
                ]
            else:
                parts.append(f"{self.ref}. {block}" if self.numbered and i == 0 else block)
        return "\n".join(parts)


@dataclass(frozen=True)
class DocSection:
    heading: str | None
    clauses: tuple[DocClause, ...]


@dataclass(frozen=True)
class CharterDocument:
    title: str
    sections: tuple[DocSection, ...]
    closing: str | None = None

    def clauses(self) -> list[DocClause]:
        return [c for s in self.sections for c in s.clauses]


def _clause(charter: Charter, clause: Clause) -> DocClause:
    generated = {
        "seats": DocList(tuple(s.label for s in charter.seats if s.clause == clause.ref)),
        "tasks": DocList(tuple(t.text for t in charter.tasks if t.clause == clause.ref)),
        "sub_bodies": DocList(tuple(b.label for b in charter.sub_bodies if b.clause == clause.ref)),
    }
    paragraphs: list[str | DocList] = []
    for block in clause.blocks:
        if block.text is not None:
            paragraphs.append(block.text)
        elif block.items is not None:
            paragraphs.append(DocList(block.items, block.ordered))
        elif block.list is not None:
            items = generated[block.list]
            paragraphs.append(DocList(items.items, ordered=block.ordered))
    return DocClause(clause.ref, clause.numbered, tuple(paragraphs))


def charter_document(charter: Charter) -> CharterDocument:
    sections = tuple(
        DocSection(section.heading, tuple(_clause(charter, c) for c in section.clauses))
        for section in charter.sections
    )
    return CharterDocument(charter.title, sections, charter.approval.text)


def to_markdown(document: CharterDocument) -> str:
    lines = [f"# {document.title}", ""]
    for section in document.sections:
        if section.heading:
            lines += [f"## {section.heading}", ""]
        for clause in section.clauses:
            for i, block in enumerate(clause.paragraphs):
                if isinstance(block, DocList):
                    for n, item in enumerate(block.items, 1):
                        lines.append(f"{n}. {item}" if block.ordered else f"- {item}")
                elif clause.numbered and i == 0:
                    lines.append(f"**{clause.ref}.** {block}")
                else:
                    lines.append(block)
                lines.append("")
            if clause.numbered and not clause.paragraphs:
                lines += [f"**{clause.ref}.**", ""]
    if document.closing:
        lines += [f"*{document.closing}*", ""]
    return "\n".join(lines).rstrip() + "\n"


# ---- comparing versions --------------------------------------------------------------------


@dataclass(frozen=True)
class ClauseChange:
    ref: str
    status: str  # "changed", "added", "removed", "unchanged"
    old: str
    new: str
    words: tuple[tuple[str, str], ...] = field(default=())  # ("equal"|"delete"|"insert", text)


def _word_diff(old: str, new: str) -> tuple[tuple[str, str], ...]:
    a, b = re.findall(r"\S+|\s+", old), re.findall(r"\S+|\s+", new)
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("equal", "".join(a[i1:i2])))
        else:
            if i2 > i1:
                out.append(("delete", "".join(a[i1:i2])))
            if j2 > j1:
                out.append(("insert", "".join(b[j1:j2])))
    return tuple(out)


def compare(old: CharterDocument, new: CharterDocument) -> list[ClauseChange]:
    """Clause by clause, in the new version's order, with removed clauses where they stood."""
    old_clauses = {c.ref: c.plain_text() for c in old.clauses()}
    new_clauses = {c.ref: c.plain_text() for c in new.clauses()}
    changes: list[ClauseChange] = []
    if old.title != new.title:
        changes.append(
            ClauseChange("title", "changed", old.title, new.title, _word_diff(old.title, new.title))
        )
    order = list(new_clauses)
    previous: str | None = None
    for ref in old_clauses:
        if ref not in new_clauses:
            # A removed clause goes right after the clause that preceded it in the old version.
            order.insert(order.index(previous) + 1 if previous is not None else 0, ref)
        previous = ref
    for ref in order:
        before, after = old_clauses.get(ref), new_clauses.get(ref)
        if before is None:
            changes.append(ClauseChange(ref, "added", "", after or ""))
        elif after is None:
            changes.append(ClauseChange(ref, "removed", before, ""))
        elif before == after:
            changes.append(ClauseChange(ref, "unchanged", before, after))
        else:
            changes.append(ClauseChange(ref, "changed", before, after, _word_diff(before, after)))
    if (old.closing or "") != (new.closing or ""):
        changes.append(
            ClauseChange(
                "closing",
                "changed",
                old.closing or "",
                new.closing or "",
                _word_diff(old.closing or "", new.closing or ""),
            )
        )
    return changes
