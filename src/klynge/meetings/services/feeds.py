"""Calendar feeds: the secret addresses a person subscribes to (their own meetings, or one body's
that they read), and the meetings each carries."""

import datetime

from django.db import transaction
from django.db.models import Q

from klynge.accounts import audit
from klynge.accounts.audit import Actor, record
from klynge.governance.models import Appointment, Body, Person
from klynge.meetings.models import (
    CalendarFeed,
    Meeting,
)


@transaction.atomic
def feed_for(*, acting_user: Actor, person: Person, body: Body | None = None) -> CalendarFeed:
    """The person's own calendar address, or their address for the body, made the first time it
    is asked for. Whether they may read the body is the caller's to check (access_body)."""
    feed, created = CalendarFeed.objects.get_or_create(person=person, body=body)
    if created:
        audit.created(
            feed, acting_user=acting_user, action="calendarfeed.create", audited=["person", "body"]
        )
    return feed


@transaction.atomic
def renew_feed(*, acting_user: Actor, feed: CalendarFeed) -> CalendarFeed:
    """A new secret address; the old one stops working at once."""
    from klynge.meetings.models import new_token

    feed.token = new_token()
    feed.save(update_fields=["token"])
    record(
        acting_user=acting_user, action="calendarfeed.renew", instance=feed, before=None, after=None
    )
    return feed


def feed_meetings(feed: CalendarFeed, today: datetime.date) -> list[Meeting]:
    """The meetings a feed carries, from a year back: a body's own and shared ones while the
    feed's person reads the body (none once they no longer do, so subscribed calendars empty),
    or those of the bodies the person sits in on each meeting's day."""
    from klynge.governance.access import person_reads_body

    since = today - datetime.timedelta(days=365)
    if feed.body is not None:
        if not person_reads_body(feed.person, feed.body, today):
            return []
        return list(
            Meeting.objects.of_body(feed.body).filter(date__gte=since).select_related("body")
        )
    appointments = list(
        Appointment.objects.filter(person=feed.person).filter(
            Q(end__isnull=True) | Q(end__gte=since)
        )
    )
    bodies = {a.body_id for a in appointments}
    found = (
        Meeting.objects.filter(Q(body_id__in=bodies) | Q(also_for__in=bodies), date__gte=since)
        .select_related("body")
        .prefetch_related("also_for")
        .distinct()
    )

    def sits(meeting: Meeting) -> bool:
        held = {meeting.body_id, *(b.pk for b in meeting.also_for.all())}
        return any(
            a.body_id in held
            and a.start <= meeting.date
            and (a.end is None or meeting.date <= a.end)
            for a in appointments
        )

    return [m for m in found if sits(m)]
