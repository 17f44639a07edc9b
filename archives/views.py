"""The archive inventory download (卷内目录), linked from the round page."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.utils.translation import gettext as _

from accounts.scopes import require, sees_internal_work
from core.web import never_store, visible_or_404
from inspections.models import Round

from .inventory import file_name, write_inventory


@never_store
@login_required
def round_inventory(request, pk: int):
    """The round's inventory as the reader may read it, as an .xlsx download (office staff and inspectors)."""
    round_ = visible_or_404(Round, request, pk, "office")
    require(sees_internal_work(request.user), _("只有巡察机构工作人员可以导出卷内目录。"))
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "inventory.xlsx"
        write_inventory(path, user=request.user, round_=round_)
        file = path.open("rb")  # still readable once the directory is gone (POSIX)
    return FileResponse(file, as_attachment=True, filename=file_name(round_))
