"""The Flask application of ``kehoach serve``: pages, form actions and downloads.

Pages are drawn on the server (Jinja templates in ``templates/``); a small script
(``static/kehoach.js``) validates while the clerk types, swaps the form after an add, remove
or move, and fetches the preview, and the pages work without it.

Safety (docs/vi/trinh-duyet.md): every POST carries a CSRF token (Flask-WTF); the ``Host``
header must name the server (:class:`HostCheck`: a page of another site cannot reach it by DNS
rebinding);
uploads are limited in size and read into memory or the server's temporary folder; files are
written only in the working folder, under names :mod:`kehoach.web.files` accepts; an error is
a page in Vietnamese, never a traceback.
"""

from __future__ import annotations

import base64
import binascii
import io
import ipaddress
import logging
import re
import secrets
import socket
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple

from flask import Flask, Response, abort, jsonify, render_template, request, send_file, url_for
from flask_wtf.csrf import CSRFError, CSRFProtect, generate_csrf
from werkzeug.exceptions import HTTPException, SecurityError

from kehoach import registry
from kehoach.errors import describe_os_error
from kehoach.data import DEFAULT_TYPE, PlanFileError, Problem, format_of, formats, loads
from kehoach.web import files, form, html
from kehoach.web.jobs import Busy, JobError, Jobs

log = logging.getLogger("kehoach.web")

#: The largest request (an uploaded .docx or data file, or a posted form), in bytes.
MAX_UPLOAD = 20 * 1024 * 1024
#: The hosts a browser may call the server by when it listens on the loopback address.
LOOPBACK = ("127.0.0.1", "localhost", "::1")
#: Addresses that mean "every address of this machine".
ANY_ADDRESS = ("0.0.0.0", "::", "")

_MESSAGES = {
    400: "Yêu cầu không hợp lệ.",
    403: "Không được phép.",
    404: "Không có trang này.",
    405: "Trang này không nhận cách gửi đó.",
    413: f"Tệp gửi lên quá lớn (tối đa {MAX_UPLOAD // (1024 * 1024)} MB).",
    500: "Có lỗi bên trong kehoach; nội dung đã gõ không bị ghi ra đâu. Thử lại, hoặc báo "
         "cho người quản trị (chi tiết ở cửa sổ đang chạy kehoach serve).",
}

_CSRF_MESSAGE = ("Phiên làm việc đã hết hạn hoặc trang được gửi từ nơi khác (thiếu mã bảo vệ CSRF); "
                 "chưa làm gì với tệp.")

_TOKEN = re.compile(r"^[0-9a-f]{32}$")

_UNTRUSTED_HOST = (
    '<!doctype html><html lang="vi"><meta charset="utf-8"><title>Địa chỉ không đúng — kehoach'
    '</title><h1>Không làm được việc này</h1><p>Địa chỉ trang không đúng: mở kehoach bằng địa '
    'chỉ in ra khi chạy <code>kehoach serve</code> (ví dụ http://127.0.0.1:8000/).</p>'
    '<p>Mã lỗi 400</p></html>')


class HostCheck:
    """Which ``Host`` headers name this server: a page of another site that got the server's
    address under its own name (DNS rebinding) sends that name, and is refused.

    On a loopback or a given address: that address, ``localhost``, ``127.0.0.1``, ``::1``.
    On every address (``0.0.0.0``, ``::``): any IP address (a browser that typed one), this
    machine's name, ``localhost``. Names in ``allowed`` (``--allow-host``) are accepted too.
    IPv6 addresses are compared as addresses (``[::1]``, ``[0:0:0:0:0:0:0:1]``).
    """

    def __init__(self, host: str, allowed: Iterable[str] = ()) -> None:
        self.any_address = host in ANY_ADDRESS
        self.names = {"localhost", *(_host_name(n) or n.lower() for n in allowed)}
        self.addresses = {ipaddress.ip_address("127.0.0.1"), ipaddress.ip_address("::1")}
        try:
            self.addresses.add(ipaddress.ip_address(host.strip("[]")))
        except ValueError:
            if not self.any_address:
                self.names.add(host.lower().rstrip("."))
        if self.any_address:
            for name in (socket.gethostname(), socket.getfqdn()):
                if name:
                    self.names.add(name.lower().rstrip("."))

    def __call__(self, header: str) -> bool:
        """Whether ``header`` (``name:port``, ``[v6]:port``) names this server."""
        name = _host_name(header)
        if not name:
            return False
        try:
            address = ipaddress.ip_address(name)
        except ValueError:
            return name in self.names
        return self.any_address or address in self.addresses


