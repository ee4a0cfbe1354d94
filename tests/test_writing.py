"""Writing files when the file system says no, or the process is stopped (issue 15.4–15.6).

Real failures, not mocks: a read-only folder (a process without the right to override file
permissions, ``unshare -U``), a read-only mount and a full disk (a small tmpfs mounted in a
mount namespace of our own, ``unshare -rm``), ``kill -9`` and SIGTERM in the middle of a save.
"""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT

import kehoach as kh
from kehoach import data
from kehoach.rendering import package

EXAMPLE = ROOT / "examples" / "hai_yen_2024.yaml"
OLD = b"PK an old plan that must survive" * 100
KEHOACH = [sys.executable, "-m", "kehoach"]


def _namespaces_work() -> bool:
    try:
        return subprocess.run(["unshare", "-rm", "true"], capture_output=True).returncode == 0
    except FileNotFoundError:
        return False


needs_namespaces = pytest.mark.skipif(
    not _namespaces_work(), reason="user namespaces (unshare -rm) are not allowed here")


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.fixture
def plans(tmp_path) -> list[Path]:
    folder = tmp_path / "du_lieu"
    folder.mkdir()
    paths = []
    for i in range(1, 6):
        path = folder / f"ke_hoach_{i}.yaml"
        shutil.copy(EXAMPLE, path)
        paths.append(path)
    return paths


def _in_small_tmpfs(mount: Path, size: str, command: list[str], *, read_only: bool = False,
                    cwd: Path) -> subprocess.CompletedProcess:
    """``command`` with a tmpfs of ``size`` mounted at ``mount``, in a namespace of its own."""
    remount = f" && mount -o remount,ro,bind {mount}" if read_only else ""
    script = f"mount -t tmpfs -o size={size} tmpfs {mount}{remount} && exec \"$@\""
    return subprocess.run(["unshare", "-rm", "sh", "-c", script, "sh", *command], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


# --------------------------------------------------------------------------------------------
# 15.4 a failure of the file system is one line, with the file and the reason, and exit 3


@needs_namespaces
def test_a_full_disk_in_a_batch_says_what_was_written(tmp_path, plans):
    out = tmp_path / "van_ban"
    out.mkdir()
    size = len(kh.render(data.load(EXAMPLE)))
    result = _in_small_tmpfs(out, f"{size * 5 // 2 // 1024 + 1}k",
                             [*KEHOACH, "render", *map(str, plans), "-o", str(out)], cwd=tmp_path)
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    failed = next(line for line in lines if line.startswith("Lỗi:"))
    assert failed.startswith(f"Lỗi: không ghi được tệp '{out}/ke_hoach_")
    assert failed.endswith("': ổ đĩa đã đầy")
    written = lines[lines.index(next(x for x in lines if x.startswith("Đã ghi"))) + 1:
                    lines.index(next(x for x in lines if x.startswith("Chưa ghi")))]
    not_written = lines[lines.index(next(x for x in lines if x.startswith("Chưa ghi"))) + 1:]
    assert len(written) == 2 and len(not_written) == 3, result.stderr
    names = [Path(line.strip()).name for line in written + not_written]
    assert sorted(names) == [f"ke_hoach_{i}.docx" for i in range(1, 6)]
    assert failed.split("'")[1].strip() in [line.strip() for line in not_written]


@needs_namespaces
def test_a_read_only_mount(tmp_path):
    out = tmp_path / "chi_doc"
    out.mkdir()
    result = _in_small_tmpfs(out, "1m", [*KEHOACH, "render", str(EXAMPLE), "-o",
                                         str(out / "a.docx")], read_only=True, cwd=tmp_path)
    assert result.returncode == 3
    assert result.stderr == (f"Lỗi: không ghi được tệp '{out}/a.docx': ổ đĩa chỉ cho đọc\n")


@needs_namespaces
@pytest.mark.parametrize("command", ["render", "new"])
def test_a_read_only_folder_keeps_the_old_file(tmp_path, command):
    folder = tmp_path / "chi_doc"
    folder.mkdir()
    target = folder / ("a.docx" if command == "render" else "a.yaml")
    if command == "render":
        target.write_bytes(OLD)
    folder.chmod(0o555)
    args = [str(EXAMPLE)] if command == "render" else []
    # Without CAP_DAC_OVERRIDE (a new user namespace), even root meets the folder's mode.
    result = subprocess.run(["unshare", "-U", *KEHOACH, command, *args, "-o", str(target)],
                            capture_output=True, text=True, timeout=300)
    folder.chmod(0o755)
    assert result.returncode == 3
    assert result.stderr == (f"Lỗi: không ghi được tệp '{target}': không có quyền, hoặc tệp "
                             "đang mở trong chương trình khác (Word?)\n")
    assert sorted(p.name for p in folder.iterdir()) == (["a.docx"] if command == "render" else [])
    if command == "render":
        assert target.read_bytes() == OLD


# --------------------------------------------------------------------------------------------
# 15.5 modes


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o664])
def test_saving_over_a_file_keeps_its_mode(tmp_path, mode):
    path = tmp_path / "ke_hoach.docx"
    path.write_bytes(OLD)
    path.chmod(mode)
    kh.save(data.load(EXAMPLE), path)
    assert path.read_bytes() != OLD and _mode(path) == mode


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_a_new_file_honours_the_umask(tmp_path, umask, mode):
    old = os.umask(umask)
    try:
        kh.save(data.load(EXAMPLE), tmp_path / "ke_hoach.docx")
        data.dump(data.load(EXAMPLE), tmp_path / "ke_hoach.yaml")
    finally:
        os.umask(old)
    assert _mode(tmp_path / "ke_hoach.docx") == mode
    assert _mode(tmp_path / "ke_hoach.yaml") == mode


