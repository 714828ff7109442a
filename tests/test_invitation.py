"""Invitation by e-mail with a link to set a password: the administrator's path and the invitee's."""

import re

from django.test import Client

from klynge.accounts.audit import SystemActor
from klynge.accounts.models import AuditEntry, User
from klynge.accounts.services import create_user, invite_user
from tests.helpers import Mailbox


def link_in(message: object) -> str:
    body = message.get_content()  # type: ignore[attr-defined]
    match = re.search(r"https?://\S+/invitation/\S+/", body)
    assert match, body
    return match.group(0)


def test_an_administrator_adds_a_user_who_gets_an_invitation(
    client: Client, admin: User, cluster: object, mailbox: Mailbox
) -> None:
    client.force_login(admin)
    response = client.post(
        "/admin/accounts/user/add/",
        {"email": "Birthe.Holm@klynge.test", "full_name": "Birthe Holm", "language": "da"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(email="birthe.holm@klynge.test")
    assert not user.has_usable_password()
    assert user.invited_at is not None
    [message] = mailbox.wait_for(1)
    assert message["To"] == "birthe.holm@klynge.test"
    assert message["Subject"] == "Invitation til Klynge – Gødstrup-Klyngen"
    body = message.get_content()
    assert "Kære Birthe Holm" in body
    assert "Linket virker én gang og udløber efter 14 dage." in body
    assert link_in(message).startswith("http://testserver/invitation/")
    actions = list(
        AuditEntry.objects.filter(object_type="accounts.user", object_id=str(user.pk)).values_list(
            "action", "actor"
        )
    )
    assert actions == [("user.invite", admin.pk), ("user.create", admin.pk)]


def test_the_invitee_chooses_a_password_and_is_signed_in(
    client: Client, cluster: object, mailbox: Mailbox
) -> None:
    user = create_user(
        acting_user=SystemActor("test"), email="jens@klynge.test", full_name="Jens Aagaard"
    )
    invite_user(acting_user=SystemActor("test"), user=user, base_url="http://klynge.example")
    link = link_in(mailbox.wait_for(1)[0]).removeprefix("http://klynge.example")
    page = client.get(link)
    assert page.status_code == 200
    assert "Vælg din adgangskode" in page.content.decode()
    too_short = client.post(link, {"new_password1": "kort", "new_password2": "kort"})
    assert "form-error-message" in too_short.content.decode()
    response = client.post(
        link, {"new_password1": "sommer-i-lemvig-2026", "new_password2": "sommer-i-lemvig-2026"}
    )
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200
    user.refresh_from_db()
    assert user.check_password("sommer-i-lemvig-2026")
    assert AuditEntry.objects.filter(action="user.accept_invitation", actor=user).exists()
    # The link works once.
    client.post("/logout/")
    used = client.get(link)
    assert used.status_code == 404
    assert "Invitationslinket virker ikke" in used.content.decode()


def test_a_tampered_link_is_refused(client: Client, db: None) -> None:
    response = client.get("/invitation/MQ/abc-123/")
    assert response.status_code == 404
    assert "Invitationslinket virker ikke" in response.content.decode()


def test_an_english_speaking_user_gets_the_invitation_in_english(
    cluster: object, mailbox: Mailbox
) -> None:
    user = create_user(
        acting_user=SystemActor("test"),
        email="guest@klynge.test",
        full_name="Sam Guest",
        language="en",
    )
    invite_user(acting_user=SystemActor("test"), user=user)
    [message] = mailbox.wait_for(1)
    assert message["Subject"] == "Invitation to Klynge – Gødstrup-Klyngen"
    assert "Dear Sam Guest," in message.get_content()


def test_the_admin_can_send_invitations_again(
    client: Client, admin: User, cluster: object, mailbox: Mailbox
) -> None:
    first = create_user(acting_user=admin, email="a@klynge.test", full_name="Anna")
    second = create_user(acting_user=admin, email="b@klynge.test", full_name="Bo")
    client.force_login(admin)
    response = client.post(
        "/admin/accounts/user/",
        {"action": "send_invitation", "_selected_action": [first.pk, second.pk]},
        follow=True,
    )
    assert "Der er sendt invitationer til 2 brugere." in response.content.decode()
    assert sorted(m["To"] for m in mailbox.wait_for(2)) == ["a@klynge.test", "b@klynge.test"]


def test_the_admin_is_in_danish(client: Client, admin: User) -> None:
    client.force_login(admin)
    html = client.get("/admin/").content.decode()
    assert 'lang="da"' in html
    assert "Klynge – administration" in html
    assert "Brugere" in html