_HOST = re.compile(r"^(?:\[([0-9a-fA-F:.]+)\]|([A-Za-z0-9.-]+))(?::\d{1,5})?$")


def _host_name(header: str) -> str | None:
    """The host of a ``Host`` header, lower case (an IPv6 address without its brackets), or
    ``None`` for a header no browser sends."""
    match = _HOST.match(header or "")
    if match is None:
        return None
    return (match.group(1) or match.group(2)).lower().rstrip(".")


def create_app(folder: str | Path = ".", *, host: str = "127.0.0.1",
               allowed_hosts: list[str] | None = None, convert_timeout: float = 120,
               check_timeout: float = 240, max_upload: int = MAX_UPLOAD) -> Flask:
    """The web app, working in ``folder``.

    ``host`` is the address the server listens on; the ``Host`` header of every request must
    name it (:class:`HostCheck`), or one of ``allowed_hosts``. ``app.extensions["kehoach"]``
    holds the :class:`~kehoach.web.jobs.Jobs`; call its ``close()`` when the server stops.
    """
    folder = Path(folder).resolve()
    if not folder.is_dir():
        raise NotADirectoryError(f"không có thư mục '{folder}'")
    app = Flask(__name__, static_folder="static", template_folder="templates")
    app.config.update(
        SECRET_KEY=secrets.token_bytes(32),
        MAX_CONTENT_LENGTH=max_upload,
        MAX_FORM_MEMORY_SIZE=max_upload,
        MAX_FORM_PARTS=100_000,
        WTF_CSRF_TIME_LIMIT=None,  # valid while the server runs: a clerk may type for hours
        WTF_CSRF_SSL_STRICT=False,
        SESSION_COOKIE_NAME="kehoach",
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_HTTPONLY=True,
        SEND_FILE_MAX_AGE_DEFAULT=0,
        KEHOACH_FOLDER=folder,
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.globals.update(op=form.op_value, types=registry.types,
                                 max_upload=max_upload, max_data_file=files.MAX_DATA_FILE)
    known_host = HostCheck(host, allowed_hosts or ())

    @app.before_request
    def check_host() -> Response | None:  # before the CSRF check: a stranger learns nothing
        if not known_host(request.headers.get("Host", "")):
            return Response(_UNTRUSTED_HOST, status=400, mimetype="text/html")
        return None

    CSRFProtect(app)
    jobs = Jobs(convert_timeout=convert_timeout, check_timeout=check_timeout)
    app.extensions["kehoach"] = jobs
    _routes(app, folder, jobs)
    return app


# ------------------------------------------------------------------------------------------
# Responses


def _error_page(status: int, message: str | None = None, detail: str = "") -> Response:
    html = render_template("error.html", status=status,
                           message=message or _MESSAGES.get(status, "Có lỗi."), detail=detail)
    return Response(html, status=status, mimetype="text/html")


def _secure_headers(response: Response) -> Response:
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    if response.mimetype in ("text/html", "application/json"):
        response.headers["Cache-Control"] = "no-store"
    return response


def _download(content: bytes, name: str, mimetype: str) -> Response:
    response = send_file(io.BytesIO(content), mimetype=mimetype, as_attachment=True,
                         download_name=name, max_age=0)
    response.headers["Cache-Control"] = "no-store"
    return response


_MIMETYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "yaml": "application/yaml",
    "toml": "application/toml",
    "json": "application/json",
}


