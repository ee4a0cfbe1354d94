"""kehoach fix: every single-rule break is mended or left with a reason; words never change
outside the decree's fixed forms; the input is never touched; fixing twice changes nothing.

The text-safety test here reads the texts with its own code (zipfile and lxml, every ``w:t``),
not with :mod:`kehoach.fixer.safety`, so a bug in the fixer's own check cannot hide itself.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import fixtures_docx as fx
import pytest
from lxml import etree

import kehoach as kh
from kehoach.checker import check
from kehoach.fixer import FixError, fix, fix_bytes
from kehoach.fixer.forms import FORMS
from kehoach.fixer.safety import UnsafeChange, snapshot, verify

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

#: Breaks that only a person can mend: the fixer must leave them, and say why.
#: R15 (ký hiệu vs tên loại: which one is wrong?), R20 (a trích yếu typed in capitals: proper
#: names cannot be told apart), R22 («Kính gửi» in a plan), R29 (a khoản numbered 3 after 1),
#: R30 (điểm a b d), R42 (the closing after the signature): all wording or structure.
NEEDS_PERSON = {"R15", "R20", "R22", "R29", "R30", "R42"}


@pytest.fixture(scope="module")
def clean() -> bytes:
    return fx.hai_yen_bytes()


def texts(data: bytes) -> dict[str, list[str]]:
    """The text of every paragraph of every story part, read with nothing but lxml."""
    out = {}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if not (name.startswith("word/") and name.endswith(".xml")):
                continue
            root = etree.fromstring(z.read(name))
            if etree.QName(root).localname not in ("document", "hdr", "ftr", "footnotes",
                                                   "endnotes", "comments"):
                continue
            paras = []
            for p in root.iter(W + "p"):
                own = [t.text or "" for t in p.iter(W + "t", W + "delText", W + "instrText")
                       if next(t.iterancestors(W + "p")) is p]
                if "".join(own).strip():
                    paras.append("".join(own))
            out[name] = paras
    return out


def assert_text_preserved(before: bytes, after: bytes, report) -> None:
    """Every paragraph's text is the same, or changed in one of the recorded fixed forms."""
    old, new = texts(before), texts(after)
    for part, paras in old.items():
        assert len(new[part]) == len(paras), part
        allowed = [c for c in report.text_changes if c.part == part]
        for a, b in zip(paras, new[part]):
            if a == b:
                continue
            match = [c for c in allowed if c.before.strip("«»") == a.strip()
                     and c.after.strip("«»") == b.strip()]
            assert match, f"{part}: «{a}» → «{b}» not in the report"
            assert FORMS[match[0].form].allows(a, b)


# -------------------------------------------------------------------------------- fixtures

@pytest.mark.parametrize("rule_id", sorted(fx.BREAKERS, key=lambda r: int(r[1:])))
def test_each_break_is_fixed_or_left_with_a_reason(rule_id, clean):
    broken = fx.edit(fx.BREAKERS[rule_id], clean)
    assert rule_id in check(broken, render=False).failed_rules(hard=True)
    out, report = fix_bytes(broken, rule_id)
    after = check(out, render=False)
    if rule_id in NEEDS_PERSON:
        assert rule_id in after.failed_rules()
        reasons = [u for u in report.unfixed if u.rule == rule_id]
        assert reasons and all(u.reason for u in reasons)
    else:
        assert after.ok, after.to_text()
        assert {c.rule for c in report.changes} == {rule_id}
    assert_text_preserved(broken, out, report)
    again, report2 = fix_bytes(out, rule_id)
    assert again == out and not report2.changes


def test_a_clean_plan_is_left_as_it_is(clean):
    out, report = fix_bytes(clean)
    assert report.changes == () and report.unfixed == ()
    assert out == clean  # kehoach writes the same zip the fixer writes: same bytes


def test_many_breaks_at_once(clean):
    """A plan typed in Word with the issue's list of faults: all formatting ones mended."""
    rules = ["R2", "R3", "R6", "R7", "R10", "R14", "R16", "R27", "R34", "R37"]

    def breaks(e):
        for r in rules:
            fx.BREAKERS[r](e)

    broken = fx.edit(breaks, clean)
    assert check(broken, render=False).failed_rules(hard=True) >= set(rules)
    out, report = fix_bytes(broken)
    assert check(out, render=False).ok
    assert {c.form for c in report.text_changes} == {"motto", "number", "date", "signer_name",
                                                     "archive"}
    assert_text_preserved(broken, out, report)


# -------------------------------------------------------------------------------- the levels

def test_size_is_fixed_on_the_style_when_that_changes_nothing_else(clean):
    """Every body paragraph at 12 pt through the body style: one change, on the style."""
    def small_body(e):
        style = next(s for s in e.xml("word/styles.xml").iter(W + "style")
                     if s.get(W + "styleId") == "KHBody")
        for sz in style.iter(W + "sz", W + "szCs"):
            sz.set(W + "val", "24")

    broken = fx.edit(small_body, clean)
    assert "R23" in check(broken, render=False).failed_rules()
    out, report = fix_bytes(broken)
    assert check(out, render=False).ok
    r23 = [c for c in report.changes if c.rule == "R23"]
    assert len(r23) == 1 and r23[0].where.startswith("kiểu đoạn"), r23


def test_direct_formatting_that_fights_the_style_is_removed(clean):
    """Arial set on runs of a Times New Roman style: the run's rFonts goes, none is added."""
    broken = fx.edit(fx.BREAKERS["R6"], clean)
    out, _ = fix_bytes(broken)
    doc = etree.fromstring(zipfile.ZipFile(io.BytesIO(out)).read("word/document.xml"))
    assert not [f for f in doc.iter(W + "rFonts") if f.get(W + "ascii") in ("Arial",)]
    assert not [f for f in doc.iter(W + "rFonts") if f.getparent().getparent().tag == W + "r"]


