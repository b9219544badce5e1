"""The static site (`make site`) in a real browser, offline: the site is built from the
stored notebooks and a Chinese edition made as tests/test_site.py makes it, served from
127.0.0.1, and opened in headless Chromium with every request to anything else blocked (and
recorded). The index and every page, and the Chinese index and some Chinese pages, load with
no failed, blocked or refused request and no browser error, every formula is typeset by the
site's own MathJax (no `$…$` left in the visible text), every figure is decoded, the
solutions start collapsed, the language switch leads to the same page in the other language,
Chinese is drawn with a font that has it, and the print style sheet makes a clean handout
(no navigation, code wrapped, a PDF of several pages). Screenshots: test-artifacts/site_*.png
and site_*.pdf.
"""

import functools
import http.server
import importlib.util
import re
import threading
from urllib.parse import urlsplit

import pytest

from .lab import ROOT

NOTEBOOK_PAGES = [f"{path.stem}.html" for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))]
CHINESE_PAGES = ["zh/index.html", "zh/01_perceptron.html", "zh/05_backprop_equations.html",
                 "zh/07_sigmoid_saturation.html"]
PAGES = ["index.html", *NOTEBOOK_PAGES, *CHINESE_PAGES]
SCREEN = {"width": 1366, "height": 768}

# Untypeset TeX in the visible text: a pair of dollars (or \( \) / \[ \]) around something
# with a TeX command, a sub- or superscript or a brace, or around a single letter. Prices
# or shell variables in prose would not match; code and outputs are not searched.
UNTYPESET_TEX = re.compile(
    r"\$\$?[^$]*?(?:\\[A-Za-z]+|[\^_{}])[^$]*?\$"
    r"|\$[A-Za-z]\$"
    r"|\\\(|\\\[")

# The text a reader sees, outside code, outputs, MathJax's own elements and closed solutions.
VISIBLE_PROSE = """() => {
  const skip = "pre, code, script, style, textarea, .MathJax, .MathJax_Display, .MathJax_Preview,"
             + " .MJX_Assistive_MathML, .jp-OutputArea";
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const parts = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    if (element && !element.closest(skip) && element.checkVisibility()) parts.push(node.textContent);
  }
  return parts.join(" ");
}"""

# MathJax 2 signals "End" once its startup, which ends with typesetting the page, is over.
# The hook is registered before any script of the page runs (a MathJax object defined before
# MathJax.js loads is read as configuration), so the signal cannot be missed.
MATHJAX_HOOK = """window.mathjaxTypeset = new Promise(resolve => {
  window.MathJax = {AuthorInit: () => MathJax.Hub.Register.StartupHook("End", () => resolve("typeset"))};
});"""
MATHJAX_DONE = """() => {
  if (document.querySelector('script[src*="MathJax.js"]') === null) return "no MathJax";
  if (!window.MathJax.Hub) return "MathJax.js did not load";
  return Promise.race([
    window.mathjaxTypeset.then(() => new Promise(resolve => MathJax.Hub.Queue(() => resolve("typeset")))),
    new Promise(resolve => setTimeout(() => resolve("MathJax did not finish within 90 s"), 90000)),
  ]);
}"""

MATH_COUNTS = """() => ({
  sources: document.querySelectorAll('script[type^="math/tex"]').length,
  typeset: document.querySelectorAll('.MathJax, .MathJax_Display').length,
  errors: document.querySelectorAll('.MathJax_Error, .noError, merror, #MathJax_Font_Warning').length,
})"""


