"""Build the course's static website, the handout, offline, in English and in Chinese:

    python tools/build_site.py site

writes into the folder `site/`:

- one page per notebook (`notebooks/NN_name.ipynb` -> `NN_name.html`), made by nbconvert's
  lab template from the notebook as stored (nothing is executed): its outputs and figures,
  links between notebooks pointing to the pages (anchors kept), the cells tagged "solution"
  collapsed, previous / index / next links, and every formula typeset by MathJax;
- `index.html`: the notebooks in the course's order, from the notebooks table of README.md
  (the one list of the notebooks, their titles and what each is about);
- the pages of the documents the notebooks link to (`docs/glossary.md` -> `glossary.html`);
- `zh/`: the same pages of the Chinese edition, from `notebooks/zh/` and the table of
  README.zh-CN.md, with the interface in Chinese;
- `assets/`: JupyterLab's style sheet, the site's screen and print style sheets, and the
  part of MathJax 2.7 that the pages use, copied from the Python package
  jupyter-server-mathjax; both editions share it.

Every page has a language switch to the same page of the other edition. One page template
and one index template serve both editions: the interface text is passed in (ENGLISH,
CHINESE). If `notebooks/zh/` is missing or does not hold the English notebooks' names, the
English site is still built (without language switch), the reason is printed, and the
command exits with status 1.

Nothing on a page refers to anything off the machine: nbconvert's references to require.js,
the widget manager, mermaid and MathJax on CDNs are replaced by local files or dropped (the
stored widget outputs are pictures with a note, so no widget renderer is needed). The
handout is the browser's "print to PDF" of a page (tools/site_templates/print.css).
Prints the build time and the size of the site.
"""

import posixpath
import re
import shutil
import sys
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import jinja2
import jupyter_server_mathjax
import nbformat
from nbconvert import HTMLExporter
from nbconvert.filters.markdown_mistune import markdown2html_mistune

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
CHINESE_NOTEBOOKS = NOTEBOOKS / "zh"
README = ROOT / "README.md"
TEMPLATES = Path(__file__).resolve().parent / "site_templates"
MATHJAX = Path(jupyter_server_mathjax.__file__).resolve().parent / "static"
ASSETS = "assets"
MATHJAX_CONFIG = "TeX-AMS-MML_HTMLorMML-full"
MATHJAX_SCRIPT = f"{ASSETS}/mathjax/MathJax.js?config={MATHJAX_CONFIG}"
# What the pages load from MathJax: the loader and its combined configuration (TeX input,
# HTML-CSS output, the AMS extensions, the menu and zoom), then on demand the operator
# tables, the HTML-CSS layouts and STIX-Web font data, the web fonts themselves, the TeX
# extensions a formula may ask for, and the helpers of the menu's Help and Accessibility
# items. Not copied (10 of the package's 12 MB): the SVG output, MathML extensions,
# translations and the accessibility explorer.
MATHJAX_PARTS = [
    "LICENSE",
    "MathJax.js",
    f"config/{MATHJAX_CONFIG}.js",
    "jax/element/mml/",
    "jax/output/HTML-CSS/",
    "fonts/HTML-CSS/STIX-Web/woff/",
    "extensions/TeX/",
    "extensions/HelpDialog.js",
    "extensions/AssistiveMML.js",
    "extensions/a11y/accessibility-menu.js",
]
# The marker of a folder this script built: only such a folder is emptied before a build.
MARKER = ".course-site"
# A relative link to a notebook or a markdown file of the repository, with its anchor.
REPOSITORY_LINK = re.compile(r'href="([^":#?]+\.(?:ipynb|md))(#[^"]*)?"')
COURSE_NOTEBOOK = re.compile(r"notebooks/(?:(zh)/)?(\d\d_[A-Za-z0-9_-]+)\.ipynb")
DOCUMENT = re.compile(r"docs/([A-Za-z0-9_-]+)\.md")
# A line break between two Chinese characters (or full-width punctuation) is no space.
CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
CJK_LINE_BREAK = re.compile(rf"(?<=[{CJK}])\n[ \t]*(?=[{CJK}])")

