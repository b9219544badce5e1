# make lab    set up (.venv with dnn_core) and open JupyterLab on workspace/, your working copy
#             of notebooks/ (made on first use; notebooks/ itself stays as stored)
# make reset  move workspace/ aside to workspace.backup-<date>-<time>/ and make fresh copies
# make app    set up and serve the explorers as an app without code (Voilà), apps/explorers.ipynb
# make test   set up (with the browser-test packages) and run every test: unit tests, nbval
#             over every notebook, the real-browser tests
# make bench  set up and run the quick speed measurements in benchmarks/
# make site   set up and build site/: every notebook as an offline HTML page (the handout)
# make zh     set up and write the Chinese edition notebooks/zh/ from translations/zh/, executed
#
# Settings: LAB_IP, LAB_PORT (JupyterLab), APP_PORT (the app), WORKSPACE (the working copy),
# PROJECTOR=1 (figures larger, for a projector), e.g. make lab LAB_PORT=8890 PROJECTOR=1

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
PY      = $(VENV)/bin/python
# Two install stamps: `make lab` needs only the course, `make test` also the test extra.
LAB_STAMP  = $(VENV)/.installed-lab
TEST_STAMP = $(VENV)/.installed-test
PIP_INSTALL = $(PY) -m pip install --disable-pip-version-check --progress-bar on
LAB_IP    ?= 127.0.0.1
LAB_PORT  ?= 8888
APP_PORT  ?= 8866
WORKSPACE ?= workspace
PROJECTOR ?=
# The course's matrices are small: one BLAS thread is as fast on a quiet machine and much
# faster on a busy one (benchmarks/README.md). Override with OPENBLAS_NUM_THREADS=2 make ...
OPENBLAS_NUM_THREADS ?= 1
export OPENBLAS_NUM_THREADS
# The course's JupyterLab settings (jupyter/README.md): widget messages on the kernel's main thread.
export JUPYTER_CONFIG_PATH := $(CURDIR)/jupyter$(if $(JUPYTER_CONFIG_PATH),:$(JUPYTER_CONFIG_PATH),)
# JupyterLab refuses to run as root (containers, CI) unless told it may.
ROOT_FLAG = $(if $(filter 0,$(shell id -u)),--allow-root,)
# PROJECTOR=1 (anything but empty or 0) reaches the kernels as DNN_PROJECTOR=1.
PROJECTOR_ENV = $(if $(filter-out 0,$(PROJECTOR)),DNN_PROJECTOR=1 ,)

.PHONY: lab reset workspace app test bench site zh setup clean

setup: $(TEST_STAMP)

$(PY):
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python >= 3.11 is needed, found " + sys.version' 
	$(PYTHON) -m venv $(VENV)

$(LAB_STAMP): pyproject.toml | $(PY)
	@echo "Installing the course into $(VENV) (the first time takes a minute or two)..."
	$(PIP_INSTALL) -e .
	@touch $@

$(TEST_STAMP): pyproject.toml | $(PY)
	@echo "Installing the course and its test packages into $(VENV)..."
	$(PIP_INSTALL) -e ".[test]"
	@touch $@ $(LAB_STAMP)

workspace: | $(PY)
	@$(PY) tools/workspace.py ensure --source notebooks --target $(WORKSPACE)

reset: | $(PY)
	@$(PY) tools/workspace.py reset --source notebooks --target $(WORKSPACE)

lab: $(LAB_STAMP) workspace
	@echo "Starting JupyterLab on $(WORKSPACE)/: open the http://$(LAB_IP):$(LAB_PORT)/lab?token=... URL printed below."
	$(PROJECTOR_ENV)$(VENV)/bin/jupyter lab --no-browser --ip=$(LAB_IP) --port=$(LAB_PORT) \
		--notebook-dir=$(WORKSPACE) $(ROOT_FLAG)

# apps/voila.json: the app's template (apps/voila/templates/explorers, found through
# JUPYTER_PATH: Voilà's lab template without its style sheets from a CDN), margins,
# tracebacks shown, only the widget extensions loaded.
app: $(LAB_STAMP)
	@echo "Starting the explorers app: open the http://$(LAB_IP):$(APP_PORT)/ URL printed below."
	$(PROJECTOR_ENV)JUPYTER_PATH=$(CURDIR)/apps$(if $(JUPYTER_PATH),:$(JUPYTER_PATH),) $(VENV)/bin/voila apps/explorers.ipynb \
		--Voila.config_file_paths=apps --no-browser --port=$(APP_PORT) --Voila.ip=$(LAB_IP)

test: $(TEST_STAMP)
	$(PY) -m pytest

bench: $(TEST_STAMP)
	$(PY) benchmarks/train_speed.py
	$(PY) benchmarks/compare.py --quick
	$(PY) benchmarks/widget_redraw.py
	$(PY) benchmarks/widget_latency.py
	@echo "More: see benchmarks/README.md (full tables, accuracy, the whole course, the profile)."

site: $(LAB_STAMP)
	$(PY) tools/build_site.py site

# The Chinese edition: generated from the English notebooks and translations/zh/ (tools/translate.py).
zh: $(LAB_STAMP)
	$(PY) tools/translate.py build
	$(PY) tools/execute_notebook.py notebooks/zh/*.ipynb

clean:
	rm -rf $(VENV)
