"""`klynge worker`: tasks enqueued in the database run in the worker, e-mail included."""

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from klynge.accounts.audit import SystemActor
from klynge.accounts.services import create_user
from klynge.accounts.tasks import send_invitation
from tests.helpers import Mailbox


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_an_enqueued_invitation(mailbox: Mailbox) -> None:
    user = create_user(
        acting_user=SystemActor("test"), email="kirsten@klynge.test", full_name="Kirsten Lund"
    )
    result = send_invitation.using(backend="database").enqueue(user.pk, "http://klynge.example")
    assert DBTaskResult.objects.get(id=result.id).status == "READY"
    assert mailbox.messages == []
    call_command("db_worker", "--batch", "--backend", "database", "--no-startup-delay", verbosity=0)
    assert DBTaskResult.objects.get(id=result.id).status == "SUCCESSFUL"
    [message] = mailbox.wait_for(1)
    assert message["To"] == "kirsten@klynge.test"