ENGLISH_TEXT = {
    "language": "English",
    "switch_label": "Language",
    "nav_label": "course pages",
    "index": "Course index",
    "previous": "← {label}",
    "next": "{label} →",
    "start": "Start: {label} →",
    "solution": "Solution",
    "solution_hint": "(the course's reference answer: try the exercise first)",
    "open_all": "Open all solutions",
    "close_all": "Close all solutions",
    "figure": "Figure",
    "handout_note": "Each page is a notebook of the course with its stored outputs and figures; the exercises' "
                    "solutions are collapsed. To run the code and move the widgets, open the notebooks in "
                    "JupyterLab. For a handout, print a page (or save it as PDF) from the browser.",
    "columns": ["#", "notebook", "topic", "what you do", "minutes"],
}
CHINESE_TEXT = {
    "language": "中文",
    "switch_label": "语言",
    "nav_label": "课程页面",
    "index": "目录",
    "previous": "← 上一篇：{label}",
    "next": "下一篇：{label} →",
    "start": "开始：{label} →",
    "solution": "参考答案",
    "solution_hint": "（课程给出的参考答案：请先自己做练习）",
    "open_all": "展开全部答案",
    "close_all": "收起全部答案",
    "figure": "图",
    "handout_note": "每一页是课程的一个笔记本，带有保存下来的输出和图；练习的参考答案是折叠的。要运行代码、"
                    "拖动交互控件，请在 JupyterLab 中打开笔记本。要做讲义，在浏览器中打印某一页（或存为 PDF）。",
    "columns": ["#", "笔记本", "主题", "你要做的", "分钟"],
}


@dataclass(frozen=True)
class Edition:
    """One language of the site: its notebooks and README, where its pages go, its interface text."""

    lang: str               # the pages' html lang attribute
    folder: Path            # the notebooks (the real build: notebooks/ or notebooks/zh/)
    readme: Path            # the README whose table lists the notebooks
    table_heading: str      # the heading of that table
    repository_folder: str  # where the notebooks lie in the repository (links are relative to it)
    site_folder: str        # where the pages go in the site ("" is the site's top)
    caption: str            # what starts a figure's caption in the markdown
    text: dict = field(default_factory=dict)

    def site_path(self, name):
        """The path of one of this edition's pages from the site's top."""
        return posixpath.join(self.site_folder, name)

    def relative(self, site_path):
        """A path from the site's top as a link from one of this edition's pages."""
        return posixpath.relpath(site_path, self.site_folder or ".")


ENGLISH = Edition("en", NOTEBOOKS, README, "## The notebooks", "notebooks", "", "**Figure:**", ENGLISH_TEXT)
CHINESE = Edition("zh-CN", CHINESE_NOTEBOOKS, ROOT / "README.zh-CN.md", "## 笔记本", "notebooks/zh", "zh",
                  "**图：**", CHINESE_TEXT)


@dataclass(frozen=True)
class Notebook:
    """One row of README's notebooks table: the notebook and what the index says of it."""

    number: str
    title: str
    stem: str
    topic: str
    tasks: str
    minutes: str

    @property
    def page(self):
        return f"{self.stem}.html"

    @property
    def label(self):
        return f"{self.number} {self.title}"


@dataclass
class Site:
    """What a build wrote: the pages (each edition's index first), and why the Chinese
    edition was left out (None if it was built)."""

    pages: list
    chinese_left_out: str | None = None


def read_notebook_table(readme=README, edition=ENGLISH):
    """The notebooks table of a README (under edition.table_heading), row by row, in course order."""
    text = readme.read_text(encoding="utf-8")
    if edition.table_heading not in text:
        raise SystemExit(f"{readme.name} has no notebooks table under {edition.table_heading!r}")
    section = text.split(edition.table_heading, 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if re.match(r"\|\s*\d\d\s*\|", line)]
    link = re.compile(rf"\[(.+)\]\({re.escape(edition.repository_folder)}/(\d\d_\w+)\.ipynb\)")
    notebooks = []
    for row in rows:
        cells = [cell.strip() for cell in row.strip().strip("|").split("|")]
        number, title_link, topic, tasks, minutes = cells
        found = link.fullmatch(title_link)
        if not found:
            expected = f"{edition.repository_folder}/NN_name.ipynb"
            raise SystemExit(f"{readme.name}: {title_link!r} is not a link to {expected}")
        notebooks.append(Notebook(number, found[1], found[2], topic, tasks, minutes))
    return notebooks


def stored_notebooks(folder):
    """The names (without .ipynb) of the course notebooks in folder, in order."""
    return sorted(path.stem for path in folder.glob("[0-9][0-9]_*.ipynb"))


def check_table_matches_notebooks(notebooks, folder=NOTEBOOKS, readme=README):
    """The README's table must list exactly the stored notebooks, in the order of their numbers."""
    listed = [notebook.stem for notebook in notebooks]
    stored = stored_notebooks(folder)
    if listed != stored:
        raise SystemExit(f"{readme.name}'s notebooks table lists {listed},\nbut {folder} holds {stored}")


