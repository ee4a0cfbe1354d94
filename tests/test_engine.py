"""The render engine gives docxtpl's document, deterministically, faster; batches; cheap import.

Equivalence is checked part by part against plain docxtpl (:func:`kehoach.rendering.templating.render_docxtpl`)
on the same template, context and Jinja environment: every XML part the same after
canonicalisation (C14N), ``[Content_Types].xml`` the same content type for every part, each
``.rels`` the same relationships. No test here measures time (see benchmarks/bench_render.py).
"""

from __future__ import annotations

import hashlib
import io
import os
import random
import subprocess
import sys
import zipfile
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from lxml import etree

import kehoach as kh
from kehoach.errors import PlanDataError, RenderError
from kehoach.rendering import engine as eng
from kehoach.rendering.context import build_context
from kehoach.rendering.package import (
    Entry,
    deflate,
    normalize_package,
    read_entries,
    write_entries,
    write_package,
)
from kehoach.rendering.templating import (
    Template,
    bundled_template,
    bundled_template_path,
    environment,
    render_docxtpl,
)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "examples"))
from hai_yen_2024 import build_plan  # noqa: E402

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_BLANKLESS = etree.XMLParser(remove_blank_text=True, resolve_entities=False)


# ------------------------------------------------------------------------------------------
# Comparing packages


def canonical(xml: bytes) -> bytes:
    return etree.tostring(etree.fromstring(xml, _BLANKLESS), method="c14n")


def _content_types(xml: bytes, names: list[str]) -> dict[str, str]:
    root = etree.fromstring(xml)
    ns = "{http://schemas.openxmlformats.org/package/2006/content-types}"
    defaults = {d.get("Extension").lower(): d.get("ContentType") for d in root.iter(ns + "Default")}
    overrides = {o.get("PartName"): o.get("ContentType") for o in root.iter(ns + "Override")}
    return {name: overrides.get("/" + name, defaults.get(name.rsplit(".", 1)[-1].lower()))
            for name in names if name != "[Content_Types].xml"}


def _relationships(xml: bytes) -> set[tuple]:
    root = etree.fromstring(xml)
    return {(r.get("Id"), r.get("Type"), r.get("Target"), r.get("TargetMode"))
            for r in root.iter("{http://schemas.openxmlformats.org/package/2006/relationships}"
                               "Relationship")}


