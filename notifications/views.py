"""The notification bell (站内提醒): the unread count in the top bar, the latest notifications in
its dropdown (loaded with htmx when it opens), the notifications page, and marking them read.

A person only ever sees his own notifications (``Notification.objects.for_user``). A
notification links to its subject — the issue's rectification page, the assignment, the clue —
only when the person may see that subject now; otherwise it shows what the alert is about
without a link. Marking read is a POST (CSRF-checked); opening a notification marks it read
and goes to its subject.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.web import list_template

from . import services
from .choices import NotificationKind
from .models import Notification, NotificationMute
from .selectors import RELATED, note_subjects, unread_count

MENU_SIZE = 8
PER_PAGE = 25


def _rows(user, notes) -> list[tuple[Notification, dict]]:
    notes = list(notes)
    subjects = note_subjects(user, notes)
    return [(note, subjects[note.pk]) for note in notes]


def _is_htmx(request) -> bool:
    return bool(request.headers.get("HX-Request"))


@login_required
@require_GET
def count(request):
    """The badge: one indexed count of the person's unread notifications."""
    return render(request, "notifications/_count.html", {"unread": unread_count(request.user)})


def _menu(request):
    user = request.user
    notes = Notification.objects.visible_to(user).select_related(*RELATED)[:MENU_SIZE]
    context = {"rows": _rows(user, notes), "unread": unread_count(user)}
    return render(request, "notifications/_menu.html", context)


@login_required
@require_GET
def menu(request):
    """The dropdown: the latest notifications, read or not."""
    return _menu(request)


@login_required
@require_GET
def notification_list(request):
    user = request.user
    tab = "unread" if request.GET.get("tab") == "unread" else "all"
    notes = Notification.objects.visible_to(user).select_related(*RELATED)
    if tab == "unread":
        notes = notes.unread()
    kinds = [kind for kind in request.GET.getlist("kind") if kind in NotificationKind.values]
    if kinds:  # the workbench's links (e.g. returns not yet read)
        notes = notes.filter(kind__in=kinds)
    page = Paginator(notes, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "tab": tab,
        "kinds": NotificationKind.choices,
        "muted": set(NotificationMute.objects.filter(user=user).values_list("kind", flat=True)),
        "page": page,
        "rows": _rows(user, page.object_list),
        "unread": unread_count(user),
    }
    return render(request, list_template(request, "notifications/list.html", "notifications/_table.html"), context)


def _after_marking(request):
    """From the dropdown (htmx): the menu again, and the badge told to refresh. From the
    notifications page: back to it."""
    if _is_htmx(request):
        response = _menu(request)
        response["HX-Trigger"] = "notifications-changed"
        return response
    target = reverse("notifications:list")
    if request.POST.get("tab") == "unread":
        target += "?tab=unread"
    return redirect(target)


@login_required
@require_POST
def mark_read(request, pk: int):
    note = get_object_or_404(Notification.objects.visible_to(request.user), pk=pk)
    services.mark_read(request.user, [note.pk])
    return _after_marking(request)


@login_required
@require_POST
def mark_all_read(request):
    services.mark_read(request.user)
    return _after_marking(request)


@login_required
@require_POST
def open_notification(request, pk: int):
    """Mark one notification read and go to its subject (or to the list if it is out of reach).

    The subject links carry ``hx-post`` to here; htmx is told where to go with HX-Redirect.
    Without JavaScript the link simply opens the subject."""
    user = request.user
    note = get_object_or_404(
        Notification.objects.visible_to(user).select_related(*RELATED),
        pk=pk,
    )
    services.mark_read(user, [note.pk])
    url = note_subjects(user, [note])[note.pk]["url"] or reverse("notifications:list")
    if _is_htmx(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


@login_required
@require_POST
def mutes(request):
    """The kinds the person no longer wants to be told of (the form under the notifications page)."""
    kinds = [kind for kind in request.POST.getlist("kinds") if kind in NotificationKind.values]
    services.mutes_set(actor=request.user, kinds=kinds)
    messages.success(request, _("已保存提醒设置。"))
    return redirect("notifications:list")