def chinese_edition_problem(english, chinese):
    """Why the Chinese edition cannot be built next to the English one (None if it can):
    its folder must hold the English notebooks' names, and its README's table list them."""
    expected = stored_notebooks(english.folder)
    if not chinese.folder.is_dir():
        return f"{chinese.folder} does not exist; expected the Chinese notebooks {expected} (`make zh` writes them)"
    found = stored_notebooks(chinese.folder)
    if found != expected:
        missing, extra = sorted(set(expected) - set(found)), sorted(set(found) - set(expected))
        return (f"{chinese.folder} does not hold the English notebooks' names: expected {expected},\n"
                f"found {found} (missing {missing}, not in English {extra}; `make zh` writes them)")
    try:
        check_table_matches_notebooks(read_notebook_table(chinese.readme, chinese), chinese.folder, chinese.readme)
    except SystemExit as problem:
        return str(problem)
    return None


def inline_markdown(text):
    """A table cell's markdown (code spans, emphasis) as inline HTML."""
    html = markdown2html_mistune(text).strip()
    return re.sub(r"^<p>(.*)</p>$", r"\1", html, flags=re.S)


def join_lines(text):
    """A paragraph on one line: line breaks become spaces, none between Chinese characters."""
    return re.sub(r"\s*\n\s*", " ", CJK_LINE_BREAK.sub("", text))


def join_chinese_lines(markdown):
    """Markdown whose lines of Chinese are joined where a paragraph was wrapped: a browser
    would show each such line break as a space. Fenced code is left as it is."""
    parts = re.split(r"(^```.*?^```)", markdown, flags=re.M | re.S)
    return "".join(part if part.startswith("```") else CJK_LINE_BREAK.sub("", part) for part in parts)


def first_heading(nb):
    """The notebook's title: the text of its first `# ` heading."""
    for line in nb.cells[0].source.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    raise SystemExit("the first cell of a notebook must start with its `# ` title")


def figure_caption(cells, i, marker=ENGLISH.caption):
    """The caption of the figure drawn by cells[i]: the paragraph starting with marker
    (`**Figure:**`, `**图：**`) of the markdown cell just before or after it, as plain
    text (TeX kept), or None."""
    pattern = re.compile(rf"{re.escape(marker)}\s*(.+?)(?:\n\s*\n|$)", re.S)
    for neighbour_cell in (cells[i - 1] if i > 0 else None, cells[i + 1] if i + 1 < len(cells) else None):
        if neighbour_cell is not None and neighbour_cell.cell_type == "markdown":
            found = pattern.search(neighbour_cell.source)
            if found:
                return " ".join(re.sub(r"[*`]", "", found.group(1)).split())
    return None


def add_figure_captions(nb, marker=ENGLISH.caption):
    """Give every code cell that draws a figure its caption, for the image's alternative text."""
    for i, cell in enumerate(nb.cells):
        draws = any(key.startswith("image/") for output in cell.get("outputs", []) for key in output.get("data", {}))
        caption = figure_caption(nb.cells, i, marker) if draws else None
        if caption:
            cell.metadata["figure_caption"] = caption


class SiteExporter(HTMLExporter):
    """nbconvert's HTMLExporter whose pages carry the edition's language in <html lang>
    (nbconvert's own language_code accepts two-letter codes only, not zh-CN)."""

    def _init_resources(self, resources):
        resources = super()._init_resources(resources)
        resources["language_code"] = resources["site"]["lang"]
        return resources


def make_exporter():
    """The site's exporter: the lab template and the site's page template."""
    exporter = SiteExporter(template_name="lab", extra_template_paths=[str(TEMPLATES)])
    exporter.template_file = "page.html.j2"
    exporter.theme = "light"
    return exporter


def neighbour(notebooks, i, text):
    """{'href', 'label'} of notebooks[i], its label in the edition's words, or None outside the course."""
    if 0 <= i < len(notebooks):
        return {"href": notebooks[i].page, "label": text.format(label=notebooks[i].label)}
    return None


def site_target(repository_path, edition):
    """The page of the site (path from its top) that stands for a file of the repository,
    for a link on a page of edition; None if the site has no such page."""
    notebook = COURSE_NOTEBOOK.fullmatch(repository_path)
    if notebook:
        return posixpath.join(notebook[1] or "", f"{notebook[2]}.html")
    document = DOCUMENT.fullmatch(repository_path)
    if document:
        return edition.site_path(f"{document[1]}.html")
    readmes = {"README.md": ENGLISH.site_path("index.html"), "README.zh-CN.md": CHINESE.site_path("index.html")}
    return readmes.get(repository_path)