# ------------------------------------------------------------------------------------------
# The editor's state between requests


class Editor:
    """What one posted editor form holds: the plan's form data and the file it came from."""

    def __init__(self, data: dict[str, Any], model: type, *, source: bytes | None = None,
                 source_name: str = "", origin: str = "", file_name: str = "",
                 notices: list[tuple[str, str]] | None = None, opened: list | None = None,
                 show_problems: bool = True, focus: form.Path | None = None,
                 plan: object | None = None) -> None:
        self.data = data
        self.model = model
        self.source = source
        self.source_name = source_name
        self.origin = origin
        self.file_name = file_name or source_name or _default_file_name(data)
        self.notices = notices or []
        self.opened = opened or []
        self.show_problems = show_problems
        self.focus = focus
        # A plan read from a valid file is the form's plan (tests/test_web_form.py): not read
        # a second time.
        self.plan, self.problems = (plan, []) if plan is not None else form.validate(data)

    @property
    def type_name(self) -> str:
        return str(self.data.get("type") or DEFAULT_TYPE)

    @classmethod
    def posted(cls) -> Editor:
        """The editor of the posted form (``type`` names the plan type)."""
        type_name = request.form.get("type") or DEFAULT_TYPE
        try:
            model = form.model_of(type_name)
        except KeyError:
            abort(400, description=f"không có loại kế hoạch '{type_name}'")
        data = form.from_pairs(request.form.items(multi=True), model)
        source = None
        encoded = request.form.get("_source", "")
        if encoded:
            try:
                source = base64.b64decode(encoded, validate=True)
            except (binascii.Error, ValueError):
                source = None
        return cls(data, model, source=source, source_name=request.form.get("_source_name", ""),
                   origin=request.form.get("_origin", ""), file_name=request.form.get("_file", ""))

    def redo(self, focus: form.Path | None = None) -> None:
        self.plan, self.problems = form.validate(self.data)
        self.focus = focus

    def context(self, *, draw: bool = True, place: bool = True) -> dict[str, Any]:
        """What the templates read; ``draw=False`` leaves out the fields' HTML (a check while
        typing needs only the problems, each placed by the fields on its path);
        ``place=False`` leaves out the problems too (a preview)."""
        if draw:
            root, builder = form.build(self.data, self.model, self.focus)
            problems = builder.problems(self.problems)
        elif place and self.problems:
            root, problems = None, form.place(self.data, self.model, self.problems)
        else:
            root, problems = None, []
        by_id: dict[str, list[str]] = {}
        for p in problems:
            by_id.setdefault(p["id"], []).append(p["message"])
        plan_type = registry.get(self.type_name)
        shown = by_id if self.show_problems else {}
        invalid = {p["field"] for p in problems} if self.show_problems else set()
        return {
            "editor": self, "root": root, "problems": problems,
            "fields_html": html.fields(root, shown, invalid) if draw else "",
            "by_id": by_id if self.show_problems else {},
            "invalid": {p["field"] for p in problems} if self.show_problems else set(),
            "plan_type": plan_type,
            "source_b64": base64.b64encode(self.source).decode("ascii") if self.source else "",
            "folder": _folder(),
        }


def _folder() -> Path:
    from flask import current_app

    return current_app.config["KEHOACH_FOLDER"]


def _default_file_name(data: dict[str, Any]) -> str:
    return "ke-hoach.yaml" if data.get("type", DEFAULT_TYPE) == DEFAULT_TYPE else \
        f"{data['type']}.yaml"


def _render_editor(editor: Editor, status: int = 200) -> Response:
    html = render_template("editor.html", **editor.context())
    return Response(html, status=status, mimetype="text/html")


