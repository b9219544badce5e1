"""The Chinese edition for a person in JupyterLab with its interface in Chinese (the course's
language pack, Settings > Language): a Chinese notebook runs from the Chinese menu, its σ
slider redraws the picture, and an exercise answered wrong and then right gets the checker's
Chinese verdicts. Every request not to the local server is blocked; the log console stays
empty."""

import time

import pytest

from dnn_core.language import say_in

from .lab import expect, press_keys, replace_cell_source, running_lab, shut_down_kernels, wait_changed, widget_picture

LAYER_FORWARD = """from dnn_core.exercises import check

def layer_forward(W, a_prev, b):
    return 1.0 / (1.0 + np.exp(-(W @ a_prev + b)))

_ = check("layer_forward", layer_forward)
"""


@pytest.fixture(scope="module")
def chinese_lab(tmp_path_factory):
    with running_lab(tmp_path_factory.mktemp("lab-zh"), locale="zh_CN") as server:
        yield server


def open_chinese(browser, lab, name, outside):
    shut_down_kernels(lab)
    base, token = lab
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.set_default_timeout(120_000)
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base)
               else (outside.append(route.request.url), route.abort()))
    page.goto(f"{base}/lab/tree/zh/{name}?reset&token={token}")
    page.locator(".jp-NotebookPanel").first.wait_for()
    expect(page.locator(".jp-StatusBar-Widget").first).to_contain_text("空闲", timeout=120_000)
    return page


def menu(page, top, item):
    page.locator(".lm-MenuBar-itemLabel", has_text=top).first.click()
    page.locator(".lm-Menu-itemLabel", has_text=item).first.click()


def run_all_in_chinese(page, timeout_s=240):
    """运行 > 运行所有单元格, then wait until the kernel is idle (空闲) and no cell is queued."""
    menu(page, "运行", "运行所有单元格")
    page.wait_for_timeout(1000)
    status, prompts = page.locator(".jp-StatusBar-Widget").first, page.locator(".jp-InputPrompt")
    deadline, stable = time.time() + timeout_s, 0
    while stable < 3:
        assert time.time() < deadline, "the notebook did not finish running"
        busy = "空闲" not in status.inner_text() or any("*" in t for t in prompts.all_inner_texts())
        stable = 0 if busy else stable + 1
        page.wait_for_timeout(400)


def log_console_in_chinese(page):
    """The entries of JupyterLab's log console (查看 > 显示日志控制台, "View > Show Log Console")."""
    panel = page.locator(".jp-LogConsolePanel")
    if not panel.count():
        menu(page, "查看", "显示日志控制台")
    panel.first.wait_for()
    page.wait_for_timeout(300)
    return panel.first.locator(".jp-OutputArea-child").all_inner_texts()


def test_the_interface_and_the_notebook_are_chinese(browser, chinese_lab, shots):
    outside = []
    page = open_chinese(browser, chinese_lab, "07_sigmoid_saturation.ipynb", outside)
    expect(page.locator(".lm-MenuBar-itemLabel", has_text="运行").first).to_be_visible()
    expect(page.locator(".jp-Notebook")).to_contain_text("饱和")
    run_all_in_chinese(page)
    slider = page.locator(".widget-slider").filter(
        has=page.locator(".widget-label", has_text="z")).first
    slider.scroll_into_view_if_needed()
    image = widget_picture(slider)
    before = image.get_attribute("src")
    press_keys(slider.locator(".noUi-handle").first, "ArrowRight", 30)
    assert wait_changed(page, image, "src", before, idle="空闲") != before
    page.screenshot(path=str(shots / "zh_07_saturation.png"))
    assert log_console_in_chinese(page) == []
    assert outside == [], f"requests off the machine: {outside}"
    page.close()


def test_an_exercise_gets_chinese_verdicts(browser, chinese_lab, shots):
    outside = []
    page = open_chinese(browser, chinese_lab, "03_forward_pass.ipynb", outside)
    run_all_in_chinese(page)
    cells = page.locator(".jp-Notebook .jp-Cell")
    stub = next(i for i, t in enumerate(cells.all_inner_texts())
                if "def layer_forward" in t and "raise NotImplementedError" in t)
    cell = cells.nth(stub)
    cell.scroll_into_view_if_needed()
    not_attempted = say_in("zh", "check.not_attempted", name="layer_forward")
    expect(cell.locator(".jp-OutputArea")).to_contain_text(not_attempted)
    replace_cell_source(page, cell, LAYER_FORWARD.replace("W @ a_prev + b", "W @ a_prev"))
    expect(cell.locator(".jp-OutputArea")).to_contain_text("layer_forward：还不对——第 ")
    expect(cell.locator(".jp-OutputArea")).to_contain_text("提示：")
    page.screenshot(path=str(shots / "zh_03_exercise_wrong.png"))
    replace_cell_source(page, cell, LAYER_FORWARD)
    expect(cell.locator(".jp-OutputArea")).to_contain_text(say_in("zh", "check.correct", name="layer_forward"))
    page.screenshot(path=str(shots / "zh_03_exercise_correct.png"))
    assert log_console_in_chinese(page) == []
    assert outside == [], f"requests off the machine: {outside}"
    page.close()
