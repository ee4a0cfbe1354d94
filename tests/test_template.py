"""The committed template is what the builder makes, and ships inside the wheel."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

from kehoach.rendering.template_builder import build_template
from kehoach.rendering.templating import bundled_template_path

ROOT = Path(__file__).resolve().parents[1]
COMMITTED = ROOT / "templates" / "ke_hoach.docx"


def test_committed_template_is_what_the_script_makes():
    assert COMMITTED.read_bytes() == build_template(), (
        "templates/ke_hoach.docx is stale: run `python -m kehoach.rendering.template_builder`")


def test_builder_is_deterministic():
    assert build_template() == build_template()


def test_template_has_the_parts_word_needs():
    with zipfile.ZipFile(COMMITTED) as z:
        names = z.namelist()
        assert names[0] == "[Content_Types].xml"
        for part in ("word/document.xml", "word/styles.xml", "word/settings.xml",
                     "word/header1.xml", "word/header2.xml", "docProps/core.xml"):
            assert part in names
        assert all(info.date_time == (1980, 1, 1, 0, 0, 0) for info in z.infolist())


def test_bundled_template_is_found():
    assert bundled_template_path().read_bytes() == COMMITTED.read_bytes()


def test_wheel_carries_the_template(tmp_path):
    """A plain (non-editable) install must find the template inside the package."""
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(tmp_path), str(ROOT)], check=True)
    wheel = next(tmp_path.glob("kehoach-*.whl"))
    with zipfile.ZipFile(wheel) as z:
        assert z.read("kehoach/templates/ke_hoach.docx") == COMMITTED.read_bytes()
        assert "kehoach/model/plan.py" in z.namelist()
    # Installed on its own (no checkout around it), the package renders a plan.
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target",
                    str(target), str(wheel)], check=True)
    code = ("from kehoach.rendering.templating import bundled_template_path as b; import sys; p = b(); "
            "print(p); sys.exit(0 if str(p).startswith(sys.argv[1]) else 1)")
    result = subprocess.run([sys.executable, "-c", code, str(target)], cwd=tmp_path,
                            env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


SECTPR_ORDER = ("headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz",
                "pgMar", "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt",
                "vAlign", "noEndnote", "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid")
TBLPR_ORDER = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
               "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders",
               "shd", "tblLayout", "tblCellMar", "tblLook")


def test_properties_are_in_schema_order(hai_yen_bytes):
    """Word refuses a file whose property elements are out of the schema's order."""
    from lxml import etree

    from kehoach.rendering.template_builder import PPR_ORDER, RPR_ORDER, W_NS

    orders = {"pPr": PPR_ORDER, "rPr": RPR_ORDER, "sectPr": SECTPR_ORDER, "tblPr": TBLPR_ORDER}
    checked = 0
    with zipfile.ZipFile(io.BytesIO(hai_yen_bytes)) as z:
        for name in ("word/document.xml", "word/styles.xml", "word/header1.xml",
                     "word/header2.xml"):
            root = etree.fromstring(z.read(name))
            for tag, order in orders.items():
                for element in root.iter(f"{{{W_NS}}}{tag}"):
                    names = [etree.QName(c).localname for c in element]
                    assert all(n in order for n in names), (name, tag, names)
                    indexes = [order.index(n) for n in names]
                    assert indexes == sorted(indexes), (name, tag, names)
                    checked += 1
    assert checked > 50