def _partial(editor: Editor, which: str, **extra: Any) -> Response:
    context = editor.context() if which == "fields" else editor.context(draw=False, place=False)
    html = render_template(f"_{which}.html", **context, **extra)
    return Response(html, mimetype="text/html")


class Opened(NamedTuple):
    """A data file read for the form: its form data, its plan class, what the form cannot hold
    and the command line's messages (with lines) when it has mistakes."""

    data: dict[str, Any]
    model: type
    lost: list[Problem]
    opened: list[str]
    plan: object | None
    """The plan, when the file is valid."""


def _read(raw: bytes, name: str) -> Opened | tuple[int, str, str]:
    """The form data of the bytes of data file ``name``; else ``(status, message, detail)``
    of the error page."""
    fmt = format_of(name)
    if fmt is None:
        return (400, f"không mở được '{name}': tệp dữ liệu kế hoạch có đuôi .yaml, .yml, .toml "
                     "hoặc .json", "")
    try:
        plan = loads(raw, fmt, source=name)
    except PlanFileError as error:  # as the command line says it, with lines
        opened = [p.describe(name) for p in error.problems]
    else:
        return Opened(form.from_plan(plan), type(plan), [], [], plan)
    parsed = formats.parse(raw, fmt)
    if parsed.data is None:
        return (422, f"không mở được '{name}'",
                "\n".join(p.describe(name) for p in parsed.problems))
    kind, problems = _plan_type(parsed.data)
    if kind is None:
        return 422, f"không mở được '{name}'", "\n".join(p.describe(name) for p in problems)
    data, lost = form.from_file_data(parsed.data, kind.model)
    return Opened(data, kind.model, lost, opened, None)


def _posted(data: dict[str, Any], model: type) -> dict[str, Any]:
    """Form data as the page posts it back when the clerk changes nothing."""
    root, _ = form.build(data, model)
    top = [("type", str(data.get("type") or DEFAULT_TYPE))]
    if isinstance(data.get("$schema"), str):
        top.append(("$schema", data["$schema"]))
    return form.from_pairs([*top, *html.pairs(root)], model)


def _open(raw: bytes, name: str, origin: str) -> Response:
    """The editor for the bytes of a data file named ``name``."""
    read = _read(raw, name)
    if not isinstance(read, Opened):
        return _error_page(*read)
    notices = []
    if read.lost:
        notices.append(("warning", "Một số giá trị trong tệp không có chỗ trong biểu mẫu: "
                                   + "; ".join(p.describe(name) for p in read.lost)
                                   + ". Lưu đè tệp này sẽ làm mất các giá trị đó; trang sẽ hỏi "
                                     "trước khi ghi."))
    editor = Editor(read.data, read.model, source=raw, source_name=name, origin=origin,
                    notices=notices, opened=read.opened, plan=read.plan)
    return _render_editor(editor)


def _plan_type(data: Any) -> tuple[Any, list]:
    from kehoach.data import plan_type

    return plan_type(data)


# ------------------------------------------------------------------------------------------
# Routes


