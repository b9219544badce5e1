"""The static site of `make site` (tools/build_site.py), built once into a temporary folder
from the stored English notebooks and a Chinese edition made for the test by
tools/translate.py (with the English notebooks' outputs, cell by cell, so its pages have
figures): one page per notebook and an index in the course's order, in English at the top
and in Chinese under zh/; every page has a language switch to its counterpart; the Chinese
pages speak Chinese; every local link, source and anchor resolves to a file of the site;
nothing is loaded from off the machine; every solution is collapsed; every stored figure is
on its page; the pages link to each other. (tests/browser/test_site.py opens the same site
in Chromium, offline.)
"""

import importlib.util
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
REMOTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.I)     # http://, https://, //host, ...
CHINESE_CHARACTER = re.compile(r"[\u4e00-\u9fff]")
# The pages made from the documents the notebooks link to (docs/glossary.md), in each edition.
DOCUMENT_PAGES = {"glossary.html"}


def load_tool(name):
    """tools/<name>.py as a module (tools/ is not a package)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build_site = load_tool("build_site")


def write_chinese_edition(folder):
    """The Chinese notebooks, written by tools/translate.py into folder, each given the
    outputs of the English notebook's code cell with the same id (the code is the same)."""
    translate = load_tool("translate")
    translate.EDITION = folder
    for english in NOTEBOOKS:
        chinese_path = translate.build(english)
        outputs = {cell.id: cell for cell in nbformat.read(english, as_version=4).cells if cell.cell_type == "code"}
        chinese = nbformat.read(chinese_path, as_version=4)
        for cell in chinese.cells:
            if cell.cell_type == "code":
                cell.outputs, cell.execution_count = outputs[cell.id].outputs, outputs[cell.id].execution_count
        nbformat.write(chinese, chinese_path)
    return folder


@pytest.fixture(scope="module")
def chinese_notebooks(tmp_path_factory):
    return write_chinese_edition(tmp_path_factory.mktemp("notebooks") / "zh")


@pytest.fixture(scope="module")
def site(tmp_path_factory, chinese_notebooks):
    """The folder of the built site, both editions."""
    folder = tmp_path_factory.mktemp("site") / "site"
    built = build_site.build_site(folder, chinese_folder=chinese_notebooks)
    assert built.chinese_left_out is None
    return folder


@pytest.fixture(scope="module")
def pages(site):
    """{path from the site's top ("01_perceptron.html", "zh/01_perceptron.html"): parsed page}."""
    return {path.relative_to(site).as_posix(): BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
            for path in site.rglob("*.html")}


def page_name(notebook):
    return f"{notebook.stem}.html"


def counterpart(name):
    """The same page in the other edition."""
    return name.removeprefix("zh/") if name.startswith("zh/") else f"zh/{name}"


def stored_figures(nb):
    """The base64 data of every image output of the stored notebook, in order."""
    return [output["data"][mime].replace("\n", "")
            for cell in nb.cells if cell.cell_type == "code"
            for output in cell.outputs
            for mime in ("image/png", "image/jpeg") if mime in output.get("data", {})]


def references(soup):
    """(tag name, attribute, value) of every src and href on the page."""
    return [(tag.name, attribute, tag[attribute])
            for attribute in ("src", "href") for tag in soup.find_all(attrs={attribute: True})]


def resolve(site, page, value):
    """The file of the site and the anchor that a local reference on `page` points to."""
    url = urlsplit(value)
    target = (site / page).parent / unquote(url.path) if url.path else site / page
    return target.resolve(), url.fragment


def site_path(site, target):
    return target.relative_to(site.resolve()).as_posix()


def test_one_page_per_notebook_and_an_index_in_each_edition(site):
    expected = {page_name(notebook) for notebook in NOTEBOOKS} | {"index.html"} | DOCUMENT_PAGES
    assert {path.name for path in site.glob("*.html")} == expected
    assert {path.name for path in (site / "zh").glob("*.html")} == expected
    assert len(NOTEBOOKS) >= 12


def test_the_editions_share_one_copy_of_the_assets(site, pages):
    assert not (site / "zh" / "assets").exists()
    assert [path.relative_to(site).as_posix() for path in site.rglob("MathJax.js")] == ["assets/mathjax/MathJax.js"]
    scripts = [tag["src"].split("?")[0] for tag in pages["zh/" + page_name(NOTEBOOKS[1])].find_all("script", src=True)]
    assert scripts == ["../assets/mathjax/MathJax.js"]