def link_pages(html, edition=ENGLISH, repository_folder=None, documents=None):
    """Links to files of the repository go to their pages in the site: a course notebook
    (`NN_name.ipynb`, `NN_name.ipynb#anchor`, `zh/NN_name.ipynb`) to its page, a document
    (`../docs/glossary.md`) to its page in the edition, a README to its index. Links are
    relative to repository_folder (default: where the edition's notebooks lie); links to
    anything else stay as they are. The names of the documents linked to are added to the
    set `documents` if one is given."""
    folder = repository_folder or edition.repository_folder

    def to_page(match):
        repository_path = posixpath.normpath(posixpath.join(folder, match[1]))
        target = site_target(repository_path, edition)
        if target is None:
            return match[0]
        if documents is not None and DOCUMENT.fullmatch(repository_path):
            documents.add(DOCUMENT.fullmatch(repository_path)[1])
        return f'href="{edition.relative(target)}{match[2] or ""}"'

    return REPOSITORY_LINK.sub(to_page, html)


def language_switch(editions, edition, name):
    """The entries of the language switch of page `name` of edition: every edition's
    language, its lang and the link to its page of that name (none for the current one)."""
    if len(editions) < 2:
        return []
    return [{"language": other.text["language"], "lang": other.lang,
             "href": None if other is edition else edition.relative(other.site_path(name))}
            for other in editions]


def page_resources(edition, editions, name, **extra):
    """What the templates need to know of a page: its edition's language and words, where
    the assets are, its language switch."""
    assets = edition.relative(ASSETS)
    return {"lang": edition.lang, "text": edition.text, "assets": assets,
            "mathjax": edition.relative(MATHJAX_SCRIPT), "languages": language_switch(editions, edition, name),
            **extra}


def render_notebook_page(exporter, nb, site, edition):
    """The HTML of one notebook (or document) as a page, its links pointing into the site."""
    nb.metadata["title"] = first_heading(nb)
    nb.metadata.pop("widgets", None)
    add_figure_captions(nb, edition.caption)
    site["solutions"] = any("solution" in cell.metadata.get("tags", []) for cell in nb.cells)
    html, _ = exporter.from_notebook_node(nb, resources={"site": site})
    return html


def render_page(exporter, notebooks, i, edition=ENGLISH, editions=(ENGLISH,), documents=None):
    """The HTML page of notebooks[i] of edition, from the stored notebook (the documents it
    links to are added to the set `documents`)."""
    nb = nbformat.read(edition.folder / f"{notebooks[i].stem}.ipynb", as_version=4)
    text = edition.text
    site = page_resources(edition, editions, notebooks[i].page,
                          previous=neighbour(notebooks, i - 1, text["previous"]),
                          next=neighbour(notebooks, i + 1, text["next"]))
    return link_pages(render_notebook_page(exporter, nb, site, edition), edition, documents=documents)


def render_document(exporter, path, edition=ENGLISH, editions=(ENGLISH,)):
    """The page of a markdown document of the repository (docs/NAME.md), in edition's words."""
    markdown = join_chinese_lines(path.read_text(encoding="utf-8"))
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(markdown)])
    site = page_resources(edition, editions, f"{path.stem}.html", previous=None, next=None)
    return link_pages(render_notebook_page(exporter, nb, site, edition), edition, "docs")


def readme_introduction(text):
    """The README's first paragraph after its title, leaving out the line of links to its
    other languages; on one line."""
    paragraphs = text.split("\n## ", 1)[0].split("\n\n")[1:]
    for paragraph in paragraphs:
        if paragraph.strip() and not re.search(r"\]\(README[\w.-]*\.md\)", paragraph):
            return join_lines(paragraph.strip())
    raise SystemExit("the README has no introduction after its title")


def render_index(notebooks, readme=README, edition=ENGLISH, editions=(ENGLISH,)):
    """The index page: the course's title and introduction, and the notebooks table."""
    text = readme.read_text(encoding="utf-8")
    title = re.search(r"^# (.+)$", text, re.M).group(1).strip()
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)
    environment.filters["markdown"] = lambda s: jinja2.utils.markupsafe.Markup(inline_markdown(s))
    site = page_resources(edition, editions, "index.html",
                          start=neighbour(notebooks, 0, edition.text["start"]))
    return environment.get_template("index.html.j2").render(
        title=title, introduction=readme_introduction(text), notebooks=notebooks, site=site)


