"""Calendar feeds: the secret address a person or a body subscribes to, and the meetings it
carries."""

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
def feed_for(
    *, acting_user: Actor, person: Person | None = None, body: Body | None = None
) -> CalendarFeed:
    """The person's or the body's calendar address, made the first time it is asked for."""
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
    """The meetings a feed carries, from a year back: a body's own and shared ones, or those of
    the bodies a person sits in on each meeting's day."""
    since = today - datetime.timedelta(days=365)
    if feed.body is not None:
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
