"""Build the course's static website, the handout, offline:

    python tools/build_site.py site

writes into the folder `site/`:

- one page per notebook (`notebooks/NN_name.ipynb` -> `NN_name.html`), made by nbconvert's
  lab template from the notebook as stored (nothing is executed): its outputs and figures,
  links between notebooks pointing to the pages (anchors kept), the cells tagged "solution"
  collapsed, previous / index / next links, and every formula typeset by MathJax;
- `index.html`: the notebooks in the course's order, from the notebooks table of README.md
  (the one list of the notebooks, their titles and what each is about);
- `assets/`: JupyterLab's style sheet, the site's screen and print style sheets, and the
  part of MathJax 2.7 that the pages use, copied from the Python package
  jupyter-server-mathjax.

Nothing on a page refers to anything off the machine: nbconvert's references to require.js,
the widget manager, mermaid and MathJax on CDNs are replaced by local files or dropped (the
stored widget outputs are pictures with a note, so no widget renderer is needed). The
handout is the browser's "print to PDF" of a page (tools/site_templates/print.css).
Prints the build time and the size of the site.
"""

import re
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import jinja2
import jupyter_server_mathjax
import nbformat
from nbconvert import HTMLExporter
from nbconvert.filters.markdown_mistune import markdown2html_mistune

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
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
NOTEBOOK_LINK = re.compile(r'(href=")(\d\d_[A-Za-z0-9_-]+)\.ipynb((?:#[^"]*)?")')


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


def read_notebook_table(readme=README):
    """The notebooks table of README.md ("## The notebooks"), row by row, in course order."""
    text = readme.read_text(encoding="utf-8")
    section = text.split("## The notebooks", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if re.match(r"\|\s*\d\d\s*\|", line)]
    notebooks = []
    for row in rows:
        cells = [cell.strip() for cell in row.strip().strip("|").split("|")]
        number, link, topic, tasks, minutes = cells
        title, path = re.fullmatch(r"\[(.+)\]\(notebooks/(\d\d_\w+)\.ipynb\)", link).groups()
        notebooks.append(Notebook(number, title, path, topic, tasks, minutes))
    return notebooks


def check_table_matches_notebooks(notebooks, folder=NOTEBOOKS):
    """README's table must list exactly the stored notebooks, in the order of their numbers."""
    listed = [notebook.stem for notebook in notebooks]
    stored = sorted(path.stem for path in folder.glob("[0-9][0-9]_*.ipynb"))
    if listed != stored:
        raise SystemExit(f"README's notebooks table lists {listed},\nbut notebooks/ holds {stored}")


def inline_markdown(text):
    """A table cell's markdown (code spans, emphasis) as inline HTML."""
    html = markdown2html_mistune(text).strip()
    return re.sub(r"^<p>(.*)</p>$", r"\1", html, flags=re.S)


def first_heading(nb):
    """The notebook's title: the text of its first `# ` heading."""
    for line in nb.cells[0].source.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    raise SystemExit("the first cell of a notebook must start with its `# ` title")


def figure_caption(cells, i):
    """The caption of the figure drawn by cells[i]: the `**Figure:**` paragraph of the
    markdown cell just before or after it, as plain text (TeX kept), or None."""
    for neighbour_cell in (cells[i - 1] if i > 0 else None, cells[i + 1] if i + 1 < len(cells) else None):
        if neighbour_cell is not None and neighbour_cell.cell_type == "markdown":
            found = re.search(r"\*\*Figure:\*\*\s*(.+?)(?:\n\s*\n|$)", neighbour_cell.source, re.S)
            if found:
                return " ".join(re.sub(r"[*`]", "", found.group(1)).split())
    return None


def add_figure_captions(nb):
    """Give every code cell that draws a figure its caption, for the image's alternative text."""
    for i, cell in enumerate(nb.cells):
        draws = any(key.startswith("image/") for output in cell.get("outputs", []) for key in output.get("data", {}))
        caption = figure_caption(nb.cells, i) if draws else None
        if caption:
            cell.metadata["figure_caption"] = caption


def make_exporter():
    """nbconvert's HTMLExporter with the lab template and the site's page template."""
    exporter = HTMLExporter(template_name="lab", extra_template_paths=[str(TEMPLATES)])
    exporter.template_file = "page.html.j2"
    exporter.theme = "light"
    return exporter


def neighbour(notebooks, i):
    """{'href', 'label'} of notebooks[i], or None outside the course."""
    if 0 <= i < len(notebooks):
        return {"href": notebooks[i].page, "label": notebooks[i].label}
    return None


def link_pages(html):
    """Links to a course notebook (`NN_name.ipynb`, `NN_name.ipynb#anchor`) go to its page."""
    return NOTEBOOK_LINK.sub(r"\1\2.html\3", html)


def render_page(exporter, notebooks, i, folder=NOTEBOOKS):
    """The HTML page of notebooks[i], from the stored notebook."""
    nb = nbformat.read(folder / f"{notebooks[i].stem}.ipynb", as_version=4)
    nb.metadata["title"] = first_heading(nb)
    nb.metadata.pop("widgets", None)
    add_figure_captions(nb)
    site = {
        "assets": ASSETS,
        "mathjax": MATHJAX_SCRIPT,
        "previous": neighbour(notebooks, i - 1),
        "next": neighbour(notebooks, i + 1),
        "solutions": any("solution" in cell.metadata.get("tags", []) for cell in nb.cells),
    }
    html, _ = exporter.from_notebook_node(nb, resources={"site": site})
    return link_pages(html)


def render_index(notebooks, readme=README):
    """The index page: the course's title and introduction, and the notebooks table."""
    text = readme.read_text(encoding="utf-8")
    title = re.search(r"^# (.+)$", text, re.M).group(1).strip()
    introduction = text.split("\n\n", 2)[1]
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)
    environment.filters["markdown"] = lambda s: jinja2.utils.markupsafe.Markup(inline_markdown(s))
    return environment.get_template("index.html.j2").render(
        title=title, introduction=introduction, notebooks=notebooks, assets=ASSETS)


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


def build_site(out, folder=NOTEBOOKS, readme=README):
    """Build the site into `out`; returns the list of pages written (index first)."""
    out = Path(out)
    notebooks = read_notebook_table(readme)
    check_table_matches_notebooks(notebooks, folder)
    prepare_output(out)
    exporter = make_exporter()
    write_assets(exporter, out / ASSETS)
    pages = [out / "index.html"]
    pages[0].write_text(render_index(notebooks, readme), encoding="utf-8")
    for i, notebook in enumerate(notebooks):
        page = out / notebook.page
        page.write_text(render_page(exporter, notebooks, i, folder), encoding="utf-8")
        pages.append(page)
    return pages


def main(argv):
    if len(argv) != 1:
        raise SystemExit("usage: python tools/build_site.py OUTPUT_FOLDER")
    start = time.perf_counter()
    out = Path(argv[0])
    pages = build_site(out)
    seconds = time.perf_counter() - start
    mathjax = folder_size(out / ASSETS / "mathjax")
    print(f"Built {len(pages)} pages into {out}/ in {seconds:.1f} s: {folder_size(out) / 1e6:.1f} MB "
          f"(MathJax {mathjax / 1e6:.1f} MB). Open {out / 'index.html'}; print a page for the handout.")


if __name__ == "__main__":
    main(sys.argv[1:])