# -------------------------------------------------------------------------------- safety

def test_paragraph_with_tracked_changes_is_not_touched(clean):
    def tracked(e):
        p = e.paragraph("Để tiếp tục")
        run = p.find(W + "r")
        ins = etree.SubElement(p, W + "ins", {W + "id": "1", W + "author": "A",
                                              W + "date": "2024-01-01T00:00:00Z"})
        ins.append(run)
        e.set_rpr(p, "rFonts", ascii="Arial", hAnsi="Arial")

    broken = fx.edit(tracked, clean)
    out, report = fix_bytes(broken)
    assert "R6" in check(out, render=False).failed_rules()
    assert any("theo dõi thay đổi" in u.reason for u in report.unfixed if u.rule == "R6")
    assert texts(out) == texts(broken)


def test_verify_catches_a_word_changed_outside_the_forms(clean):
    def sneaky(e):
        p = e.paragraph("Để tiếp tục")
        t = next(p.iter(W + "t"))
        t.text = t.text.replace("tiếp tục", "tiếp tụcc")

    with pytest.raises(UnsafeChange):
        verify(snapshot(clean), snapshot(fx.edit(sneaky, clean)), [])


def test_verify_catches_a_lost_feature(clean):
    def drop_table(e):
        e.body.remove(e.tables()[-1])

    with pytest.raises(UnsafeChange):
        verify(snapshot(clean), snapshot(fx.edit(drop_table, clean)), [])


def test_signed_document_is_refused(clean):
    def sign(e):
        e.parts["_xmlsignatures/sig1.xml"] = b"<Signature/>"

    out, report = fix_bytes(fx.edit(sign, fx.edit(fx.BREAKERS["R6"], clean)))
    assert out is None and "chữ ký số" in report.refused


def test_protected_document_is_refused(clean):
    def protect(e):
        settings = e.xml("word/settings.xml")
        settings.insert(0, etree.Element(W + "documentProtection",
                                         {W + "edit": "readOnly", W + "enforcement": "1"}))

    out, report = fix_bytes(fx.edit(protect, clean))
    assert out is None and "bảo vệ" in report.refused


def test_document_without_quoc_hieu_is_refused(clean):
    def party(e):
        e.set_text(e.paragraph("CỘNG HÒA"), "ĐẢNG CỘNG SẢN VIỆT NAM")

    out, report = fix_bytes(fx.edit(party, clean))
    assert out is None and "Quốc hiệu" in report.refused


# -------------------------------------------------------------------------------- API and CLI

def test_fix_writes_atomically_and_never_touches_the_input(clean, tmp_path):
    source = tmp_path / "ke_hoach.docx"
    source.write_bytes(fx.edit(fx.BREAKERS["R16"], clean))
    original = source.read_bytes()
    target = tmp_path / "da_sua.docx"
    report = kh.fix(source, target)
    assert report.written == str(target) and source.read_bytes() == original
    assert check(target, render=False).ok
    assert sorted(p.name for p in tmp_path.iterdir()) == ["da_sua.docx", "ke_hoach.docx"]
    with pytest.raises(FixError):
        fix(source, source)
    assert source.read_bytes() == original


def test_a_file_system_failure_is_said_in_vietnamese(clean, tmp_path, monkeypatch):
    import errno

    import kehoach.rendering.package as package

    source = tmp_path / "ke_hoach.docx"
    source.write_bytes(fx.edit(fx.BREAKERS["R16"], clean))

    def read_only(target, data, *args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system", str(target))

    monkeypatch.setattr(package, "atomic_write", read_only)
    with pytest.raises(FixError) as caught:
        fix(source, tmp_path / "da_sua.docx")
    assert "Read-only" not in str(caught.value)
    assert str(caught.value).startswith(f"{tmp_path / 'da_sua.docx'}: không ghi được (")


def test_dry_run_writes_nothing(clean, tmp_path):
    source = tmp_path / "a.docx"
    source.write_bytes(fx.edit(fx.BREAKERS["R2"], clean))
    report = fix(source, tmp_path / "b.docx", dry_run=True)
    assert report.changes and report.written is None
    assert not (tmp_path / "b.docx").exists()


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kehoach", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_cli_fix(clean, tmp_path):
    source = tmp_path / "ke_hoach.docx"
    source.write_bytes(fx.edit(fx.BREAKERS["R14"], clean))
    done = _cli("fix", str(source), "-o", str(tmp_path / "ok.docx"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Số: 5/KH-UBND" in done.stdout and "Số: 05/KH-UBND" in done.stdout
    dry = _cli("fix", str(source), "--dry-run", "--json", cwd=tmp_path)
    assert dry.returncode == 0 and not (tmp_path / "ke_hoach_da_sua.docx").exists()
    data = json.loads(dry.stdout)
    assert data["summary"]["text_changes"] == 1 and data["changes"][0]["form"] == "number"
    person = tmp_path / "r22.docx"
    person.write_bytes(fx.edit(fx.BREAKERS["R22"], clean))
    left = _cli("fix", str(person), cwd=tmp_path)
    assert left.returncode == 1 and "Chưa sửa" in left.stdout
    assert (tmp_path / "r22_da_sua.docx").exists()
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip")
    broken = _cli("fix", str(bad), cwd=tmp_path)
    assert broken.returncode == 2 and "Traceback" not in broken.stderr