def test_index_lists_every_notebook_in_course_order(pages):
    for index in ("index.html", "zh/index.html"):
        rows = pages[index].select("table.notebooks tbody tr")
        links = [row.select_one("td.title a")["href"] for row in rows]
        assert links == [page_name(notebook) for notebook in NOTEBOOKS]
        for row, notebook in zip(rows, NOTEBOOKS):
            assert row.select_one("td.number").get_text() == notebook.stem[:2]
            assert row.select_one("td.title").get_text(strip=True), f"no title for {notebook.name} in {index}"
            assert len(row.select_one("td.topic").get_text(strip=True)) > 10, f"no description of {notebook.name}"


def test_chinese_index_is_the_chinese_readme(pages):
    index = pages["zh/index.html"]
    readme = (ROOT / "README.zh-CN.md").read_text(encoding="utf-8")
    assert index.h1.get_text() == readme.splitlines()[0].removeprefix("# ")
    titles = [row.select_one("td.title").get_text(strip=True) for row in index.select("table.notebooks tbody tr")]
    assert all(CHINESE_CHARACTER.search(title) for title in titles[:9]), titles
    assert [th.get_text() for th in index.select("thead th")] == build_site.CHINESE_TEXT["columns"]
    introduction = index.select_one("h1 + p").get_text()
    assert introduction.startswith("一门用 Jupyter"), introduction[:40]
    gaps = re.findall(r"[\u4e00-\u9fff，。；]\s+[\u4e00-\u9fff，。；]", introduction)
    assert not gaps, f"the README's line breaks show as spaces between Chinese characters: {gaps}"
    english = pages["index.html"].select_one("h1 + p").get_text()
    assert english.startswith("An interactive course"), "the index's introduction is not the README's first paragraph"


def test_page_titles_are_the_notebook_titles(pages, chinese_notebooks):
    for notebook in NOTEBOOKS:
        chinese = chinese_notebooks / notebook.name
        for name, path in ((page_name(notebook), notebook), ("zh/" + page_name(notebook), chinese)):
            title = nbformat.read(path, as_version=4).cells[0].source.splitlines()[0].lstrip("# ")
            assert pages[name].title.get_text() == title


@pytest.mark.parametrize("edition", ["", "zh/"], ids=["en", "zh"])
def test_every_page_has_a_language_switch_to_its_counterpart(site, pages, edition):
    """Every page of an edition (index, notebooks, documents) names both languages, the
    current one not a link, the other a link to the same page in the other edition."""
    language, lang, other_language, other_lang = ("中文", "zh-CN", "English", "en") if edition else (
        "English", "en", "中文", "zh-CN")
    names = [name for name in pages if name.startswith(edition) and "/" not in name.removeprefix(edition)]
    assert len(names) == len(NOTEBOOKS) + 1 + len(DOCUMENT_PAGES)
    for name in names:
        switches = pages[name].select(".language-switch")
        assert len(switches) == 1 and switches[0].find_parent("nav", class_="site-nav-top"), f"{name}: no switch"
        current, links = switches[0].select(".language-current"), switches[0].select("a[href]")
        assert [(c.get_text(), c["lang"]) for c in current] == [(language, lang)], name
        assert [(a.get_text(), a["hreflang"]) for a in links] == [(other_language, other_lang)], name
        target, _ = resolve(site, name, links[0]["href"])
        assert target.is_file(), f"{name}: the switch leads to {links[0]['href']}, which is not a page"
        assert site_path(site, target) == counterpart(name), f"{name}: the switch leads to {target}"
        assert pages[counterpart(name)].html["lang"] == other_lang


