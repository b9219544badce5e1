"""The widgets work for a person in JupyterLab: a slider redraws its plot, Train buttons
change the curves and the decision boundary, an exercise check gives its verdict."""

import re

from .lab import expect, open_notebook, press_keys, replace_cell_source, run_all, wait_changed, widget_picture

LAYER_FORWARD = """from dnn_core.exercises import check

def layer_forward(W, a_prev, b):
    return 1.0 / (1.0 + np.exp(-(W @ a_prev + b)))

_ = check("layer_forward", layer_forward)
"""


def widget_box(page, control):
    """The VBox of the explorer that holds `control`."""
    return control.locator("xpath=ancestor::div[contains(@class, 'widget-vbox')][1]")


def labelled(page, selector, label):
    return page.locator(selector).filter(
        has=page.locator(".widget-label", has_text=re.compile(rf"^{re.escape(label)}$"))).first


def test_saturation_slider_redraws_the_plot(browser, lab, shots):
    page = open_notebook(browser, lab, "07_sigmoid_saturation.ipynb")
    run_all(page)
    slider = labelled(page, ".widget-slider", "z")
    slider.scroll_into_view_if_needed()
    readout = slider.locator(".widget-readout")
    expect(readout).to_have_text("2.00")
    image = widget_picture(slider)
    before = image.get_attribute("src")
    page.screenshot(path=str(shots / "07_saturation_before.png"))

    press_keys(slider.locator(".noUi-handle").first, "ArrowRight", 30)   # z from 2.0 to 5.0, step 0.1
    expect(readout).to_have_text("5.00")
    after = wait_changed(page, image, "src", before)
    page.screenshot(path=str(shots / "07_saturation_after.png"))
    assert after != before
    page.close()


def press_and_wait(page, button, image):
    before = image.get_attribute("src")
    button.click()
    return before, wait_changed(page, image, "src", before, timeout_s=120)


def test_loss_curve_explorer_trains_on_new_settings(browser, lab, shots):
    page = open_notebook(browser, lab, "08_training.ipynb")
    run_all(page)
    train = page.locator("button.jupyter-button", has_text="Train").first
    train.scroll_into_view_if_needed()
    box = widget_box(page, train)
    image = box.locator("img").first
    expect(image).to_be_visible()
    page.screenshot(path=str(shots / "08_explorer_before.png"))
    hidden = labelled(page, ".widget-slider", "hidden units")
    press_keys(hidden.locator(".noUi-handle").first, "ArrowLeft", 5)
    expect(hidden.locator(".widget-readout")).to_have_text("5")
    before, after = press_and_wait(page, train, image)
    page.screenshot(path=str(shots / "08_explorer_after_train.png"))
    assert after != before
    page.close()


def test_playground_buttons_move_the_picture(browser, lab, shots):
    page = open_notebook(browser, lab, "10_playground.ipynb")
    run_all(page)
    train = page.locator("button.jupyter-button", has_text="Train").first
    train.scroll_into_view_if_needed()
    image = widget_picture(train)
    expect(image).to_be_visible()
    page.screenshot(path=str(shots / "10_playground_before.png"))
    first, after_step = press_and_wait(page, page.locator("button.jupyter-button",
                                                          has_text="Step").first, image)
    _, after_train = press_and_wait(page, train, image)
    page.screenshot(path=str(shots / "10_playground_after_train.png"))
    _, after_reset = press_and_wait(page, page.locator("button.jupyter-button",
                                                       has_text="Reset").first, image)
    page.screenshot(path=str(shots / "10_playground_after_reset.png"))
    assert len({first, after_step, after_train, after_reset}) == 4
    page.close()


def test_an_exercise_check_gives_its_verdict(browser, lab, shots):
    page = open_notebook(browser, lab, "03_forward_pass.ipynb")
    run_all(page)
    cells = page.locator(".jp-Notebook .jp-Cell")
    stub = next(i for i, t in enumerate(cells.all_inner_texts())
                if "def layer_forward" in t and "raise NotImplementedError" in t)
    cell = cells.nth(stub)      # by position: its text changes once the learner edits it
    cell.scroll_into_view_if_needed()
    expect(cell.locator(".jp-OutputArea")).to_contain_text("not attempted yet")
    replace_cell_source(page, cell, LAYER_FORWARD)
    expect(cell.locator(".jp-OutputArea")).to_contain_text("layer_forward: correct")
    page.screenshot(path=str(shots / "03_exercise_correct.png"))
    replace_cell_source(page, cell, LAYER_FORWARD.replace("W @ a_prev + b", "W @ a_prev"))
    expect(cell.locator(".jp-OutputArea")).to_contain_text("layer_forward: not yet")
    expect(cell.locator(".jp-OutputArea")).to_contain_text("Hint:")
    page.screenshot(path=str(shots / "03_exercise_wrong.png"))
    page.close()