def _routes(app: Flask, folder: Path, jobs: Jobs) -> None:
    app.after_request(_secure_headers)

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> Response:
        message = _CSRF_MESSAGE
        if request.headers.get("X-Kehoach-Partial") or \
                request.accept_mimetypes.best == "application/json":
            # The page's script: after a restart its token is another server's. A fresh one
            # (readable by this server's own pages only) lets it go on; nothing was done.
            response = jsonify(error="csrf", message=message, csrf_token=generate_csrf())
            response.status_code = 400
            return response
        known = request.form.get("type") in {t.name for t in registry.types()}
        if request.path == url_for("plan") and known:
            # Keep the clerk's typing: show the form again, with a fresh token; do nothing else.
            editor = Editor.posted()
            editor.notices.append(("error", message + " Kiểm tra lại rồi bấm nút một lần nữa."))
            return _render_editor(editor, status=400)
        return _error_page(400, message)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Response:
        if isinstance(error, SecurityError):  # a Host header that names another site
            # No URL can be built for an untrusted host: a page of its own, without links.
            return Response(_UNTRUSTED_HOST, status=400, mimetype="text/html")
        said = error.description if isinstance(error.description, str) else ""
        return _error_page(error.code or 500, None, said if said.startswith("không") else "")

    @app.errorhandler(Exception)
    def internal_error(error: Exception) -> Response:
        log.exception("lỗi khi xử lý %s %s", request.method, request.path)
        return _error_page(500)

    @app.get("/")
    def index() -> str:
        return render_template("index.html", folder=folder, files=files.data_files(folder),
                               starters=_starters())

    @app.get("/new")
    def new() -> Response:
        type_name = request.args.get("type", DEFAULT_TYPE)
        try:
            model = form.model_of(type_name)
        except KeyError:
            abort(404)
        if request.args.get("start") == "starter":
            text = _starters().get(type_name)
            if text is None:
                abort(404)
            return _open(text, f"{type_name}.yaml", "starter")
        return _render_editor(Editor(form.blank(type_name), model, show_problems=False))

    @app.post("/open")
    def open_upload() -> Response:
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            return _error_page(400, "chưa chọn tệp để mở")
        raw = upload.read(files.MAX_DATA_FILE + 1)
        if len(raw) > files.MAX_DATA_FILE:
            return _error_page(413)
        name = Path(upload.filename.replace("\\", "/")).name  # a label only, never a path
        return _open(raw, name, "upload")

    @app.post("/open-folder")
    def open_folder() -> Response:
        name = request.form.get("name", "")
        try:
            raw = files.read(folder, name)
        except files.FileNameError as error:
            return _error_page(404, str(error))
        except OSError as error:  # gone or unreadable since the list was drawn
            return _error_page(404, f"không mở được '{name}'", describe_os_error(error))
        return _open(raw, name, "folder")

    @app.post("/plan")
    def plan() -> Response:
        editor = Editor.posted()
        action = request.form.get("_action", "check")
        partial = request.headers.get("X-Kehoach-Partial")
        op = request.form.get("_op")
        if op:
            verb, _, rest = op.partition("|")
            path = rest.partition("|")[0]
            picks = request.form.getlist(f"_pick:{path}")
            if verb == "add" and not rest.partition("|")[2]:  # the kind chosen in its list
                op = f"add|{path}|{request.form.get(f'_kind:{path}', '')}"
            editor.redo(form.apply(editor.data, op, editor.model, picks))
            if partial == "fields":
                editor.show_problems = False
                return _partial(editor, "fields")
            return _render_editor(editor)
        if action == "validate" and request.accept_mimetypes.best == "application/json":
            editor.show_problems = request.form.get("_show") != "0"
            context = editor.context(draw=False)
            return jsonify(problems=context["problems"],
                           summary=render_template("_summary.html", **context))
        if action == "preview":
            return _preview(editor, partial == "preview")
        if action in ("docx", "pdf"):
            return _document(editor, action)
        if action in ("save", "download"):
            return _save(editor, action)
        return _render_editor(editor)

    def _preview(editor: Editor, partial: bool) -> Response:
        preview, error = None, ""
        if editor.plan is None:
            error = f"Còn {len(editor.problems)} lỗi; sửa các lỗi trước khi xem trước."
        else:
            try:
                preview = jobs.preview(_render(editor.plan))
            except JobError as exc:
                error = f"Không tạo được bản xem trước: {exc}"
        if partial:
            return _partial(editor, "preview", preview=preview, preview_error=error)
        html = render_template("editor.html", **editor.context(), preview=preview,
                               preview_error=error)
        return Response(html, mimetype="text/html")

    def _document(editor: Editor, kind: str) -> Response:
        if editor.plan is None:
            editor.notices.append(("error", f"Chưa tải được: còn {len(editor.problems)} lỗi, "
                                            "xem danh sách bên phải."))
            return _render_editor(editor, status=422)
        docx = _render(editor.plan)
        stem = Path(editor.file_name).stem if _safe(editor.file_name) else "ke-hoach"
        if kind == "docx":
            return _download(docx, f"{stem}.docx", _MIMETYPES["docx"])
        try:
            pdf = jobs.pdf(docx)
        except JobError as exc:
            editor.notices.append(("error", f"Không tạo được PDF: {exc}"))
            return _render_editor(editor, status=503)
        except OSError as exc:  # the server's temporary folder: not the user's to see
            editor.notices.append(("error", "Không tạo được PDF: thư mục tạm của máy chủ: "
                                            f"{describe_os_error(exc, with_file=False)}"))
            return _render_editor(editor, status=503)
        return _download(pdf, f"{stem}.pdf", _MIMETYPES["pdf"])

    def _save(editor: Editor, action: str) -> Response:
        name = editor.file_name
        try:
            files.safe_name(name)
        except files.FileNameError as error:
            editor.notices.append(("error", f"Chưa lưu: {error}."))
            return _render_editor(editor, status=422)
        fmt = format_of(name)
        source_fmt = format_of(editor.source_name or "")
        source = editor.source if source_fmt == fmt else None
        before = _read(editor.source, editor.source_name) \
            if editor.source is not None and source_fmt else None
        before = before if isinstance(before, Opened) else None
        if source is not None and before is not None and \
                _posted(before.data, before.model) == editor.data:
            content = source  # nothing changed: the file as it was, mistakes and comments too
        else:
            content = files.data_text(editor.plan, editor.data, fmt, source)
        if action == "download":
            return _download(content, name, _MIMETYPES[fmt])
        try:
            path = files.target(folder, name)
            same = editor.origin in ("folder", "saved") and name == editor.source_name
            if path.exists() and not request.form.get("_overwrite"):
                refused = _refusal(editor, path, name, content, same, before)
                if refused:
                    editor.notices.append(("error", refused))
                    return _render_editor(editor, status=409)
            files.save(folder, name, content)
        except (files.FileNameError, OSError) as error:
            # atomic_write's OSError names the file saved (never its temporary), in Vietnamese.
            text = error if isinstance(error, files.FileNameError) else describe_os_error(error)
            editor.notices.append(("error", f"Chưa lưu: {text}"))
            return _render_editor(editor, status=422)
        editor.source, editor.source_name, editor.origin = content, name, "saved"
        if editor.plan is None:
            editor.notices.append(("warning", f"Đã lưu '{name}' vào {folder}, nhưng kế hoạch "
                                              f"còn {len(editor.problems)} lỗi."))
        else:
            editor.notices.append(("ok", f"Đã lưu '{name}' vào {folder}."))
        return _render_editor(editor)

    @app.get("/preview/<token>/<name>")
    def preview_file(token: str, name: str) -> Response:
        if not _TOKEN.match(token):
            abort(404)
        path = jobs.preview_file(token, name)
        if path is None:
            abort(404)
        kind = path.suffix.lstrip(".")
        mimetype = "image/png" if kind == "png" else _MIMETYPES[kind]
        return send_file(path, mimetype=mimetype, as_attachment=kind != "png",
                         download_name=name, max_age=0)

    @app.get("/check")
    def check_form() -> str:
        return render_template("check.html")

    @app.post("/check")
    def check_upload() -> Response:
        upload = request.files.get("docx")
        if upload is None or not upload.filename:
            return _error_page(400, "chưa chọn tệp .docx để kiểm tra")
        label = Path(upload.filename.replace("\\", "/")).name
        raw = upload.read()
        try:
            result = jobs.check(raw, label)
        except JobError as error:
            page = _error_page(503, f"Không kiểm tra được '{label}'", str(error))
            if isinstance(error, Busy):
                page.headers["Retry-After"] = "30"
            return page
        report = result.report
        if "error" in report:
            return _error_page(422, f"'{label}' không phải một văn bản .docx đọc được",
                               report["error"])
        html = render_template("report.html", report=report, token=result.token,
                               groups=_groups(report))
        return Response(html, mimetype="text/html")

    @app.get("/check/<token>.json")
    def check_json(token: str) -> Response:
        result = jobs.report(token) if _TOKEN.match(token) else None
        if result is None:
            abort(404)
        stem = Path(result.report.get("path", "van-ban")).stem or "van-ban"
        return _download(result.text.encode("utf-8"), f"{stem}.kiem-tra.json",
                         _MIMETYPES["json"])


