"""Small helpers the apps' views share."""

import functools
from collections.abc import Callable
from typing import IO, Concatenate

from django import forms
from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import get_language

from klynge.core.i18n import Language
from klynge.core.problems import InvalidInput


def page_language() -> Language:
    """The page's language as the core's messages know it: "da", or "en" when chosen."""
    return "en" if get_language() == "en" else "da"


def number_in(text: str | None, low: int, high: int) -> int | None:
    """A whole number from a query parameter when it lies in [low, high], else None."""
    try:
        number = int(text or "")
    except ValueError:
        return None
    return number if low <= number <= high else None


def keep_after_refusal(form: forms.Form, version_field: str, current: object) -> None:
    """A second editor's save was refused because someone saved first: keep what this editor
    typed, and point the form at the version now saved, so that saving again is a deliberate
    choice."""
    assert isinstance(form.data, QueryDict)  # only a posted form is refused
    data = form.data.copy()
    data[version_field] = str(current)
    form.data = data


def problem_lines(error: InvalidInput) -> list[str]:
    """Each problem that refused a write, in the page's language, for the page's list."""
    return [p.render(page_language()) for p in error.problems]


def tell_problems(request: HttpRequest, error: InvalidInput) -> None:
    """Each problem that refused a write, as a message on the page the user goes back to."""
    for line in problem_lines(error):
        messages.error(request, line)


def write_and_return(
    request: HttpRequest, write: Callable[[], object], done: str, to: str
) -> HttpResponse:
    """Run a write from a page's button; say that it was done, or each problem that refused it,
    and go back to the page (`to`)."""
    try:
        write()
    except InvalidInput as error:
        tell_problems(request, error)
    else:
        messages.success(request, done)
    return redirect(to)


def page_on_get[Request: HttpRequest, **Args](
    page: str, *keys: str
) -> Callable[
    [Callable[Concatenate[Request, Args], HttpResponse]],
    Callable[Concatenate[Request, Args], HttpResponse],
]:
    """For a write whose refusal shows its page again: a GET of the write's own URL goes to the
    page (named `page`, with the URL's `keys`). After a refused write the address bar shows the
    write's URL; reloading or sharing it must land on the page, not on 405."""

    def decorator(
        view: Callable[Concatenate[Request, Args], HttpResponse],
    ) -> Callable[Concatenate[Request, Args], HttpResponse]:
        def wrapped(request: Request, /, *args: Args.args, **kwargs: Args.kwargs) -> HttpResponse:
            if request.method in {"GET", "HEAD"}:
                return redirect(reverse(page, kwargs={key: kwargs[key] for key in keys}))
            return view(request, *args, **kwargs)

        functools.update_wrapper(wrapped, view)
        return wrapped

    return decorator


def download(
    content: IO[bytes],
    *,
    filename: str,
    content_type: str,
    as_attachment: bool = True,
    private: bool = True,
) -> FileResponse:
    """A file for the reader, which no cache hands out again without asking: who may have it is
    checked on every request, so a file closed, unmarked or switched off is gone at once.
    `private`: only the reader's own browser may keep it (everything behind the sign-in)."""
    response = FileResponse(
        content, as_attachment=as_attachment, filename=filename, content_type=content_type
    )
    response["Cache-Control"] = "private, no-cache" if private else "no-cache"
    return response
