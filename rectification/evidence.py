"""Checks on uploaded evidence (佐证材料): allowed types by content, not by name, and size."""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PDF, JPEG, PNG, DOCX, XLSX, ZIP = "pdf", "jpg", "png", "docx", "xlsx", "zip"
CONTENT_TYPES = {
    PDF: "application/pdf",
    JPEG: "image/jpeg",
    PNG: "image/png",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ZIP: "application/zip",
}
EXTENSIONS = {PDF: {"pdf"}, JPEG: {"jpg", "jpeg"}, PNG: {"png"}, DOCX: {"docx"}, XLSX: {"xlsx"}, ZIP: {"zip"}}


@dataclass(frozen=True)
class CheckedFile:
    kind: str
    content_type: str
    size: int
    sha256: str


def max_bytes() -> int:
    return getattr(settings, "EVIDENCE_MAX_BYTES", 20 * 1024 * 1024)


def sniff(head: bytes, file) -> str | None:
    """The file's real type from its first bytes (and, for zip containers, their contents)."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"PK\x03\x04"):
        file.seek(0)
        try:
            with zipfile.ZipFile(file) as archive:
                names = archive.namelist()
                if "word/document.xml" in names:
                    return DOCX
                if "xl/workbook.xml" in names:
                    return XLSX
                return ZIP if _zip_members_allowed(archive) else None
        except zipfile.BadZipFile:
            return None
    return None


def _zip_members_allowed(archive: zipfile.ZipFile) -> bool:
    """A zip of evidence may hold only pdf, images and office files (no nested zips)."""
    for info in archive.infolist():
        if info.is_dir():
            continue
        with archive.open(info) as member:
            head = member.read(8)
        if not (head.startswith((b"%PDF-", b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"PK\x03\x04"))):
            return False
        if head.startswith(b"PK\x03\x04") and not info.filename.lower().endswith((".docx", ".xlsx")):
            return False
    return True


def check_evidence(file) -> CheckedFile:
    """Validate an uploaded file; raises ValidationError naming the file and the reason."""
    name = getattr(file, "name", "") or ""
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, 2)
        size = file.tell()
    if size == 0:
        raise ValidationError(_("文件“%(name)s”是空文件。") % {"name": name})
    if size > max_bytes():
        raise ValidationError(
            _("文件“%(name)s”超过大小限制（%(limit)s MB）。") % {"name": name, "limit": max_bytes() // (1024 * 1024)}
        )
    file.seek(0)
    head = file.read(16)
    kind = sniff(head, file)
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if kind is None:
        raise ValidationError(
            _("文件“%(name)s”的类型不允许，只能上传 PDF、JPG、PNG、DOCX、XLSX 或由这些文件组成的 ZIP。")
            % {"name": name}
        )
    if extension not in EXTENSIONS[kind]:
        raise ValidationError(
            _("文件“%(name)s”的扩展名与实际内容（%(kind)s）不符。") % {"name": name, "kind": kind.upper()}
        )
    file.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: file.read(1024 * 1024), b""):
        digest.update(chunk)
    file.seek(0)
    return CheckedFile(kind=kind, content_type=CONTENT_TYPES[kind], size=size, sha256=digest.hexdigest())
