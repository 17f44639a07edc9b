"""Checks on uploaded evidence (佐证材料): allowed types by content, not by name, and size.

A file is one of PDF, JPG, PNG, DOCX, XLSX, or a ZIP of those. Containers (a ZIP, and DOCX/XLSX,
which are ZIPs too) are opened and every member is inspected before anything is stored:

- its name: no absolute path, no ``..``, no drive letter, no backslash, no control character;
- its size: the declared size against what is left of the file's budget, then the bytes actually
  read in chunks (zipfile never returns more than the declared size; a lie ends in a CRC error);
- its compression ratio (a zip bomb expands a few KB into gigabytes);
- its nesting depth (a DOCX inside a ZIP, a workbook embedded in that DOCX …);
- its type by content: members of a ZIP are the same types as top-level evidence (no plain ZIPs),
  members of a DOCX/XLSX are its parts, of which only embedded OOXML files are opened again.

A PDF must have its ``%%EOF`` trailer; no file or member may carry a Windows, Linux or macOS
executable inside. The limits are settings (``EVIDENCE_ZIP_*``, see docs/operations.md).
"""

from __future__ import annotations

import hashlib
import re
import tempfile
import zipfile
import zlib
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
ZIP_MAGIC = b"PK\x03\x04"
CHUNK = 1024 * 1024
# Only members at least this large are judged by their ratio: a small file cannot be a bomb
# (the total budget bounds the rest), and short XML parts compress very well legitimately.
RATIO_MIN_BYTES = 1024 * 1024
# Where an executable starts: the DOS stub text, a PE header for x86/x64/ARM64, an ELF header,
# a 64-bit Mach-O header. Long enough never to occur by chance in compressed or image data.
EXECUTABLE = re.compile(
    rb"This program cannot be run in DOS mode|PE\x00\x00(?:L\x01|d\x86|d\xaa)"
    rb"|\x7fELF[\x01\x02][\x01\x02]\x01|\xcf\xfa\xed\xfe[\x07\x0c]\x00\x00\x01"
)
SIGNATURE_OVERLAP = 64
UNSAFE_NAME = re.compile(r"^[/\\]|\\|^[A-Za-z]:|(?:^|/)\.\.(?:/|$)|[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class CheckedFile:
    kind: str
    content_type: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Limits:
    """How far a container may go; each from settings, with the defaults documented there."""

    members: int
    total_bytes: int
    ratio: int
    depth: int

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            members=getattr(settings, "EVIDENCE_ZIP_MAX_MEMBERS", 1000),
            total_bytes=getattr(settings, "EVIDENCE_ZIP_MAX_TOTAL_BYTES", 200 * 1024 * 1024),
            ratio=getattr(settings, "EVIDENCE_ZIP_MAX_RATIO", 100),
            depth=getattr(settings, "EVIDENCE_ZIP_MAX_DEPTH", 3),
        )


def max_bytes() -> int:
    return getattr(settings, "EVIDENCE_MAX_BYTES", 20 * 1024 * 1024)


def _type_not_allowed(name: str) -> ValidationError:
    return ValidationError(
        _("文件“%(name)s”的类型不允许，只能上传 PDF、JPG、PNG、DOCX、XLSX 或由这些文件组成的 ZIP。") % {"name": name}
    )


def _extension(name: str) -> str:
    base = name.rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[-1].lower() if "." in base else ""


def _size(file) -> int:
    file.seek(0, 2)
    size = file.tell()
    file.seek(0)
    return size


def _scan(file, digest=None) -> bool:
    """Read the file once in chunks: feed the digest, and tell whether an executable hides in it."""
    file.seek(0)
    found = False
    tail = b""
    for chunk in iter(lambda: file.read(CHUNK), b""):
        if digest is not None:
            digest.update(chunk)
        if not found and EXECUTABLE.search(tail + chunk):
            found = True
        tail = chunk[-SIGNATURE_OVERLAP:]
    file.seek(0)
    return found


def _is_pdf(file, size: int) -> bool:
    """A PDF ends with its ``%%EOF`` marker (readers accept it within the last 1024 bytes)."""
    file.seek(max(0, size - 1024))
    tail = file.read()
    file.seek(0)
    return b"%%EOF" in tail


