"""What a member's access costs: the home page and a meeting's page as a member of FSG, over the
same pages as the administrator (who reads everything without a rule to apply), in a cluster with
2,000 meetings (target: at most 1.5). And the member's home page's queries at 1x and 10x the
meetings (200 and 2,000): equal, as no page may query per row.

Both readers are served in this process by Django's test client, interleaved so that both see the
same machine load, each request with an empty cache: the home is cached under the data version,
so this is the page as it is after any write, when the rules are applied again.

The meetings are made through the write functions, their history (past agendas sent, minutes
published) set in bulk: 2,000 minutes approved and published one by one would take longer than
everything measured here.
"""

import argparse
import datetime
import json
import statistics
import tempfile
import time
from pathlib import Path

from django_in import log, start_django

BODIES = ["fsg", "sundhed-for-voksne", "fog-voksen-somatik", "fog-voksen-psykiatri",
          "fog-boern-unge"]  # fmt: skip
MEMBER, ADMIN = "maja.medlem@klynge.test", "mette.admin@klynge.test"
WEEKS_AHEAD = 8  # each body's coming meetings, a week apart; the rest is history


def set_up(workdir: Path) -> None:
    start_django(workdir)
    from django.core.management import call_command
    from django.utils import timezone

    from klynge.accounts.audit import SystemActor
    from klynge.accounts.services import create_user
    from klynge.core.cluster import read_cluster_file, shipped_cluster_path
    from klynge.core.member_file import read_member_file
    from klynge.governance.membership import import_members
    from klynge.governance.services import load_cluster, load_shipped_charters

    actor = SystemActor("bench")
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's host, and e-mail kept in memory
    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    load_cluster(read_cluster_file(shipped_cluster_path("goedstrup")), acting_user=actor)
    load_shipped_charters("goedstrup", acting_user=actor)
    start = (timezone.localdate() - datetime.timedelta(days=30)).isoformat()
    lines = [
        "organ;plads;organisation;navn;e-mail;start;rolle",
        f"fsg;patienter;patienter;Maja Medlem;{MEMBER};{start};",
        f"fog-voksen-somatik;;patienter;Maja Medlem;{MEMBER};{start};",
        f"fsg;hospitalsledelse;goedstrup;Rikke Medformand;rikke@klynge.test;{start};formand",
    ]
    rows = read_member_file("\n".join(lines).encode(), "bench.csv")
    import_members(rows, source="bench.csv", acting_user=actor)
    create_user(acting_user=actor, email=MEMBER, full_name="Maja Medlem", password="x" * 20)
    create_user(
        acting_user=actor,
        email=ADMIN,
        full_name="Mette Admin",
        password="x" * 20,
        is_staff=True,
        is_superuser=True,
    )


def add_meetings(weeks: range) -> int:
    """A meeting in each body in each of these weeks (counted back from today; negative ones
    are to come). The past ones are held and their minutes published, with an action for the
    member in every tenth and a proposal from them in every twentieth; FSG's next two agendas
    are sent."""
    from django.utils import timezone

    from klynge.accounts.audit import SystemActor
    from klynge.governance.models import Body, Person
    from klynge.meetings import minutes, proposals
    from klynge.meetings.models import AgendaStatus, Meeting, MinutesStatus
    from klynge.meetings.services import MeetingRow, approve_agenda, create_meetings, send_agenda

    actor = SystemActor("bench")
    today = timezone.localdate()
    member = Person.objects.get(email=MEMBER)
    chair = Person.objects.get(email="rikke@klynge.test")
    made = []
    for body in Body.objects.filter(key__in=BODIES):
        rows = [
            MeetingRow(today - datetime.timedelta(weeks=w), datetime.time(13), datetime.time(15))
            for w in weeks
        ]
        made += create_meetings(acting_user=actor, body=body, rows=rows, notify=False)
    for number, meeting in enumerate(made):
        if meeting.date < today and number % 10 == 0:
            minutes.add_action(
                acting_user=actor, meeting=meeting, title=f"Opgave {number}", owner=member
            )
        if number % 20 == 0:
            proposals.propose(
                acting_user=actor,
                body=Body.objects.get(key="fsg"),
                person=member,
                title=f"Forslag {number}",
            )
    past = Meeting.objects.filter(pk__in=[m.pk for m in made], date__lt=today)
    now = timezone.now()
    past.update(
        agenda_status=AgendaStatus.SENT,
        agenda_sent_at=now,
        minutes_status=MinutesStatus.PUBLISHED,
        minutes_published_at=now,
    )
    coming = [m for m in made if m.date >= today and m.body.key == "fsg"]
    for meeting in coming[:2]:
        approve_agenda(acting_user=actor, meeting=meeting, person=chair)
        send_agenda(acting_user=actor, meeting=meeting)
    return len(made)