# --------------------------------------------------------------------------------------------
# 15.6 nothing left behind

_SLOW_SAVE = """
import os, sys, time
def fsync(fd):  # the moment of a save when the temporary file is whole but not yet renamed
    print("ready", flush=True)
    time.sleep(120)
os.fsync = fsync
"""


def _stopped_mid_save(tmp_path: Path, code: str, sig: int) -> tuple[subprocess.Popen, str]:
    child = subprocess.Popen([sys.executable, "-c", _SLOW_SAVE + code], cwd=tmp_path,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert child.stdout.readline() == "ready\n"
    child.send_signal(sig)
    _, stderr = child.communicate(timeout=60)
    return child, stderr


def test_a_save_killed_outright_is_cleaned_by_the_next_save(tmp_path):
    target = tmp_path / "ke_hoach.docx"
    target.write_bytes(OLD)
    code = (f"import kehoach as kh; from kehoach import data\n"
            f"kh.save(data.load({str(EXAMPLE)!r}), {str(target)!r})\n")
    child, _ = _stopped_mid_save(tmp_path, code, signal.SIGKILL)
    assert child.returncode == -signal.SIGKILL
    left = _leftovers(tmp_path)
    assert len(left) == 1 and left[0].startswith(".ke_hoach.docx.kh")
    assert target.read_bytes() == OLD
    other = tmp_path / "khac.docx"  # the next save to the folder, of any file
    kh.save(data.load(EXAMPLE), other)
    assert _leftovers(tmp_path) == []
    assert target.read_bytes() == OLD


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_stopped_render_leaves_nothing(tmp_path, sig):
    target = tmp_path / "ke_hoach.docx"
    target.write_bytes(OLD)
    code = ("from kehoach.cli import main\n"
            f"main(['render', {str(EXAMPLE)!r}, '-o', {str(target)!r}])\n")
    child, stderr = _stopped_mid_save(tmp_path, code, sig)
    assert "Traceback" not in stderr
    assert child.returncode == 128 + sig, stderr  # Ctrl-C: 130
    assert _leftovers(tmp_path) == [] and target.read_bytes() == OLD


def test_what_is_stale_and_what_is_not(tmp_path):
    now = time.time()

    def leftover(name: str, age_s: float = 0) -> Path:
        path = tmp_path / name
        path.write_bytes(b"x")
        os.utime(path, (now - age_s, now - age_s))
        return path

    host = package._HOST
    other_host = "0000" if host != "0000" else "ffff"
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    try:
        keep = [
            leftover(f".a.docx.kh{host}-{sleeper.pid}-0123abcd.tmp"),     # a save running now
            leftover(f".a.docx.kh{host}-{os.getpid()}-0123abcd.tmp"),     # this process's own
            leftover(f".a.docx.kh{other_host}-{dead.pid}-0123abcd.tmp"),  # another host's, new
            leftover(".a.docx.x1y2z3_4.tmp", 60),                         # 0.1's, a minute old
            leftover(".bashrc.tmp", 10 * 86400),                          # not kehoach's
            leftover(".a.docx.kh-notours.tmp", 10 * 86400),
        ]
        gone = [
            leftover(f".a.docx.kh{host}-{dead.pid}-0123abcd.tmp"),        # its process ended
            leftover(f".b.yaml.kh{other_host}-1-0123abcd.tmp", 2 * 86400),  # a day old
            leftover(".a.docx.x1y2z3_4.tmp".replace("x1", "q9"), 7200),   # 0.1's, two hours
        ]
        removed = package.remove_stale_temporaries(tmp_path, force=True)
    finally:
        sleeper.kill()
        sleeper.wait()
    assert sorted(removed) == sorted(gone)
    assert all(p.exists() for p in keep)


# --------------------------------------------------------------------------------------------
# The name kh.save writes under (issue 14 review, defect 3): as `kehoach render -o` names it


@pytest.mark.parametrize("name, written", [("ke_hoach.docx", "ke_hoach.docx"),
                                           ("KH-05", "KH-05.docx"), ("KH.05", "KH.05.docx"),
                                           ("Ke_hoach.DOCX", "Ke_hoach.DOCX")])
def test_save_writes_a_docx_under_a_docx_name(tmp_path, name, written):
    plan = data.load(EXAMPLE)
    path = kh.save(plan, tmp_path / name)
    assert path == tmp_path / written and path.read_bytes().startswith(b"PK")
    assert sorted(p.name for p in tmp_path.iterdir()) == [written]


@pytest.mark.parametrize("name, words", [("ke_hoach.pdf", "to_pdf"), ("ke_hoach.doc", ".docx"),
                                         ("ke_hoach.yaml", "ke_hoach.docx")])
def test_save_refuses_the_name_of_another_document_and_writes_nothing(tmp_path, name, words):
    plan = data.load(EXAMPLE)
    for save in (lambda: kh.save(plan, tmp_path / name),
                 lambda: kh.save_many([plan], [tmp_path / name], processes=1)):
        with pytest.raises(kh.OutputNameError, match="kh.save ghi") as caught:
            save()
        assert words in str(caught.value) and isinstance(caught.value, ValueError)
    assert list(tmp_path.iterdir()) == []


def test_save_many_names_its_files_as_save_does(tmp_path):
    plan = data.load(EXAMPLE)
    assert kh.save_many([plan], [tmp_path / "KH-05"], processes=1) == [tmp_path / "KH-05.docx"]