class _Inspection:
    """One uploaded file's inspection: the limits and what is left of its budget."""

    def __init__(self, name: str, limits: Limits):
        self.name = name
        self.limits = limits
        self.members_left = limits.members
        self.bytes_left = limits.total_bytes

    def refuse(self, message: str, **values) -> ValidationError:
        return ValidationError(message % {"name": self.name, **values})

    # -- a file or member of known size: what it is --------------------------------------------

    def kind_of(self, file, size: int, *, label: str, depth: int) -> str | None:
        """The real type of ``file`` (PDF, JPEG, PNG, DOCX, XLSX or ZIP) or None; refuses a bad one."""
        file.seek(0)
        head = file.read(16)
        file.seek(0)
        if head.startswith(b"%PDF-"):
            if not _is_pdf(file, size):
                if label:
                    raise self.refuse(_("文件“%(name)s”中的“%(member)s”不是完整的 PDF 文件。"), member=label)
                raise self.refuse(_("文件“%(name)s”不是完整的 PDF 文件（缺少文件结尾标记）。"))
            return PDF
        if head.startswith(b"\xff\xd8\xff"):
            return JPEG
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return PNG
        if head.startswith(ZIP_MAGIC):
            return self.container(file, label=label, depth=depth)
        return None

    def container(self, file, *, label: str, depth: int) -> str | None:
        if depth > self.limits.depth:
            raise self.refuse(_("文件“%(name)s”嵌套的压缩层数过多（最多 %(limit)s 层）。"), limit=self.limits.depth)
        try:
            with zipfile.ZipFile(file) as archive:
                infos = archive.infolist()
                names = {info.filename for info in infos}
                if "word/document.xml" in names or "xl/workbook.xml" in names:
                    self.members(archive, infos, label=label, depth=depth, office=True)
                    return DOCX if "word/document.xml" in names else XLSX
                self.members(archive, infos, label=label, depth=depth, office=False)
                return ZIP
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError, OSError) as exc:
            raise self.refuse(_("文件“%(name)s”已损坏或格式不受支持，无法检查。")) from exc

    # -- the members of a container ------------------------------------------------------------

    def members(self, archive: zipfile.ZipFile, infos, *, label: str, depth: int, office: bool) -> None:
        seen = set()
        for info in infos:
            member = f"{label}/{info.filename}" if label else info.filename
            self.members_left -= 1
            if self.members_left < 0:
                raise self.refuse(_("文件“%(name)s”包含的文件过多（最多 %(limit)s 个）。"), limit=self.limits.members)
            # orig_filename: zipfile cuts a name at a NUL ("evil\x00.pdf" would read as "evil").
            if UNSAFE_NAME.search(info.orig_filename) or info.filename in seen:
                raise self.refuse(
                    _("文件“%(name)s”中的文件名“%(member)s”不安全（绝对路径、“..”、盘符、反斜杠或重名）。"),
                    member=member,
                )
            seen.add(info.filename)
            if info.is_dir():
                continue
            if info.flag_bits & 0x1:
                raise self.refuse(_("文件“%(name)s”中的“%(member)s”已加密，无法检查。"), member=member)
            if office and info.filename.rsplit("/", 1)[-1].lower() == "vbaproject.bin":
                raise self.refuse(_("文件“%(name)s”中含有宏（%(member)s），不允许上传。"), member=member)
            self.check_ratio(info.file_size, info.compress_size, member)
            if info.file_size > self.bytes_left:
                raise self.refuse(self.too_big_message(), limit=self.limits.total_bytes // (1024 * 1024))
            with self.extract(archive, info, member) as data:
                self.member(data, info, member=member, depth=depth, office=office)

    def check_ratio(self, size: int, compressed: int, member: str) -> None:
        if size >= RATIO_MIN_BYTES and size > self.limits.ratio * max(compressed, 1):
            raise self.refuse(
                _("文件“%(name)s”中的“%(member)s”压缩比异常（超过 %(limit)s 倍），疑似压缩炸弹。"),
                member=member,
                limit=self.limits.ratio,
            )

    @staticmethod
    def too_big_message() -> str:
        return _("文件“%(name)s”解压后超过 %(limit)s MB。")

    def extract(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo, member: str):
        """The member's bytes in a spooled temporary file, read in chunks against the budget."""
        out = tempfile.SpooledTemporaryFile(max_size=CHUNK)
        actual = 0
        with archive.open(info) as stream:
            for chunk in iter(lambda: stream.read(CHUNK), b""):
                actual += len(chunk)
                if actual > info.file_size or actual > self.bytes_left:
                    out.close()
                    raise self.refuse(self.too_big_message(), limit=self.limits.total_bytes // (1024 * 1024))
                out.write(chunk)
        self.bytes_left -= actual
        self.check_ratio(actual, info.compress_size, member)
        out.seek(0)
        return out

    def member(self, data, info: zipfile.ZipInfo, *, member: str, depth: int, office: bool) -> None:
        if _scan(data):
            raise self.refuse(_("文件“%(name)s”中的“%(member)s”含有可执行程序，不允许上传。"), member=member)
        data.seek(0)
        if office:
            # Parts of a DOCX/XLSX: XML, images, and embedded documents, which are opened in turn.
            if data.read(4) == ZIP_MAGIC:
                self.container(data, label=member, depth=depth + 1)
            return
        kind = self.kind_of(data, info.file_size, label=member, depth=depth + 1)
        if kind is None or kind == ZIP:
            raise self.refuse(
                _("文件“%(name)s”中的“%(member)s”类型不允许，压缩包内只能是 PDF、JPG、PNG、DOCX 或 XLSX。"),
                member=member,
            )
        if _extension(info.filename) not in EXTENSIONS[kind]:
            raise self.refuse(
                _("文件“%(name)s”中的“%(member)s”扩展名与实际内容（%(kind)s）不符。"),
                member=member,
                kind=kind.upper(),
            )


def check_evidence(file) -> CheckedFile:
    """Validate an uploaded file; raises ValidationError naming the file and the reason."""
    name = getattr(file, "name", "") or ""
    size = getattr(file, "size", None)
    if size is None:
        size = _size(file)
    if size == 0:
        raise ValidationError(_("文件“%(name)s”是空文件。") % {"name": name})
    if size > max_bytes():
        raise ValidationError(
            _("文件“%(name)s”超过大小限制（%(limit)s MB）。") % {"name": name, "limit": max_bytes() // (1024 * 1024)}
        )
    file.seek(0)
    if not file.read(16).startswith((b"%PDF-", b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", ZIP_MAGIC)):
        raise _type_not_allowed(name)
    digest = hashlib.sha256()
    if _scan(file, digest):
        raise ValidationError(_("文件“%(name)s”中含有可执行程序，不允许上传。") % {"name": name})
    kind = _Inspection(name, Limits.from_settings()).kind_of(file, size, label="", depth=1)
    file.seek(0)
    if kind is None:
        raise _type_not_allowed(name)
    if _extension(name) not in EXTENSIONS[kind]:
        raise ValidationError(
            _("文件“%(name)s”的扩展名与实际内容（%(kind)s）不符。") % {"name": name, "kind": kind.upper()}
        )
    return CheckedFile(kind=kind, content_type=CONTENT_TYPES[kind], size=size, sha256=digest.hexdigest())