def home_queries(client: object) -> int:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")  # type: ignore[attr-defined]
    assert response.status_code == 200, response.status_code
    return len(queries)


def median_ms(clients: dict[str, object], url: str, rounds: int) -> dict[str, float]:
    """Each reader's median time for the page, interleaved, with an empty cache each time."""
    from django.core.cache import cache

    times: dict[str, list[float]] = {name: [] for name in clients}
    for round_number in range(rounds + 5):
        for name, client in clients.items():
            cache.clear()
            start = time.perf_counter()
            response = client.get(url)  # type: ignore[attr-defined]
            elapsed = time.perf_counter() - start
            assert response.status_code == 200, (name, url, response.status_code)
            if round_number >= 5:  # the first rounds warm up
                times[name].append(elapsed)
    return {name: statistics.median(t) * 1000 for name, t in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    total, rounds = (200, 10) if args.quick else (2000, 100)
    weeks = total // 10 // len(BODIES)  # a week's meetings in every body, at 1x
    ahead = min(WEEKS_AHEAD, weeks // 2)

    log(f"set-up: the cluster, a member of FSG and an administrator, {total // 10} meetings")
    set_up(Path(tempfile.mkdtemp(prefix="klynge-bench-access-")))
    from django.test import Client

    from klynge.accounts.models import User
    from klynge.meetings.models import Meeting

    count = add_meetings(range(-ahead, weeks - ahead))
    clients = {}
    for name, email in (("member", MEMBER), ("admin", ADMIN)):
        client = Client()
        client.force_login(User.objects.get(email=email))
        clients[name] = client
    queries_1x = home_queries(clients["member"])
    log(f"{count} meetings: the member's home takes {queries_1x} queries")
    count += add_meetings(range(weeks - ahead, 10 * weeks - ahead))  # a longer history
    queries_10x = home_queries(clients["member"])
    log(f"{count} meetings: the member's home takes {queries_10x} queries")

    meeting = Meeting.objects.filter(body__key="fsg", agenda_status="sent").order_by("-date")[0]
    home = median_ms(clients, "/", rounds)
    page = median_ms(clients, f"/meetings/{meeting.pk}/", rounds)
    log(f"home: member {home['member']:.1f} ms, administrator {home['admin']:.1f} ms")
    log(f"meeting page: member {page['member']:.1f} ms, administrator {page['admin']:.1f} ms")
    size = f"{count}_meetings"
    assert count == total, count
    figures = [
        {
            "name": f"access.home_member_vs_admin.{size}",
            "value": round(home["member"] / home["admin"], 2),
            "unit": "ratio",
            "target": 1.5,
            "better": "lower",
        },
        {
            "name": f"access.meeting_member_vs_admin.{size}",
            "value": round(page["member"] / page["admin"], 2),
            "unit": "ratio",
            "target": 1.5,
            "better": "lower",
        },
        {"name": "access.home_queries.1x", "value": queries_1x, "unit": "count"},
        {"name": "access.home_queries.10x", "value": queries_10x, "unit": "count"},
    ]
    for figure in figures:
        print(json.dumps(figure))


if __name__ == "__main__":
    main()
