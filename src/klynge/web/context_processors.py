from django.http import HttpRequest

from klynge.governance.models import Cluster


def klynge(request: HttpRequest) -> dict[str, object]:
    # One installation may hold several clusters; the header names the one a user works in,
    # which until memberships exist is the first loaded.
    cluster = Cluster.objects.order_by("pk").only("name").first()
    match = getattr(request, "resolver_match", None)
    return {
        "cluster_name": cluster.name if cluster else "Klynge",
        "current_view": match.url_name if match else "",
    }