def test_chinese_pages_have_chinese_interface_text(pages):
    """lang zh-CN, the navigation, the solutions' summary and the open-all button in Chinese;
    the English pages keep theirs."""
    for name, soup in pages.items():
        chinese = name.startswith("zh/")
        assert soup.html["lang"] == ("zh-CN" if chinese else "en"), name
        nav = soup.select_one("nav.site-nav-top")
        assert nav.select_one("a.nav-index").get_text() == ("目录" if chinese else "Course index"), name
        previous, following = nav.select_one("a.nav-previous"), nav.select_one("a.nav-next")
        if previous:
            assert previous.get_text().startswith("← 上一篇：" if chinese else "← "), name
            assert chinese or not CHINESE_CHARACTER.search(previous.get_text())
        if following and name.endswith("index.html"):
            assert following.get_text().startswith("开始：" if chinese else "Start: "), name
        elif following:
            assert following.get_text().startswith("下一篇：") == chinese, name
        for button in soup.select(".toggle-solutions"):
            assert (button.get_text(), button["data-open"], button["data-close"]) == (
                ("展开全部答案", "展开全部答案", "收起全部答案") if chinese
                else ("Open all solutions", "Open all solutions", "Close all solutions")), name
        for summary in soup.select("details.solution > summary"):
            assert summary.get_text().startswith("参考答案" if chinese else "Solution"), name


def test_every_local_link_and_source_resolves(site, pages):
    ids = {name: {tag["id"] for tag in soup.find_all(id=True)} for name, soup in pages.items()}
    missing = []
    for name, soup in pages.items():
        for tag, attribute, value in references(soup):
            if value.startswith(("data:", "mailto:")) or REMOTE.match(value):
                continue
            target, anchor = resolve(site, name, value)
            if not target.is_file() or site.resolve() not in target.parents:
                missing.append(f"{name}: <{tag} {attribute}={value!r}> is not a file of the site")
            elif anchor and target.suffix == ".html" and not {anchor, unquote(anchor)} & ids[site_path(site, target)]:
                # (a browser matches the fragment as written, then percent-decoded)
                missing.append(f"{name}: <{tag} {attribute}={value!r}>: no id {anchor!r} on {target.name}")
    assert not missing, "\n".join(missing)


def test_links_between_notebooks_point_to_the_pages(pages):
    for name, soup in pages.items():
        unconverted = [a["href"] for a in soup.find_all("a", href=True) if re.search(r"\.(ipynb|md)\b", a["href"])]
        assert not unconverted, f"{name} still links to files of the repository: {unconverted}"
    for edition in ("", "zh/"):
        welcome = pages[edition + page_name(NOTEBOOKS[0])]
        links = {a["href"] for a in welcome.select(".jp-MarkdownOutput a[href$='.html']")}
        assert links >= {page_name(notebook) for notebook in NOTEBOOKS[1:]}, "the map of the course lost its links"
        assert "glossary.html" in links, f"{edition}00: the glossary link does not lead to the edition's glossary"


def test_links_to_repository_files_are_rewritten_for_each_edition():
    chinese = build_site.CHINESE
    html = ('<a href="../../docs/glossary.md#Glossary">g</a> <a href="01_perceptron.ipynb">p</a> '
            '<a href="../../README.md">r</a> <a href="../../docs/missing.txt">m</a>')
    assert build_site.link_pages(html, chinese) == (
        '<a href="glossary.html#Glossary">g</a> <a href="01_perceptron.html">p</a> '
        '<a href="../index.html">r</a> <a href="../../docs/missing.txt">m</a>')
    document = '<a href="../notebooks/00_welcome.ipynb">e</a> <a href="../notebooks/zh/00_welcome.ipynb">z</a>'
    assert build_site.link_pages(document, chinese, "docs") == (
        '<a href="../00_welcome.html">e</a> <a href="00_welcome.html">z</a>')
    assert build_site.link_pages(document, build_site.ENGLISH, "docs") == (
        '<a href="00_welcome.html">e</a> <a href="zh/00_welcome.html">z</a>')


def test_nothing_is_loaded_from_off_the_machine(site, pages):
    remote = []
    for name, soup in pages.items():
        for tag, attribute, value in references(soup):
            loads = attribute == "src" or tag == "link"
            if loads and REMOTE.match(value):
                remote.append(f"{name}: <{tag} {attribute}={value!r}>")
        for script in soup.find_all("script", src=False):
            urls = re.findall(r"(?:https?:)?//[\w.-]+\.\w+/", script.text)
            remote += [f"{name}: inline script: {url}" for url in urls]
        for style in soup.find_all("style"):
            remote += [f"{name}: style: {rule}" for rule in css_references(style.text) if REMOTE.match(rule)]
        for telltale in ("require.min.js", "html-manager", "embed-amd", "mermaid", "widget-state+json"):
            if telltale in str(soup.head) + "".join(s.text for s in soup.find_all("script")):
                remote.append(f"{name}: {telltale}")
    for css in (site / "assets").glob("*.css"):
        remote += [f"{css.name}: {rule}" for rule in css_references(css.read_text()) if REMOTE.match(rule)]
    assert not remote, "\n".join(remote)


