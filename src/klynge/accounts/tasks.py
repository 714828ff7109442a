from django.core.mail import EmailMessage
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import translation

from klynge.accounts.models import User


@task()
def send_invitation(user_id: int, base_url: str) -> None:
    from klynge.accounts.services import invitation_url
    from klynge.governance.models import Cluster

    user = User.objects.get(pk=user_id)
    cluster = Cluster.objects.order_by("pk").first()
    with translation.override(user.language):
        context = {
            "user": user,
            "url": invitation_url(user, base_url),
            "cluster_name": cluster.name if cluster else "Klynge",
            "days": _invitation_days(),
        }
        subject = render_to_string("accounts/email/invitation_subject.txt", context).strip()
        body = render_to_string("accounts/email/invitation.txt", context)
    EmailMessage(subject=subject, body=body, to=[user.email]).send()


def _invitation_days() -> int:
    from django.conf import settings

    return int(settings.PASSWORD_RESET_TIMEOUT // (24 * 3600))