def parts_of(package: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        assert archive.testzip() is None
        return {info.filename: archive.read(info) for info in archive.infolist()}


def assert_same_document(ours: bytes, reference: bytes) -> None:
    """The same parts; XML equal after C14N; content types and relationships equal as sets."""
    mine, theirs = parts_of(ours), parts_of(reference)
    assert sorted(mine) == sorted(theirs)
    names = list(mine)
    for name in names:
        if name == "[Content_Types].xml":
            assert _content_types(mine[name], names) == _content_types(theirs[name], names)
        elif name.endswith(".rels"):
            assert _relationships(mine[name]) == _relationships(theirs[name]), name
        elif name.endswith(".xml"):
            assert canonical(mine[name]) == canonical(theirs[name]), name
        else:
            assert mine[name] == theirs[name], name


def check_equivalent(template: Template, context: dict) -> bytes:
    ours = template.render(context)
    assert_same_document(ours, render_docxtpl(template.source, context, environment()))
    for name, xml in parts_of(ours).items():
        if name.endswith(".xml") or name.endswith(".rels"):
            etree.fromstring(xml, etree.XMLParser(resolve_entities=False))  # strict, no recover
    return ours


# ------------------------------------------------------------------------------------------
# Plans


@pytest.fixture(scope="module")
def hai_yen() -> kh.Plan:
    return build_plan()


def plain_plan() -> kh.Plan:
    """The Hải Yến plan as a plain Kế hoạch, whose criteria may have any number and name
    (the example is a NewRuralPlan, which checks them against the national set)."""
    plan = build_plan()
    return kh.Plan(**{field.name: getattr(plan, field.name) for field in attrs.fields(kh.Plan)})


#: Pieces of generated text: Vietnamese, XML and Jinja specials, docxtpl's brace escapes,
#: line breaks and tabs.
PIECES = ["xã Hải Yến", "Ủy ban nhân dân", "nông thôn mới", "đường", "Tiêu chí", "&", "<", ">",
          '"', "'", "&amp;", "&#95;", "{{ title }}", "{% if x %}", "{%p endif %}", "{#", "#}",
          "{_{", "}_}", "{_%", "%_}", "_", "%", "}}", "{{", "\n", "\t", "  ", "]]>", "<w:t>",
          "</w:p>", "a\n\nb", "(1)", "1.1.", "- ", "+ ", "./.", "ﬁ", "😀"]


def random_text(rng: random.Random, words: int = 6) -> str:
    text = rng.choice(PIECES[:5]) + "".join(rng.choice(PIECES) for _ in range(rng.randint(0, words)))
    return text.strip() or "x"


def random_plan(seed: int, criteria: int = 30) -> kh.Plan:
    """The Hải Yến plan with generated parts: criteria, points, bullets, task tables."""
    rng = random.Random(seed)
    t = lambda words=6: random_text(rng, words)  # noqa: E731
    # A field printed as one line holds no line break or tab (Nơi nhận, officials …).
    line = lambda words=6: " ".join(t(words).split()) or "x"  # noqa: E731

    def bullets(depth: int = 0) -> list:
        return [kh.Bullet(t(), lead_in=t(2) if rng.random() < 0.3 else None,
                          children=bullets(depth + 1) if depth < 1 and rng.random() < 0.3 else [])
                for _ in range(rng.randint(0, 3))]

    def criterion(n: int) -> kh.CriterionSolution:
        return kh.CriterionSolution(
            number=n, name=line(3) if rng.random() < 0.8 else None, actions=t(12),
            details=bullets(),
            deadlines=[kh.Deadline(t(3), scope=line(2) if rng.random() < 0.5 else None)
                       for _ in range(rng.randint(0, 2))],
            responsible=[kh.Official(title=line(2), name=line(2))
                         for _ in range(rng.randint(0, 2))],
            coordinators=[line(2) for _ in range(rng.randint(0, 3))])

    def table() -> kh.TaskTable:
        return kh.TaskTable([kh.TaskRow(t(8), lead_agency=t(2), support=t(2) if rng.random() < 0.5
                                        else None, deadline=t(2))
                             for _ in range(rng.randint(1, 6))])

    parts = [
        # A khoản's title is a heading: it does not end as a sentence does (R29).
        kh.Part(t(3), [kh.Item(title=t(3).rstrip(".;") or "x", children=[kh.Paragraph(t(20))]),
                       # A khoản's own line of text is a sentence (R29).
                       kh.Item(text=t(10).rstrip() + ".",
                               children=[kh.Point(t(8), lead_in=t(2)) for _ in range(5)])]),
        kh.Part(t(3), [criterion(n) for n in range(1, criteria + 1)]),
        kh.Part(t(3), [table(), kh.Item(title=t(3).rstrip(".;") or "x",
                                        children=[*bullets(), table()])]),
    ]
    title = t(10)  # a trích yếu starts with a capital letter (Nghị định 30)
    return attrs.evolve(plain_plan(), title=title[:1].upper() + title[1:], opening=t(15),
                        closing=t(15), parts=parts,
                        recipients=[kh.Recipient(line(3)) for _ in range(rng.randint(1, 5))])


# ------------------------------------------------------------------------------------------
# Equivalence with docxtpl


def test_hai_yen_is_the_document_docxtpl_makes(hai_yen):
    template = bundled_template()
    check_equivalent(template, build_context(hai_yen))
    # and kehoach.render goes through the engine
    assert kh.render(hai_yen) == template.render(build_context(hai_yen))


@pytest.mark.parametrize("seed", range(8))
def test_generated_plans_are_the_document_docxtpl_makes(seed):
    plan = random_plan(seed, criteria=[5, 40, 120][seed % 3])
    check_equivalent(bundled_template(), build_context(plan))


def test_a_large_plan_is_the_document_docxtpl_makes():
    check_equivalent(bundled_template(), build_context(random_plan(99, criteria=600)))


_piece = st.sampled_from(list("aăâbđêôơưyếỗ AZ09&<>\"'{}%#_\n\t-.:;/()[]!\u00a0\U0001f600")
                        + ["{{", "}}", "{%", "%}", "{_{", "}_}", "{_%", "%_}", "&amp;", "&#95;"])
_texts = st.lists(_piece, min_size=1, max_size=15).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_texts, min_size=7, max_size=7))
def test_any_text_renders_as_docxtpl_renders_it(texts):
    title, opening, para, lead, actions, cell, recipient = texts
    try:
        plan = attrs.evolve(
            plain_plan(), title=f"Về {title}", opening=opening,  # a capital starts a trích yếu
            parts=[kh.Part("Nội dung", [
                kh.Paragraph(para),
                kh.Bullet(actions, lead_in=lead),
                kh.Point(para, lead_in=lead),
                kh.CriterionSolution(number=1, name=lead, actions=actions,
                                     coordinators=[recipient]),
                kh.TaskTable([kh.TaskRow(cell, lead_agency=lead, support=recipient, deadline=title)]),
            ])],
            recipients=[kh.Recipient(recipient)])
    except PlanDataError:
        assume(False)
        return
    check_equivalent(bundled_template(), build_context(plan))


