"""The public channel's block for the round's notice (巡察公告): the QR code (SVG for the screen,
PNG for print and Word) and a Word document with the notice text, the short link and the code."""

from __future__ import annotations

import io

import qrcode
import qrcode.image.svg
from django.utils.translation import gettext as _
from docx import Document
from docx.shared import Cm, Pt

from .models import PublicChannel


def qr_svg(link: str) -> bytes:
    buffer = io.BytesIO()
    qrcode.make(link, image_factory=qrcode.image.svg.SvgPathImage, box_size=12).save(buffer)
    return buffer.getvalue()


def qr_png(link: str) -> bytes:
    buffer = io.BytesIO()
    qrcode.make(link, box_size=10, border=2).save(buffer, format="PNG")
    return buffer.getvalue()


def notice_docx(channel: PublicChannel, link: str) -> bytes:
    """The notice block as a Word document: who inspects whom, the reporting period, how to report
    (the short link and the QR code)."""
    assignment = channel.assignment
    values = {
        "round": assignment.round,
        "group": assignment.group,
        "unit": assignment.unit.name,
        "start": f"{channel.opens_on:%Y-%m-%d}",
        "end": f"{channel.closes_on:%Y-%m-%d}",
    }
    document = Document()
    title = document.add_heading(_("巡察公告"), level=1)
    title.alignment = 1
    body = document.add_paragraph(
        _(
            "根据%(round)s工作安排，%(group)s对%(unit)s党组织开展巡察。巡察期间（%(start)s至%(end)s），"
            "主要受理反映被巡察党组织领导班子及其成员、下一级党组织主要负责人和重要岗位领导干部问题的来信来电来访。"
        )
        % values
    )
    body.paragraph_format.first_line_indent = Pt(24)
    how = _("扫描下方二维码或访问以下网址，可在线反映问题（码上巡察），无需注册登录：%(link)s")
    document.add_paragraph(how % {"link": link})
    document.add_picture(io.BytesIO(qr_png(link)), width=Cm(4))
    document.paragraphs[-1].alignment = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
