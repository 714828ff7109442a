"""Sign-in by e-mail and password, lockout after repeated failures, sessions that expire."""

import pytest
from django.conf import settings
from django.test import Client

from tests.helpers import PASSWORD


def sign_in(client: Client, email: str, password: str) -> object:
    return client.post("/login/", {"username": email, "password": password})


def test_it_signs_in_with_email_and_password(client: Client, secretary: object) -> None:
    response = sign_in(client, "Lars@Klynge.test ", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/"  # type: ignore[index,attr-defined]
    assert "Lars Østergaard" in client.get("/").content.decode()


def test_it_keeps_the_page_asked_for(client: Client, secretary: object) -> None:
    response = client.post(
        "/login/", {"username": "lars@klynge.test", "password": PASSWORD, "next": "/meetings/"}
    )
    assert response["Location"] == "/meetings/"


def test_a_wrong_password_is_refused_in_danish(client: Client, secretary: object) -> None:
    response = sign_in(client, "lars@klynge.test", "forkert")
    html = response.content.decode()  # type: ignore[attr-defined]
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert "E-mailen eller adgangskoden er forkert." in html
    assert 'role="alert"' in html
    assert "_auth_user_id" not in client.session


def test_passwords_are_hashed_with_argon2(secretary: object) -> None:
    assert settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert secretary.password.startswith("argon2$")  # type: ignore[attr-defined]


def test_repeated_failures_lock_the_account(client: Client, secretary: object) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "lars@klynge.test", "forkert").status_code == 200  # type: ignore[attr-defined]
    locked = sign_in(client, "lars@klynge.test", "forkert")
    assert locked.status_code == 429  # type: ignore[attr-defined]
    assert "Log ind er spærret" in locked.content.decode()  # type: ignore[attr-defined]
    # Even the right password is refused while the lock lasts.
    again = sign_in(client, "lars@klynge.test", PASSWORD)
    assert again.status_code == 429  # type: ignore[attr-defined]
    assert "_auth_user_id" not in client.session


def test_a_lock_on_one_account_leaves_others_alone(
    client: Client, secretary: object, patient_rep: object
) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "lars@klynge.test", "forkert")
    assert sign_in(client, "jens@klynge.test", PASSWORD).status_code == 302  # type: ignore[attr-defined]


def test_sessions_expire(client: Client, secretary: object) -> None:
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    sign_in(client, "lars@klynge.test", PASSWORD)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == ""  # a browser-session cookie: gone when the browser closes
    assert client.session.get_expiry_age() == 8 * 3600


def test_an_expired_session_is_signed_out(client: Client, secretary: object) -> None:
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    sign_in(client, "lars@klynge.test", PASSWORD)
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    assert client.get("/").status_code == 302


def test_sign_out_needs_a_post_and_ends_the_session(client: Client, secretary: object) -> None:
    sign_in(client, "lars@klynge.test", PASSWORD)
    assert client.get("/logout/").status_code == 405
    response = client.post("/logout/")
    assert response.status_code == 302 and response["Location"] == "/login/"
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("user_agent_language", ["da", "en"])
def test_the_sign_in_page_speaks_the_browsers_language(
    client: Client, db: None, user_agent_language: str
) -> None:
    html = client.get("/login/", headers={"accept-language": user_agent_language}).content.decode()
    assert ("<h1>Log ind</h1>" if user_agent_language == "da" else "<h1>Sign in</h1>") in html
