"""Fictional demo data for `klynge cluster load NAME --demo-data` and `klynge demo`.

Only sign-ins so far: people, seats, meetings and figures come with the issues that build them.
"""

from klynge.accounts import services
from klynge.accounts.audit import Actor
from klynge.accounts.models import User

DEMO_PASSWORD = "demo-klynge-2026"

# (role shown when the demo starts, e-mail, name, administrator?)
DEMO_USERS = [
    ("Administrator", "mette.kjaer@klynge.test", "Mette Kjær", True),
    ("Sekretariat (hospitalet)", "lars.oestergaard@klynge.test", "Lars Østergaard", False),
    ("Sekretariat (kommunen)", "anne.birk@klynge.test", "Anne Birk", False),
    ("Patientrepræsentant", "jens.aagaard@klynge.test", "Jens Aagaard", False),
]


def demo_sign_ins() -> list[tuple[str, str]]:
    return [(role, email) for role, email, _, _ in DEMO_USERS]


def load_demo_data(*, acting_user: Actor) -> list[User]:
    """Create the demo users that do not exist yet; existing ones are left as they are."""
    created = []
    existing = set(
        User.objects.filter(email__in=[u[1] for u in DEMO_USERS]).values_list("email", flat=True)
    )
    for _, email, name, admin in DEMO_USERS:
        if email in existing:
            continue
        created.append(
            services.create_user(
                acting_user=acting_user,
                email=email,
                full_name=name,
                password=DEMO_PASSWORD,
                is_staff=admin,
                is_superuser=admin,
            )
        )
    return created
