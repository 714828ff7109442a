from django.http import HttpRequest

from klynge.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """A request from a signed-in user: every page but those marked `login_not_required` gets
    one (LoginRequiredMiddleware), so views may pass `request.user` on as the acting user."""

    user: User