def test_contexts_beyond_the_model_render_as_docxtpl_renders_them(hai_yen):
    """docxtpl's listing characters (\\a new paragraph, \\f page break), its brace escapes
    and markup-looking data, put straight into the context."""
    context = build_context(hai_yen)
    context["title"] = "one\atwo\fthree\tfour\nfive {_{ six }_} {_% seven %_}"
    context["opening"] = "&lt; <w:p> ]]> {{ title }} \x07\x0c"
    context["blocks"][3]["text"] = "tab\there\nand a break\aand a paragraph"
    context["recipients"] = ["- {_{", "- \f", *context["recipients"]]
    check_equivalent(bundled_template(), context)


# ------------------------------------------------------------------------------------------
# Small templates for the paths the bundled one does not take


def make_docx(body: str, *, header: str = "<w:p/>", footer: str | None = None,
              core_title: str = "Kế hoạch", footnotes: str | None = None,
              extra_ns: str = "") -> bytes:
    ns = f'xmlns:w="{W}" xmlns:r="{R}"{extra_ns}'
    decl = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    types = ['<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
             'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>',
             '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
             'officedocument.wordprocessingml.document.main+xml"/>',
             '<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-'
             'officedocument.wordprocessingml.header+xml"/>',
             '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-'
             'package.core-properties+xml"/>']
    rels = [f'<Relationship Id="rIdH" Type="{R}/header" Target="header1.xml"/>']
    parts = [("word/header1.xml", f"{decl}<w:hdr {ns}>{header}</w:hdr>")]
    if footer is not None:
        types.append('<Override PartName="/word/footer1.xml" ContentType="application/vnd.'
                     'openxmlformats-officedocument.wordprocessingml.footer+xml"/>')
        rels.append(f'<Relationship Id="rIdF" Type="{R}/footer" Target="footer1.xml"/>')
        parts.append(("word/footer1.xml", f"{decl}<w:ftr {ns}>{footer}</w:ftr>"))
    if footnotes is not None:
        types.append('<Override PartName="/word/footnotes.xml" ContentType="application/vnd.'
                     'openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>')
        rels.append(f'<Relationship Id="rIdN" Type="{R}/footnotes" Target="footnotes.xml"/>')
        parts.append(("word/footnotes.xml", f"{decl}<w:footnotes {ns}>{footnotes}</w:footnotes>"))
    sect = ('<w:sectPr><w:headerReference w:type="default" r:id="rIdH"/>'
            + ('<w:footerReference w:type="default" r:id="rIdF"/>' if footer is not None else "")
            + "</w:sectPr>")
    core = (f"{decl}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/"
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<dc:title>{core_title}</dc:title><dc:creator>kehoach</dc:creator></cp:coreProperties>")
    package = [
        ("[Content_Types].xml", f'{decl}<Types xmlns="http://schemas.openxmlformats.org/package/'
                                f'2006/content-types">{"".join(types)}</Types>'),
        ("_rels/.rels", f'{decl}<Relationships xmlns="http://schemas.openxmlformats.org/package/'
                        f'2006/relationships"><Relationship Id="rId1" Type="{R}/officeDocument" '
                        'Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.'
                        'openxmlformats.org/package/2006/relationships/metadata/core-properties" '
                        'Target="docProps/core.xml"/></Relationships>'),
        ("word/document.xml", f"{decl}<w:document {ns}><w:body>{body}{sect}</w:body></w:document>"),
        ("word/_rels/document.xml.rels",
         f'{decl}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
         f'relationships">{"".join(rels)}</Relationships>'),
        ("docProps/core.xml", core),
        *parts,
    ]
    return write_package((name, xml.encode("utf-8")) for name, xml in package)


def p(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def grid_table(columns: int, rows: str) -> str:
    grid = "".join('<w:gridCol w:w="1000"/>' for _ in range(columns))
    return f"<w:tbl><w:tblPr/><w:tblGrid>{grid}</w:tblGrid>{rows}</w:tbl>"


def tc(content: str, span: int | None = None) -> str:
    props = f'<w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>' if span else ""
    return f"<w:tc>{props}{content}</w:tc>"


TEMPLATES = {
    # {%tc %} loops: more cells than the grid, so fix_tables widens it
    "tc loop": grid_table(2, "<w:tr>" + tc(p("{%tc for c in cols %}")) + tc(p("{{ c }}"))
                          + tc(p("{%tc endfor %}")) + "</w:tr>"),
    # a table whose only rows come from a loop: empty, fix_tables narrows its grid to nothing
    "tr loop only": grid_table(3, "<w:tr>" + tc(p("{%tr for c in rows %}")) + "</w:tr><w:tr>"
                               + tc(p("{{ c }}"), 3) + "</w:tr><w:tr>" + tc(p("{%tr endfor %}"))
                               + "</w:tr>"),
    # nested tables, spans, a drawing whose id docxtpl renumbers
    "nested": grid_table(2, "<w:tr>" + tc(grid_table(1, "<w:tr>" + tc(p("{{ cols[0] }}"))
                                                    + "</w:tr>") + p("")) + tc(p("x")) + "</w:tr>"
                         + "<w:tr>" + tc(p("{{ rows|length }}"), 2) + "</w:tr>"),
    "drawing": p("{{ cols[1] }}") + '<w:p><w:r><w:drawing><wp:inline><wp:extent cx="1" cy="1"/>'
                                    '<wp:docPr id="7" name="a"/></wp:inline></w:drawing></w:r>'
                                    '<w:r><w:drawing><wp:inline><wp:extent cx="1" cy="1"/>'
                                    '<wp:docPr id="7" name="b"/></wp:inline></w:drawing></w:r>'
                                    "</w:p>",
    "listing": p("{{ rows|join(';') }}") + p("{%p for c in cols %}") + p("- {{ c }}") + p("{%p endfor %}")
               + p("literal {_{ braces }_} and {_% tags %_}"),
}
CONTEXT = {"cols": ["a & b", "c\td", "e\nf"], "rows": [], "name": "Hải <Yến>"}


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_small_templates_render_as_docxtpl_renders_them(name):
    body = TEMPLATES[name]
    extra = (' xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"'
             if name == "drawing" else "")
    template = Template(make_docx(body, extra_ns=extra))
    for context in (CONTEXT, {**CONTEXT, "rows": ["r1", "r2\a", "r3"], "cols": ["x", "y"]}):
        check_equivalent(template, context)


def test_headers_footers_footnotes_and_properties_are_rendered():
    template = Template(make_docx(
        p("{{ name }}"), header=p("Trang {{ name }}"), footer=p("{{ cols|join(', ') }}"),
        core_title="{{ name }} – {{ cols|length }}",
        footnotes='<w:footnote w:id="1">' + p("{{ cols[0] }}") + "</w:footnote>"))
    assert set(template.engine.rendered_parts) == {
        "word/document.xml", "word/header1.xml", "word/footer1.xml", "word/footnotes.xml",
        "docProps/core.xml"}
    ours = check_equivalent(template, CONTEXT)
    parts = parts_of(ours)
    assert b"Trang H\xe1\xba\xa3i" in parts["word/header1.xml"]
    assert b"a &amp; b, c" in parts["word/footer1.xml"]


def test_bundled_template_renders_only_its_document():
    """The headers have no tags: rendered once, then copied. The core properties carry the
    plan's title and issuer (issue 14.10): rendered with each plan."""
    template = bundled_template()
    assert template.engine.rendered_parts == ["word/document.xml", "docProps/core.xml"]
    stored = {entry.name: entry for entry, _ in read_entries(template.source)}
    out = {entry.name: entry for entry, _ in read_entries(template.render(build_context(build_plan())))}
    for name in ("word/styles.xml", "word/settings.xml", "_rels/.rels"):
        assert out[name].data == stored[name].data  # copied as stored, not recompressed


# ------------------------------------------------------------------------------------------
# The table scanner: it says "unchanged" exactly when docxtpl's fix_tables changes nothing


def _random_table(rng: random.Random, depth: int) -> str:
    """A table, often consistent (rows that fill the grid exactly), often not."""
    columns = rng.randint(1, 4)
    consistent = rng.random() < 0.6

    def content() -> str:
        if depth < 2 and rng.random() < 0.2:
            return _random_table(rng, depth + 1) + p("")
        return p("x")

    rows = []
    for _ in range(rng.randint(0 if not consistent else 1, 3)):
        if rng.random() < 0.03:
            rows.append("<w:tr/>")
            continue
        cells = []
        if consistent:
            left = columns
            while left:
                span = rng.randint(1, left)
                cells.append(tc(content(), span if span > 1 or rng.random() < 0.3 else None))
                left -= span
        else:
            for _ in range(rng.randint(0, 5)):
                cells.append(tc(content(), rng.choice([None, None, 1, 2, 3]))
                             if rng.random() < 0.9 else "<w:tc/>")
        rows.append("<w:tr>" + "".join(cells) + "</w:tr>")
    return grid_table(columns, "".join(rows))


@settings(max_examples=300, deadline=None)
@given(st.randoms(use_true_random=False))
def test_table_scanner_agrees_with_fix_tables(rng):
    body = f'<w:body xmlns:w="{W}">' + "".join(
        _random_table(rng, 0) + p("between") for _ in range(rng.randint(1, 3))) + "</w:body>"
    patcher = eng._patcher()
    unchanged = canonical(etree.tostring(patcher.fix_tables(body))) == canonical(body.encode())
    assert eng.tables_fixed(body) == unchanged


def test_table_scanner_accepts_the_bundled_plans(hai_yen):
    """The fast path is the one taken: the rendered Hải Yến body needs no fix_tables."""
    template = bundled_template()
    xml = template.engine._post(template.engine._dynamic[0].template.render(build_context(hai_yen)))
    assert "<w:tbl" in xml and eng.tables_fixed(xml)


# ------------------------------------------------------------------------------------------
# Errors


def test_broken_templates_fail_when_prepared():
    with pytest.raises(RenderError):
        Template(make_docx(p("{% if %}")))
    with pytest.raises(RenderError):
        Template(b"not a zip")


def test_missing_names_and_malformed_output_are_render_errors():
    template = Template(make_docx(p("{{ name }}") + "{{ raw }}"))
    with pytest.raises(RenderError, match="undefined"):
        template.render({})
    from markupsafe import Markup

    with pytest.raises(RenderError, match="không phải XML hợp lệ"):
        template.render({"name": "x", "raw": Markup("<w:p>")})  # trusted markup, broken
    assert template.render({"name": "x", "raw": ""})


# ------------------------------------------------------------------------------------------
# Determinism


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_same_plan_same_bytes_in_one_process(hai_yen):
    first = kh.render(hai_yen)
    assert kh.render(hai_yen) == first
    assert Template(bundled_template_path()).render(build_context(hai_yen)) == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        infos = archive.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}


def test_same_plan_same_bytes_across_processes(hai_yen):
    code = ("import hashlib, sys; sys.path.insert(0, sys.argv[1]); import kehoach as kh; "
            "from hai_yen_2024 import build_plan; "
            "print(hashlib.sha256(kh.render(build_plan())).hexdigest())")
    expected = _sha(kh.render(hai_yen))
    for seed in ("0", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run([sys.executable, "-c", code, str(ROOT / "examples")], env=env,
                             capture_output=True, text=True, check=True)
        assert out.stdout.strip() == expected


def test_zip_writer_writes_what_zipfile_writes():
    parts = [("[Content_Types].xml", b"<a/>"), ("word/ế.xml", "ếố".encode() * 99), ("e", b"")]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            archive.writestr(info, data, compresslevel=6)
    assert write_package(parts) == buffer.getvalue()
    template = bundled_template_path().read_bytes()
    assert write_entries(entry for entry, _ in read_entries(template)) == template
    stored = Entry("s.xml", zipfile.ZIP_STORED, 0, 0, b"")
    assert parts_of(write_entries([deflate("d.xml", b"<d/>"), stored])) == {"d.xml": b"<d/>",
                                                                            "s.xml": b""}
    assert normalize_package(template) == template


# ------------------------------------------------------------------------------------------
# Batches


def test_render_many_matches_render_in_order(hai_yen):
    plans = [random_plan(seed, criteria=3 + seed) for seed in range(5)] + [hai_yen]
    expected = [kh.render(plan) for plan in plans]
    assert kh.render_many(plans, processes=2) == expected
    assert kh.render_many(plans, processes=1) == expected
    assert kh.render_many([]) == []
    with pytest.raises(ValueError):
        kh.render_many(plans, processes=0)


def test_render_many_raises_the_first_error(hai_yen):
    with pytest.raises(TypeError, match="not a registered plan type"):
        kh.render_many([hai_yen, object(), hai_yen], processes=2)


def test_save_many_writes_each_plan(tmp_path, hai_yen):
    plans = [hai_yen, random_plan(1, criteria=4)]
    paths = [tmp_path / "a.docx", tmp_path / "b.docx"]
    assert kh.save_many(plans, paths, processes=2) == paths
    assert [path.read_bytes() for path in paths] == [kh.render(plan) for plan in plans]
    with pytest.raises(ValueError, match="paths"):
        kh.save_many(plans, paths[:1])
    with pytest.raises(ValueError, match="same path"):
        kh.save_many(plans, [paths[0], paths[0]])


# ------------------------------------------------------------------------------------------
# Start-up


def _run(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip()


def test_import_kehoach_loads_no_rendering_library():
    loaded = _run("import sys, kehoach; print(sorted(m for m in ('docxtpl', 'docx', 'jinja2', "
                  "'lxml', 'kehoach.api', 'kehoach.model') if m in sys.modules))")
    assert loaded == "[]"


def test_every_public_name_is_importable():
    names = _run("import kehoach; from kehoach import Plan, render; "
                 "import kehoach.rendering.templating as module; "
                 "assert callable(kehoach.render) and kehoach.render is render; "
                 "assert all(getattr(kehoach, n) is not None for n in kehoach.__all__); "
                 "print(len(kehoach.__all__))")
    assert int(names) == len(kh.__all__)
    assert {"render", "save", "render_many", "save_many", "Plan"} <= set(kh.__all__)
    with pytest.raises(AttributeError):
        kh.no_such_name  # noqa: B018


def test_plan_types_are_registered_when_the_registry_is_imported():
    assert "ke-hoach" in _run("from kehoach import registry; print([t.name for t in "
                              "registry.types()])")
    assert "ke-hoach" in _run("import kehoach.registry as r; print([t.name for t in r.types()])")
