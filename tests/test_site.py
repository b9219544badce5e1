"""The static site of `make site` (tools/build_site.py), built once from the stored notebooks
into a temporary folder: one page per notebook and an index in the course's order; every
local link, source and anchor resolves to a file of the site; nothing is loaded from off the
machine; every solution is collapsed; every stored figure is on its page; the pages link to
each other. (tests/browser/test_site.py opens the same site in Chromium, offline.)
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


def load_site_builder():
    """tools/build_site.py as a module (tools/ is not a package)."""
    spec = importlib.util.spec_from_file_location("build_site", ROOT / "tools" / "build_site.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build_site = load_site_builder()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The folder of the built site."""
    folder = tmp_path_factory.mktemp("site") / "site"
    build_site.build_site(folder)
    return folder


@pytest.fixture(scope="module")
def pages(site):
    """{file name: parsed page} of every HTML page of the site."""
    return {path.name: BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
            for path in site.glob("*.html")}


def page_name(notebook):
    return f"{notebook.stem}.html"


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


def test_one_page_per_notebook_and_an_index(site):
    expected = {page_name(notebook) for notebook in NOTEBOOKS} | {"index.html"}
    assert {path.name for path in site.glob("*.html")} == expected
    assert len(NOTEBOOKS) >= 12


def test_index_lists_every_notebook_in_course_order(pages):
    rows = pages["index.html"].select("table.notebooks tbody tr")
    links = [row.select_one("td.title a")["href"] for row in rows]
    assert links == [page_name(notebook) for notebook in NOTEBOOKS]
    for row, notebook in zip(rows, NOTEBOOKS):
        assert row.select_one("td.number").get_text() == notebook.stem[:2]
        assert row.select_one("td.title").get_text(strip=True), f"no title for {notebook.name}"
        assert len(row.select_one("td.topic").get_text(strip=True)) > 20, f"no description of {notebook.name}"


def test_page_titles_are_the_notebook_titles(pages):
    for notebook in NOTEBOOKS:
        title = nbformat.read(notebook, as_version=4).cells[0].source.splitlines()[0].lstrip("# ")
        assert pages[page_name(notebook)].title.get_text() == title


def resolve(site, page, value):
    """The file of the site and the anchor that a local reference on `page` points to."""
    url = urlsplit(value)
    target = (site / page).parent / unquote(url.path) if url.path else site / page
    return target.resolve(), url.fragment


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
            elif anchor and target.suffix == ".html" and not {anchor, unquote(anchor)} & ids[target.name]:
                # (a browser matches the fragment as written, then percent-decoded)
                missing.append(f"{name}: <{tag} {attribute}={value!r}>: no id {anchor!r} on {target.name}")
    assert not missing, "\n".join(missing)


def test_links_between_notebooks_point_to_the_pages(pages):
    for name, soup in pages.items():
        ipynb = [a["href"] for a in soup.find_all("a", href=True) if ".ipynb" in a["href"]]
        assert not ipynb, f"{name} still links to notebooks: {ipynb}"
    welcome = pages[page_name(NOTEBOOKS[0])]
    assert {a["href"] for a in welcome.select(".jp-MarkdownOutput a[href$='.html']")} >= \
        {page_name(notebook) for notebook in NOTEBOOKS[1:]}, "the map of the course lost its links"


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
    soup = pages[page_name(notebook)]
    collapsed = [cell["id"].removeprefix("cell-id=")
                 for details in soup.select("details.solution")
                 for cell in details.find_all("div", class_="jp-Cell", recursive=False)]
    assert solutions and collapsed == solutions
    assert not soup.select("details.solution[open]"), "a solution starts open"
    for details in soup.select("details.solution"):
        assert details.find("summary", recursive=False).get_text().startswith("Solution")
    outside = [cell for cell in soup.select(".celltag_solution") if not cell.find_parent("details")]
    assert not outside, "a solution cell is shown outside its collapsed box"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda path: path.stem)
def test_every_stored_figure_is_on_its_page(pages, notebook):
    figures = stored_figures(nbformat.read(notebook, as_version=4))
    shown = [img["src"].split(",", 1)[1] for img in pages[page_name(notebook)].select(".jp-OutputArea-output img")]
    assert shown == figures
    assert all(img.get("alt") for img in pages[page_name(notebook)].select("img")), "a figure has no alternative text"


def test_pages_link_to_the_previous_and_next_notebook_and_the_index(pages):
    names = [page_name(notebook) for notebook in NOTEBOOKS]
    for i, name in enumerate(names):
        for nav in pages[name].select("nav.site-nav"):
            previous, following = nav.select_one("a.nav-previous"), nav.select_one("a.nav-next")
            assert nav.select_one("a.nav-index")["href"] == "index.html"
            assert (previous["href"] if previous else None) == (names[i - 1] if i > 0 else None)
            assert (following["href"] if following else None) == (names[i + 1] if i + 1 < len(names) else None)
        assert len(pages[name].select("nav.site-nav")) == 2, f"{name} lacks its navigation"
    assert pages["index.html"].select_one("nav a.nav-next")["href"] == names[0]


def test_every_page_has_the_print_style_sheet(pages):
    for name, soup in pages.items():
        sheets = {link["href"]: link.get("media") for link in soup.find_all("link", rel="stylesheet")}
        assert sheets.get("assets/print.css") == "print", f"{name} has no print style sheet"


def test_readme_table_must_list_exactly_the_notebooks(tmp_path):
    notebooks = build_site.read_notebook_table()
    assert [notebook.stem for notebook in notebooks] == [path.stem for path in NOTEBOOKS]
    for path in NOTEBOOKS[:3]:
        (tmp_path / path.name).write_text("{}")
    with pytest.raises(SystemExit, match="README's notebooks table"):
        build_site.check_table_matches_notebooks(notebooks, tmp_path)


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
