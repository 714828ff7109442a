"""Every form page, at desktop and at phone width: the page does not scroll sideways, and every
control a reader sees lies inside the window and inside its own table cell or form row.

A checkbox the design system draws over its label is positioned against its `form-group-checkbox`;
without one it lands at the top left of the page (as the meeting planner's did). Such faults look
fine to axe and to the HTML checker, so the check is a measurement, in one function run in the page.
"""

import pytest

from tests.helpers import (
    DEMO_PATIENT_REP,
    DEMO_SECRETARY,
    SIZES,
    fsg_year_as_in_the_demo,
    sign_in,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Measures the page; gives a line per fault. A control counts when it is rendered (a closed
# menu or <details> is not); a checkbox or radio the design system hides with opacity still
# counts, since it is what a click or a screen reader's focus reaches. Its box is the nearest
# table cell, checkbox or radio, form group, list item or form that is not laid out inline.
LAYOUT_FAULTS = """
() => {
  const BOXES = 'td, th, .form-group-checkbox, .form-group-radio, .form-group, li, form';
  const faults = [];
  const width = window.innerWidth;
  const wide = document.documentElement.scrollWidth;
  if (wide > width) faults.push(`the page is ${wide}px wide and scrolls sideways`);
  const name = (el) => {
    const label = el.labels && el.labels.length ? el.labels[0].textContent : el.textContent;
    const text = (el.getAttribute('aria-label') || label || el.name || '').trim().slice(0, 40);
    return `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} «${text}»`;
  };
  const controls = document.querySelectorAll('input:not([type=hidden]), select, textarea, button');
  for (const el of controls) {
    const style = getComputedStyle(el);
    const rect = el.getBoundingClientRect();
    if (style.visibility === 'hidden' || (rect.width === 0 && rect.height === 0)) continue;
    const left = rect.left + window.scrollX, right = rect.right + window.scrollX;
    const top = rect.top + window.scrollY;
    if (left < -1 || right > width + 1 || top < -1) {
      faults.push(`${name(el)} lies outside the window (x ${Math.round(left)}–${Math.round(right)}, y ${Math.round(top)})`);
      continue;
    }
    let box = el.parentElement.closest(BOXES);
    while (box && ['inline', 'contents'].includes(getComputedStyle(box).display)) {
      box = box.parentElement.closest(BOXES);  // an inline form is no row of its own
    }
    if (!box) continue;
    const outer = box.getBoundingClientRect();
    if (rect.left < outer.left - 1 || rect.right > outer.right + 1 ||
        rect.top < outer.top - 1 || rect.bottom > outer.bottom + 1) {
      const where = box.tagName.toLowerCase() + (box.className ? '.' + box.className.split(' ')[0] : '');
      faults.push(`${name(el)} lies outside its ${where} ` +
        `(control ${Math.round(rect.left)},${Math.round(rect.top)}–${Math.round(rect.right)},${Math.round(rect.bottom)}; ` +
        `${where} ${Math.round(outer.left)},${Math.round(outer.top)}–${Math.round(outer.right)},${Math.round(outer.bottom)})`);
    }
  }
  return faults;
}
"""


def form_pages() -> dict[str | None, list[str]]:
    """The pages with forms, by who signs in to see them (None: nobody)."""
    from django.utils import timezone

    from klynge.accounts.models import User
    from klynge.accounts.services import invitation_url
    from klynge.governance.models import Appointment

    meetings = fsg_year_as_in_the_demo()
    coming, draft, published = meetings["coming"], meetings["draft"], meetings["published"]
    from klynge.meetings.models import Meeting

    item = Meeting.objects.get(pk=coming).items.get(title="Akutpladser i Struer").pk
    jens = Appointment.objects.get(body__key="fsg", person__email=DEMO_PATIENT_REP).pk
    next_year = timezone.localdate().year + 1
    invited = User.objects.create_user(email="ny@klynge.test")
    return {
        None: ["/login/", invitation_url(invited, "")],
        DEMO_SECRETARY: [
            "/bodies/fsg/",
            "/bodies/fsg/appoint/",
            f"/bodies/fsg/appointments/{jens}/edit/",
            f"/bodies/fsg/appointments/{jens}/replace/",
            f"/bodies/fsg/appointments/{jens}/end/",
            "/bodies/fsg/chairs/",
            "/bodies/fsg/charter/edit/",
            "/bodies/fsg/charter/import/",
            "/bodies/fsg/charter/versions/",
            "/bodies/sundhed-for-voksne/groups/new/",
            "/bodies/fog-voksen-somatik/close/",
            "/members/import/",
            f"/bodies/fsg/meetings/plan/?year={next_year}",
            "/bodies/fsg/meetings/new/",
            f"/meetings/{coming}/",
            f"/meetings/{coming}/agenda/",
            f"/meetings/{coming}/agenda/{item}/",
            f"/meetings/{draft}/minutes/",
            f"/meetings/{published}/summary/",
            "/bodies/fsg/proposals/",
            "/bodies/fsg/archive/",
            "/meetings/",
            "/search/?q=akutpladser",
            "/bodies/fsg/history/",
            "/meetings/sharing/",
            "/profile/",
        ],
        DEMO_PATIENT_REP: [
            f"/meetings/{coming}/",
            "/bodies/fsg/proposals/new/",
            f"/meetings/{published}/minutes/",
            "/meetings/",
            "/profile/",
        ],
    }


@pytest.mark.parametrize("size", list(SIZES))
def test_every_control_lies_inside_the_window_and_its_own_cell_or_row(
    live_server: object, browser: object, cluster: object, charters: object, size: str
) -> None:
    base = live_server.url  # type: ignore[attr-defined]
    faults: list[str] = []
    for who, paths in form_pages().items():
        context = browser.new_context(viewport=SIZES[size], locale="da-DK")  # type: ignore[attr-defined]
        page = context.new_page()
        if who is not None:
            sign_in(page, base, who)
        for path in paths:
            response = page.goto(base + path)
            assert response.status == 200, f"{path} as {who}: {response.status}"
            faults += [f"{path} ({who or 'signed out'}): {f}" for f in page.evaluate(LAYOUT_FAULTS)]
        opener = page.locator(".js-menu-open")
        if who is not None and opener.is_visible():  # the phone's menu, open
            opener.click()
            page.locator(".mobile-drawer.is-visible").wait_for()
            page.evaluate("Promise.all(document.getAnimations().map(a => a.finished))")  # slid in
            faults += [f"the open menu ({who}): {f}" for f in page.evaluate(LAYOUT_FAULTS)]
        context.close()
    assert faults == [], "\n".join(faults)