def _refusal(editor: Editor, path: Path, name: str, content: bytes, same: bool,
             before: Opened | None) -> str:
    """Why saving ``content`` over the existing file ``path`` needs the clerk's “Ghi đè”, or
    ``""``. A file is replaced unasked only by the one it was opened from, changed by the
    form, when nothing of it is lost but its comments: not a file with mistakes or values the
    form cannot hold (the first time the page writes it), nor one changed on disk since."""
    ask = "Đánh dấu “Ghi đè” rồi lưu lại, hoặc lưu với tên khác."
    if not same:
        return f"Chưa lưu: thư mục đã có tệp '{name}'. {ask}"
    on_disk = path.read_bytes()
    if on_disk == content:
        return ""
    if on_disk != editor.source:
        return f"Chưa lưu: tệp '{name}' đã bị sửa ở nơi khác sau khi mở. {ask}"
    if editor.origin != "folder" or before is None:
        return ""  # written by this page already: unfinished work saved again
    reasons = []
    if before.lost:
        reasons.append(f"{len(before.lost)} giá trị của tệp không có chỗ trong biểu mẫu sẽ mất")
    if editor.plan is None:
        reasons.append(f"kế hoạch còn {len(editor.problems)} lỗi, tệp sẽ được viết lại theo "
                       "biểu mẫu (các dòng ghi chú # không còn)")
    if not reasons:
        return ""
    return f"Chưa lưu đè '{name}': " + "; ".join(reasons) + f". {ask}"