def load_site_checks():
    """tests/test_site.py as a module: its site builder and its Chinese edition for tests."""
    spec = importlib.util.spec_from_file_location("site_checks", ROOT / "tests" / "test_site.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site's folder without logging every request."""

    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    """The site, built from the stored notebooks and a Chinese edition made from them,
    served on a free port of 127.0.0.1."""
    checks = load_site_checks()
    chinese = checks.write_chinese_edition(tmp_path_factory.mktemp("notebooks") / "zh")
    folder = tmp_path_factory.mktemp("site") / "site"
    assert checks.build_site.build_site(folder, chinese_folder=chinese).chinese_left_out is None
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class Offline:
    """A Chromium page that may load only from the local server: every other request is
    aborted; blocked requests, failed requests, error responses, browser errors and pages
    that MathJax did not typeset are recorded (assert_clean checks that there were none)."""

    def __init__(self, browser, base, viewport=SCREEN):
        self.origin = urlsplit(base).netloc
        self.blocked, self.failed, self.errors, self.untypeset = [], [], [], []
        self.context = browser.new_context(viewport=viewport)
        self.context.route("**/*", self._route)
        self.context.add_init_script(MATHJAX_HOOK)
        self.page = self.context.new_page()
        self.page.set_default_timeout(90_000)
        self.page.on("requestfailed", lambda r: self.failed.append(f"{r.url}: {r.failure}"))
        self.page.on("response", lambda r: r.status >= 400 and self.failed.append(f"{r.url}: HTTP {r.status}"))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _route(self, route):
        url = urlsplit(route.request.url)
        if url.scheme in ("http", "https") and url.netloc == self.origin:
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def open(self, url):
        """Go to url and wait until MathJax (if the page loads it) has typeset everything."""
        self.page.goto(url)
        return self.settle()

    def follow(self, link, url):
        """Click a link, check that it leads to url, and wait until that page is typeset."""
        link.click()
        self.page.wait_for_url(url)
        return self.settle()

    def settle(self):
        """Wait for the page's load event, MathJax's typesetting and the web fonts."""
        self.page.wait_for_load_state("load")
        status = self.page.evaluate(MATHJAX_DONE)
        if status not in ("typeset", "no MathJax"):
            self.untypeset.append(f"{self.page.url}: {status}")
        self.page.evaluate("() => document.fonts.ready")
        return self.page

    def assert_clean(self):
        assert not self.blocked, f"requests to outside the local server: {self.blocked}"
        assert not self.failed, f"failed requests: {self.failed}"
        assert not self.errors, f"browser errors: {self.errors}"
        assert not self.untypeset, f"MathJax did not typeset: {self.untypeset}"

    def close(self):
        self.context.close()


@pytest.fixture
def offline(browser, site_url):
    pages = []

    def open_offline(**kwargs):
        pages.append(Offline(browser, site_url, **kwargs))
        return pages[-1]

    yield open_offline
    for page in pages:
        page.close()


@pytest.mark.parametrize("name", PAGES)
def test_page_loads_offline_with_every_formula_typeset(offline, site_url, name):
    browser_page = offline()
    page = browser_page.open(f"{site_url}/{name}")
    browser_page.assert_clean()

    prose = page.evaluate(VISIBLE_PROSE)
    assert len(prose) > 500, "the page shows almost no text"
    untypeset = [m.group(0)[:80] for m in UNTYPESET_TEX.finditer(prose)]
    assert not untypeset, f"formulas left as TeX on {name}: {untypeset[:5]}"

    math = page.evaluate(MATH_COUNTS)
    assert math["errors"] == 0, f"MathJax errors on {name}: {math}"
    if not name.endswith("index.html"):
        assert math["sources"] > 10 and math["typeset"] >= math["sources"], math
    broken = page.evaluate("() => [...document.images].filter(i => !i.complete || i.naturalWidth === 0).length")
    assert broken == 0, f"{broken} images on {name} could not be decoded"


def test_links_between_pages_work(offline, site_url):
    browser_page = offline()
    page = browser_page.open(f"{site_url}/index.html")
    browser_page.follow(page.locator(".notebooks a").nth(1), f"{site_url}/{NOTEBOOK_PAGES[1]}")
    browser_page.follow(page.locator(".site-nav-top .nav-next"), f"{site_url}/{NOTEBOOK_PAGES[2]}")
    # a link inside the notebook's own text, rewritten from .ipynb to .html
    browser_page.follow(page.locator(f'.jp-MarkdownOutput a[href="{NOTEBOOK_PAGES[1]}"]').first,
                        f"{site_url}/{NOTEBOOK_PAGES[1]}")
    browser_page.follow(page.locator(".site-nav-bottom .nav-previous"), f"{site_url}/{NOTEBOOK_PAGES[0]}")
    browser_page.follow(page.locator(".site-nav-top .nav-index"), f"{site_url}/index.html")
    browser_page.assert_clean()


def test_language_switch_leads_to_the_same_page_in_the_other_language(offline, site_url):
    browser_page = offline()
    english, chinese = f"{site_url}/05_backprop_equations.html", f"{site_url}/zh/05_backprop_equations.html"
    page = browser_page.open(chinese)
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    chinese_title = page.title()
    browser_page.follow(page.locator(".language-switch a", has_text="English"), english)
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.title() != chinese_title and page.title().startswith("5.")
    assert page.locator(".language-switch .language-current").inner_text() == "English"
    browser_page.follow(page.locator(".language-switch a", has_text="中文"), chinese)
    assert page.title() == chinese_title

    browser_page.follow(page.locator(".site-nav-top .nav-index"), f"{site_url}/zh/index.html")
    assert page.locator(".site-nav-top .nav-index").inner_text() == "目录"
    browser_page.follow(page.locator(".language-switch a"), f"{site_url}/index.html")
    browser_page.follow(page.locator(".language-switch a"), f"{site_url}/zh/index.html")
    browser_page.follow(page.locator(".notebooks a").nth(1), f"{site_url}/zh/{NOTEBOOK_PAGES[1]}")
    browser_page.follow(page.locator(".site-nav-top .nav-next"), f"{site_url}/zh/{NOTEBOOK_PAGES[2]}")
    browser_page.assert_clean()


# The fonts Chromium drew a node's text with, through the DevTools protocol.
def platform_fonts(page, selector):
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument")["root"]["nodeId"]
    node = session.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    session.detach()
    return {font["familyName"]: font["glyphCount"] for font in fonts}


def test_chinese_is_drawn_with_a_font_of_the_style_sheet(offline, site_url):
    """The Chinese characters of a heading come from one of the Chinese fonts the site's
    style sheet names (on Debian: fonts-noto-cjk), not from a fallback without them."""
    browser_page = offline()
    page = browser_page.open(f"{site_url}/zh/01_perceptron.html")
    fonts = platform_fonts(page, "h2")
    chinese_fonts = [name for name in fonts if re.search(r"CJK|Source Han|PingFang|YaHei|Noto Sans SC", name)]
    assert chinese_fonts and sum(fonts[name] for name in chinese_fonts) >= 2, (
        f"the heading's Chinese was drawn with {fonts}; install a Chinese font such as fonts-noto-cjk")
    browser_page.assert_clean()


def test_chinese_solutions_open_all_and_close_all(offline, site_url):
    browser_page = offline()
    page = browser_page.open(f"{site_url}/zh/01_perceptron.html")
    button = page.locator(".site-nav-top .toggle-solutions")
    assert button.inner_text() == "展开全部答案"
    button.click()
    assert page.locator("details.solution:not([open])").count() == 0
    assert button.inner_text() == "收起全部答案"
    button.click()
    assert page.locator("details.solution[open]").count() == 0
    assert button.inner_text() == "展开全部答案"
    assert page.locator("details.solution > summary").first.inner_text().startswith("参考答案")
    browser_page.assert_clean()


def test_solutions_start_collapsed_and_open_on_demand(offline, site_url):
    browser_page = offline()
    page = browser_page.open(f"{site_url}/01_perceptron.html")
    solutions = page.locator("details.solution")
    code = page.locator("details.solution .jp-CodeCell")
    assert solutions.count() >= 3
    assert not any(code.evaluate_all("cells => cells.map(c => c.checkVisibility())"))

    solutions.first.locator("summary").click()
    assert code.first.is_visible()
    assert not code.nth(1).is_visible()

    page.locator(".site-nav-top .toggle-solutions").click()   # open the others too
    assert all(code.evaluate_all("cells => cells.map(c => c.checkVisibility())"))
    browser_page.assert_clean()


def test_screenshots_of_the_index_and_a_page_with_formulas_and_figures(offline, site_url, shots):
    browser_page = offline()
    page = browser_page.open(f"{site_url}/index.html")
    page.screenshot(path=str(shots / "site_index.png"))

    page = browser_page.open(f"{site_url}/07_sigmoid_saturation.html")
    figure = page.locator(".jp-OutputArea-output img").first
    figure.evaluate("img => img.scrollIntoView({block: 'end'})")
    page.evaluate("() => window.scrollBy(0, 120)")
    page.screenshot(path=str(shots / "site_page.png"))
    assert_formulas_and_figures_in_view(page)
    browser_page.assert_clean()


def assert_formulas_and_figures_in_view(page):
    in_view = page.evaluate("""() => [...document.querySelectorAll('.MathJax, .jp-OutputArea-output img')]
        .filter(e => { const r = e.getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight; })
        .map(e => e.tagName)""")
    assert "IMG" in in_view and any(tag != "IMG" for tag in in_view), in_view


def test_screenshots_of_the_chinese_index_and_a_chinese_page(offline, site_url, shots):
    browser_page = offline()
    page = browser_page.open(f"{site_url}/zh/index.html")
    page.screenshot(path=str(shots / "site_zh_index.png"))
    assert page.locator(".language-switch").is_visible()

    page = browser_page.open(f"{site_url}/zh/07_sigmoid_saturation.html")
    page.screenshot(path=str(shots / "site_zh_page_top.png"))
    figure = page.locator(".jp-OutputArea-output img").first
    figure.evaluate("img => img.scrollIntoView({block: 'end'})")
    page.evaluate("() => window.scrollBy(0, 120)")
    page.screenshot(path=str(shots / "site_zh_page.png"))
    assert_formulas_and_figures_in_view(page)
    browser_page.assert_clean()


# Elements (outside closed solutions) that reach beyond the right edge of the page.
OVERFLOWING = """() => {
  const edge = document.documentElement.clientWidth + 1;
  return [...document.querySelectorAll('main *')]
    .filter(e => e.checkVisibility() && e.getBoundingClientRect().right > edge)
    .map(e => `${e.tagName}.${e.className}: ${(e.textContent || '').slice(0, 40)}`);
}"""
PRINTED_WIDTH = 688   # CSS pixels: A4 (210 mm) less the print style sheet's margins (2 × 14 mm)


@pytest.mark.parametrize("name", [*NOTEBOOK_PAGES, "zh/05_backprop_equations.html"])
def test_printed_page_fits_the_paper(offline, site_url, name):
    """Typeset on a wide screen, as a reader would, then laid out for print: no formula,
    code, figure or table reaches beyond the paper's edge (MathJax does not typeset again
    for print), and no navigation or prompt is printed."""
    browser_page = offline()
    page = browser_page.open(f"{site_url}/{name}")
    page.set_viewport_size({"width": PRINTED_WIDTH, "height": 1000})
    page.emulate_media(media="print")
    assert page.evaluate(OVERFLOWING) == []
    chrome = page.evaluate("""() => [...document.querySelectorAll('.site-nav, .jp-InputPrompt, .toggle-solutions')]
        .filter(e => e.checkVisibility()).length""")
    assert chrome == 0, "navigation or prompts are printed"
    browser_page.assert_clean()


def test_print_style_makes_a_handout(offline, site_url, shots):
    browser_page = offline()
    page = browser_page.open(f"{site_url}/05_backprop_equations.html")
    page.set_viewport_size({"width": PRINTED_WIDTH, "height": 1000})
    page.emulate_media(media="print")
    page.screenshot(path=str(shots / "site_print.png"))
    page.locator("h2#Exercises").scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "site_print_exercises.png"))

    code_style = page.evaluate("() => getComputedStyle(document.querySelector('.jp-InputArea pre')).whiteSpace")
    assert code_style == "pre-wrap", "code is not wrapped in print"
    exercises = page.evaluate("() => getComputedStyle(document.querySelector('h2#Exercises')).breakBefore")
    assert exercises == "page"
    note = page.evaluate("""() => getComputedStyle(document.querySelector('details.solution > summary'), '::after')
        .content""")
    assert "open it on the page" in note

    pdf = page.pdf(path=str(shots / "site_05_backprop_equations.pdf"), format="A4", print_background=True)
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages >= 5, f"the handout of notebook 05 has {pages} pages"
    browser_page.assert_clean()


def test_chinese_handout_has_its_exercises_on_a_new_page_and_a_chinese_note(offline, site_url):
    browser_page = offline()
    page = browser_page.open(f"{site_url}/zh/05_backprop_equations.html")
    page.emulate_media(media="print")
    exercises = page.evaluate("""() => [...document.querySelectorAll('h2')]
        .filter(h => h.textContent.startsWith('练习')).map(h => getComputedStyle(h).breakBefore)""")
    assert exercises == ["page"]
    note = page.evaluate("""() => getComputedStyle(document.querySelector('details.solution > summary'), '::after')
        .content""")
    assert "打印前在页面上展开" in note
    browser_page.assert_clean()
