"""Closed items (lukkede punkter) and closed attachments as a reader without the right sees them.

Who has the right is governance.access's to say (closed_readable_bodies, may_read_closed); this
module only hides. A closed item is shown to the others as a stand-in that carries its number and
"Closed item" (or its public title) and nothing else: no texts, presenter, case number, decision,
charter tasks, attachments, actions or disqualifications. Pages, the documents, e-mails and the
public pages all take their items through shown_item(s), so a template that prints a field of the
item prints nothing for a closed one, whatever it forgets to check."""

import copy
from collections.abc import Iterable

from django.utils.translation import gettext as _

from klynge.meetings.models import ActionItem, AgendaItem, Attachment, Disqualification


def closed_title(item: AgendaItem) -> str:
    """What everyone may read of a closed item besides its number: its public title, else
    "Closed item"."""
    return item.public_title or _("Closed item")


def hidden(item: AgendaItem) -> bool:
    """Whether the item is a stand-in made by shown_item."""
    return bool(getattr(item, "_closed_stand_in", False))


def shown_item(item: AgendaItem, may_read_closed: bool) -> AgendaItem:
    """The item as the reader may see it: itself, or for a closed item and a reader without the
    right (`may_read_closed`, from governance.access.may_read_closed) an unsaved stand-in with
    only its number, its time and its title as closed_title says."""
    if may_read_closed or not item.closed:
        return item
    stand_in = AgendaItem(
        pk=item.pk,
        meeting_id=item.meeting_id,
        position=item.position,
        title=closed_title(item),
        kind="",
        minutes=item.minutes,
        closed=True,
        public_title=item.public_title,
        charter_tasks=[],
    )
    state = vars(stand_in)
    state["_closed_stand_in"] = True
    # Its related rows read as empty, without asking the database.
    state["_prefetched_objects_cache"] = {
        "attachments": Attachment.objects.none(),
        "disqualified": Disqualification.objects.none(),
        "actions": ActionItem.objects.none(),
    }
    if "meeting" in item._state.fields_cache:
        stand_in.meeting = item.meeting
    return stand_in


def shown_items(items: Iterable[AgendaItem], may_read_closed: bool) -> list[AgendaItem]:
    return [shown_item(item, may_read_closed) for item in items]


def attachment_shown(attachment: Attachment, item: AgendaItem, may_read_closed: bool) -> bool:
    """Whether the reader gets the attachment: always with the right, else only an open
    attachment of an open item."""
    return may_read_closed or not (attachment.closed or item.closed)


def shown_attachments(
    item: AgendaItem, attachments: Iterable[Attachment], may_read_closed: bool
) -> list[Attachment]:
    return [a for a in attachments if attachment_shown(a, item, may_read_closed)]


def action_under_closed(action: ActionItem) -> bool:
    """Whether the action was decided under a closed item (its item read with it)."""
    item = action.item
    return item is not None and item.closed


def shown_action_title(action: ActionItem, may_read_closed: bool) -> str:
    """The action's text, or "Action under a closed item" for a reader without the right."""
    if may_read_closed or not action_under_closed(action):
        return action.title
    return _("Action under a closed item")


def shown_actions(actions: Iterable[ActionItem], may_read_closed: bool) -> list[ActionItem]:
    """The actions as the reader may see them: one decided under a closed item, for a reader
    without the right, as a copy reading "Action under a closed item" under the item's
    stand-in."""
    shown = []
    for action in actions:
        if may_read_closed or not action_under_closed(action):
            shown.append(action)
            continue
        stand_in = copy.copy(action)
        stand_in.title = shown_action_title(action, may_read_closed)
        if action.item is not None:
            stand_in.item = shown_item(action.item, may_read_closed)
        shown.append(stand_in)
    return shown