def _safe(name: str) -> bool:
    try:
        files.safe_name(name)
        return True
    except files.FileNameError:
        return False


def _render(plan: object) -> bytes:
    from kehoach.api import render

    return render(plan)


def _starters() -> dict[str, bytes]:
    """The starter file of each plan type that has one (``kehoach new TYPE``)."""
    from importlib import resources

    out = {}
    for plan_type in registry.types():
        entry = resources.files("kehoach.data").joinpath("starters", f"{plan_type.name}.yaml")
        if entry.is_file():
            out[plan_type.name] = entry.read_bytes()
    return out


def _groups(report: dict[str, Any]) -> list[tuple[str, list[dict[str, Any]]]]:
    """The report's findings grouped as the command line groups them, failures first."""
    try:
        from kehoach.checker.report import _GROUPS as titles
    except ImportError:  # pragma: no cover - the checker renamed its table
        titles = {}
    order = {"fail": 0, "not_evaluated": 1, "pass": 2}
    groups: dict[str, list[dict[str, Any]]] = {}
    for finding in report.get("findings", []):
        for problem in finding.get("problems", []):
            place = problem.get("where_text") or "toàn văn bản"
            snippet = (problem.get("where") or {}).get("snippet")
            if snippet and place.endswith(f": «{snippet}»"):  # the snippet is shown apart
                place = place[:-len(f": «{snippet}»")]
            problem["place"] = place
        groups.setdefault(finding.get("group", ""), []).append(finding)
    known = [g for g in titles if g in groups] + [g for g in groups if g not in titles]
    return [(titles.get(g, g), sorted(groups[g], key=lambda f: order.get(f.get("status"), 3)))
            for g in known]
