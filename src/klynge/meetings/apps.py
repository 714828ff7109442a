from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "klynge.meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        # The search index follows every save and delete of items, meetings, actions and body
        # names (the search package says why signals and not triggers).
        from klynge.meetings import search

        search.connect()