def prepare_output(out):
    """An empty output folder: created, or emptied if an earlier build made it."""
    if out.exists() and any(out.iterdir()):
        if not (out / MARKER).exists():
            raise SystemExit(f"{out} is not empty and was not built by this script: choose another folder")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("built by tools/build_site.py; emptied by the next build\n")


def copy_mathjax(assets, source=MATHJAX):
    """Copy the parts of MathJax that the pages use (MATHJAX_PARTS) into assets/mathjax."""
    target = assets / "mathjax"
    for part in MATHJAX_PARTS:
        if part.endswith("/"):
            shutil.copytree(source / part, target / part)
        else:
            (target / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / part, target / part)


def write_assets(exporter, assets):
    """JupyterLab's style sheet (from nbconvert's lab template), the site's own, MathJax."""
    assets.mkdir()
    environment = exporter.environment
    notebook_css = "\n".join(environment.loader.get_source(environment, name)[0]
                             for name in ("static/index.css", "static/theme-light.css"))
    (assets / "notebook.css").write_text(notebook_css, encoding="utf-8")
    for name in ("site.css", "print.css"):
        shutil.copy2(TEMPLATES / name, assets / name)
    copy_mathjax(assets)


def folder_size(folder):
    """Total size in bytes of the files under folder."""
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def write_edition(out, exporter, edition, editions, documents):
    """Write one edition's index and notebook pages into out/edition.site_folder; returns
    the pages; adds the documents they link to to the set `documents`."""
    folder = out / edition.site_folder
    folder.mkdir(parents=True, exist_ok=True)
    notebooks = read_notebook_table(edition.readme, edition)
    check_table_matches_notebooks(notebooks, edition.folder, edition.readme)
    pages = [folder / "index.html"]
    pages[0].write_text(render_index(notebooks, edition.readme, edition, editions), encoding="utf-8")
    for i, notebook in enumerate(notebooks):
        page = folder / notebook.page
        page.write_text(render_page(exporter, notebooks, i, edition, editions, documents), encoding="utf-8")
        pages.append(page)
    return pages


def write_documents(out, exporter, editions, names):
    """Write, in every edition, the pages of the documents docs/NAME.md for NAME in names."""
    written = []
    for name in sorted(names):
        source = ROOT / "docs" / f"{name}.md"
        if not source.is_file():
            raise SystemExit(f"a notebook links to docs/{name}.md, which does not exist")
        for edition in editions:
            page = out / edition.site_folder / f"{name}.html"
            page.write_text(render_document(exporter, source, edition, editions), encoding="utf-8")
            written.append(page)
    return written


def build_site(out, folder=NOTEBOOKS, chinese_folder=CHINESE_NOTEBOOKS):
    """Build the site into `out`: the English edition from folder, the Chinese one from
    chinese_folder (left out, with the reason, if it does not match the English)."""
    out = Path(out)
    english, chinese = replace(ENGLISH, folder=Path(folder)), replace(CHINESE, folder=Path(chinese_folder))
    check_table_matches_notebooks(read_notebook_table(english.readme, english), english.folder, english.readme)
    problem = chinese_edition_problem(english, chinese)
    editions = (english,) if problem else (english, chinese)
    prepare_output(out)
    exporter = make_exporter()
    write_assets(exporter, out / ASSETS)
    documents = set()
    pages = [page for edition in editions for page in write_edition(out, exporter, edition, editions, documents)]
    pages += write_documents(out, exporter, editions, documents)
    return Site(pages, problem)


def main(argv):
    if len(argv) != 1:
        raise SystemExit("usage: python tools/build_site.py OUTPUT_FOLDER")
    start = time.perf_counter()
    out = Path(argv[0])
    site = build_site(out, NOTEBOOKS, CHINESE_NOTEBOOKS)
    seconds = time.perf_counter() - start
    parts = f"MathJax {folder_size(out / ASSETS / 'mathjax') / 1e6:.1f} MB"
    if not site.chinese_left_out:
        chinese = out / CHINESE.site_folder
        parts += f", the Chinese edition in {CHINESE.site_folder}/ {folder_size(chinese) / 1e6:.1f} MB"
    print(f"Built {len(site.pages)} pages into {out}/ in {seconds:.1f} s: {folder_size(out) / 1e6:.1f} MB "
          f"({parts}). Open {out / 'index.html'}; print a page for the handout.")
    if site.chinese_left_out:
        print(f"The Chinese edition was NOT built, {out}/ holds the English one only:\n{site.chinese_left_out}",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