def css_references(css):
    """The targets of url(...) and @import in a style sheet, comments left out."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    found = re.findall(r"url\(\s*['\"]?([^'\")]*)|@import\s+(?:url\()?['\"]?([^'\";)\s]+)", css)
    return [url or imported for url, imported in found]


def test_chinese_text_has_fonts_on_the_machine_and_none_from_the_web(site):
    css = (site / "assets" / "site.css").read_text()
    for variable in ("--jp-ui-font-family", "--jp-code-font-family-default"):
        stack = re.search(rf"{variable}:([^;]+);", css).group(1)
        assert "'Noto Sans CJK SC'" in stack and "'Microsoft YaHei'" in stack, f"{variable}: {stack}"
        assert stack.index("CJK") < stack.rindex("sans-serif" if "ui" in variable else "monospace")
    assert "@font-face" not in re.sub(r"/\*.*?\*/", "", css, flags=re.S)


def test_mathjax_is_part_of_the_site_and_small(site, pages):
    scripts = [tag["src"] for tag in pages[page_name(NOTEBOOKS[1])].find_all("script", src=True)]
    assert [src.split("?")[0] for src in scripts] == ["assets/mathjax/MathJax.js"]
    mathjax = site / "assets" / "mathjax"
    assert (mathjax / "config" / f"{build_site.MATHJAX_CONFIG}.js").is_file()
    assert list((mathjax / "fonts" / "HTML-CSS" / "STIX-Web" / "woff").glob("*.woff"))
    size = sum(path.stat().st_size for path in mathjax.rglob("*") if path.is_file())
    assert size < 3e6, f"the site's MathJax takes {size / 1e6:.1f} MB"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda path: path.stem)
def test_every_solution_is_collapsed(pages, notebook):
    nb = nbformat.read(notebook, as_version=4)
    solutions = [cell.id for cell in nb.cells if "solution" in cell.metadata.get("tags", [])]
    for name, summary_text in ((page_name(notebook), "Solution"), ("zh/" + page_name(notebook), "参考答案")):
        soup = pages[name]
        collapsed = [cell["id"].removeprefix("cell-id=")
                     for details in soup.select("details.solution")
                     for cell in details.find_all("div", class_="jp-Cell", recursive=False)]
        assert solutions and collapsed == solutions, name
        assert not soup.select("details.solution[open]"), f"a solution starts open on {name}"
        for details in soup.select("details.solution"):
            assert details.find("summary", recursive=False).get_text().startswith(summary_text)
        outside = [cell for cell in soup.select(".celltag_solution") if not cell.find_parent("details")]
        assert not outside, f"a solution cell is shown outside its collapsed box on {name}"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda path: path.stem)
def test_every_stored_figure_is_on_its_page(pages, notebook):
    figures = stored_figures(nbformat.read(notebook, as_version=4))
    for name in (page_name(notebook), "zh/" + page_name(notebook)):
        shown = [img["src"].split(",", 1)[1] for img in pages[name].select(".jp-OutputArea-output img")]
        assert shown == figures, name
        assert all(img.get("alt") for img in pages[name].select("img")), f"a figure on {name} has no alternative text"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda path: path.stem)
def test_chinese_figures_are_described_by_their_chinese_captions(pages, notebook):
    """The alternative text of a figure is its caption, from `**Figure:**` in English and
    `**图：**` in Chinese: as many figures have one in each edition, Chinese in Chinese."""
    english = [img["alt"] for img in pages[page_name(notebook)].select(".jp-OutputArea-output img")]
    chinese = [img["alt"] for img in pages["zh/" + page_name(notebook)].select(".jp-OutputArea-output img")]
    captioned = [alt for alt in chinese if alt != "图"]
    assert len(captioned) == len([alt for alt in english if alt != "Figure"])
    assert all(CHINESE_CHARACTER.search(alt) for alt in captioned), captioned
    assert not set(captioned) & set(english)
    assert "Figure" not in chinese and "图" not in english


def test_pages_link_to_the_previous_and_next_notebook_and_the_index(pages):
    names = [page_name(notebook) for notebook in NOTEBOOKS]
    for edition in ("", "zh/"):
        for i, name in enumerate(names):
            for nav in pages[edition + name].select("nav.site-nav"):
                previous, following = nav.select_one("a.nav-previous"), nav.select_one("a.nav-next")
                assert nav.select_one("a.nav-index")["href"] == "index.html"
                assert (previous["href"] if previous else None) == (names[i - 1] if i > 0 else None)
                assert (following["href"] if following else None) == (names[i + 1] if i + 1 < len(names) else None)
            assert len(pages[edition + name].select("nav.site-nav")) == 2, f"{edition}{name} lacks its navigation"
        assert pages[edition + "index.html"].select_one("nav a.nav-next")["href"] == names[0]


def test_every_page_has_the_print_style_sheet(site, pages):
    for name, soup in pages.items():
        sheets = {site_path(site, resolve(site, name, link["href"])[0]): link.get("media")
                  for link in soup.find_all("link", rel="stylesheet")}
        assert sheets.get("assets/print.css") == "print", f"{name} has no print style sheet"


def test_readme_table_must_list_exactly_the_notebooks(tmp_path):
    notebooks = build_site.read_notebook_table()
    assert [notebook.stem for notebook in notebooks] == [path.stem for path in NOTEBOOKS]
    for path in NOTEBOOKS[:3]:
        (tmp_path / path.name).write_text("{}")
    with pytest.raises(SystemExit, match="README.md's notebooks table lists"):
        build_site.check_table_matches_notebooks(notebooks, tmp_path)


def test_chinese_edition_must_hold_the_english_notebooks_names(tmp_path, chinese_notebooks):
    english = build_site.ENGLISH
    chinese = build_site.replace(build_site.CHINESE, folder=tmp_path / "zh")
    problem = build_site.chinese_edition_problem(english, chinese)
    assert "does not exist" in problem and str(tmp_path / "zh") in problem and NOTEBOOKS[-1].stem in problem

    (tmp_path / "zh").mkdir()
    for path in NOTEBOOKS[1:]:
        (tmp_path / "zh" / path.name).write_text("{}")
    (tmp_path / "zh" / "12_extra.ipynb").write_text("{}")
    problem = build_site.chinese_edition_problem(english, chinese)
    assert f"missing ['{NOTEBOOKS[0].stem}']" in problem and "not in English ['12_extra']" in problem, problem
    assert "expected" in problem and "found" in problem

    matching = build_site.replace(build_site.CHINESE, folder=chinese_notebooks)
    assert build_site.chinese_edition_problem(english, matching) is None


def test_without_the_chinese_edition_the_english_site_is_built_and_the_command_fails(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(build_site, "CHINESE_NOTEBOOKS", tmp_path / "no-such-folder")
    assert build_site.main([str(tmp_path / "site")]) == 1
    said = capsys.readouterr()
    assert "Chinese edition was NOT built" in said.err and "no-such-folder does not exist" in said.err
    built = {path.relative_to(tmp_path / "site").as_posix() for path in (tmp_path / "site").rglob("*.html")}
    assert built == {page_name(notebook) for notebook in NOTEBOOKS} | {"index.html"} | DOCUMENT_PAGES
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "language-switch" not in index and "zh/" not in index, "a switch to a Chinese edition that is not there"


def test_build_empties_only_a_folder_it_built(tmp_path):
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me")
    with pytest.raises(SystemExit, match="not built by this script"):
        build_site.prepare_output(foreign)
    assert (foreign / "notes.txt").read_text() == "keep me"

    built = tmp_path / "built"
    build_site.prepare_output(built)
    (built / "old.html").write_text("from the last build")
    build_site.prepare_output(built)
    assert [path.name for path in built.iterdir()] == [build_site.MARKER]


def test_notebook_links_keep_their_anchors_and_other_links_stay():
    html = ('<a href="03_forward_pass.ipynb#The-matrix-form">x</a> <a href="04_loss_and_delta.ipynb">y</a> '
            '<a href="https://example.org/a/05_x.ipynb">z</a> <a href="data.ipynb">w</a>')
    assert build_site.link_pages(html) == (
        '<a href="03_forward_pass.html#The-matrix-form">x</a> <a href="04_loss_and_delta.html">y</a> '
        '<a href="https://example.org/a/05_x.ipynb">z</a> <a href="data.ipynb">w</a>')
