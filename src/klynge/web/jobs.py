"""The background jobs an administrator must look at: notices that failed to go out, and jobs
stuck waiting for a worker or running far too long (`klynge worker` stopped, or hung).

Read fresh on every request, never cached: a job's state changes without a write of Klynge's own.
"""

import datetime
from dataclasses import dataclass

from django.contrib import admin
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult, get_date_max

from klynge.accounts.models import User

# A job waiting or running longer than this is stuck: a notice or a PDF takes seconds, and the
# meeting documents count a build as lost after as long (documents.LOST_AFTER).
STUCK_AFTER = datetime.timedelta(minutes=15)
# A failed notice stays on the administrator's home this long; the job list in the
# administration keeps them all.
FAILED_SHOWN = datetime.timedelta(days=14)
FAILED, READY, RUNNING = "FAILED", "READY", "RUNNING"


def _what(task_path: str) -> str:
    """The job as people name it; an unknown one by its function's name."""
    name = task_path.rpartition(".")[2]
    known = {
        "send_meeting_notice": _("Notice of planned, changed or cancelled meetings"),
        "send_substitute_invitation": _("Invitation of a substitute"),
        "send_minutes_notice": _("Notice of published minutes"),
        "send_proposal_notice": _("Notice about a proposed item"),
        "send_invitation": _("Invitation to Klynge"),
        "build_meeting_document": _("Making a meeting's PDF"),
    }
    return known.get(name, name)


def is_notice(task_path: str) -> bool:
    """A job that sends e-mail: Klynge's notice tasks are named send_…."""
    return task_path.rpartition(".")[2].startswith("send_")


@dataclass(frozen=True)
class Job:
    what: str
    url: str | None
    since: datetime.datetime
    state: str  # FAILED, READY (waiting) or RUNNING
    error: str = ""


def jobs_to_look_at(user: User, now: datetime.datetime) -> tuple[list[Job], list[Job]]:
    """Failed notices of the last two weeks and stuck jobs, newest first, in one query; each
    linked to its page in the administration where the user may see it."""
    cutoff = now - STUCK_AFTER
    rows = (
        DBTaskResult.objects.filter(
            Q(status=FAILED, finished_at__gte=now - FAILED_SHOWN)
            | Q(status=READY, enqueued_at__lt=cutoff)
            & (Q(run_after=get_date_max()) | Q(run_after__lt=cutoff))
            | Q(status=RUNNING, started_at__lt=cutoff)
        )
        .order_by("-enqueued_at")
        .values("id", "status", "task_path", "enqueued_at", "started_at", "finished_at",
                "exception_class_path")[:200]
    )  # fmt: skip
    opts = DBTaskResult._meta
    linked = admin.site.is_registered(DBTaskResult) and user.has_perm(
        f"{opts.app_label}.view_{opts.model_name}"
    )
    failed, stuck = [], []
    for row in rows:
        url = (
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row["id"]])
            if linked
            else None
        )
        if row["status"] == FAILED:
            if is_notice(row["task_path"]):
                error = row["exception_class_path"].rpartition(".")[2]
                since = row["finished_at"] or row["enqueued_at"]
                failed.append(Job(_what(row["task_path"]), url, since, FAILED, error))
        else:
            since = row["started_at"] or row["enqueued_at"]
            stuck.append(Job(_what(row["task_path"]), url, since, row["status"]))
    return failed, stuck
