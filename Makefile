# make lab    set up (virtual environment + dnn_core) and open JupyterLab on notebooks/
# make test   set up and run every test: unit tests, and nbval over every notebook
# make bench  set up and run the quick speed measurements in benchmarks/
# make site   set up and build site/: every notebook as an offline HTML page (the handout)

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
PY      = $(VENV)/bin/python
STAMP   = $(VENV)/.installed
LAB_IP   ?= 127.0.0.1
LAB_PORT ?= 8888
# The course's matrices are small: one BLAS thread is as fast on a quiet machine and much
# faster on a busy one (benchmarks/README.md). Override with OPENBLAS_NUM_THREADS=2 make ...
OPENBLAS_NUM_THREADS ?= 1
export OPENBLAS_NUM_THREADS
# The course's JupyterLab settings (jupyter/README.md): widget messages on the kernel's main thread.
export JUPYTER_CONFIG_PATH := $(CURDIR)/jupyter$(if $(JUPYTER_CONFIG_PATH),:$(JUPYTER_CONFIG_PATH),)
# JupyterLab refuses to run as root (containers, CI) unless told it may.
ROOT_FLAG = $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: lab test bench site setup clean

setup: $(STAMP)

$(PY):
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python >= 3.11 is needed, found " + sys.version' 
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[test]"
	@touch $@

lab: $(STAMP)
	@echo "Starting JupyterLab: open the http://$(LAB_IP):$(LAB_PORT)/lab?token=... URL printed below."
	$(VENV)/bin/jupyter lab --no-browser --ip=$(LAB_IP) --port=$(LAB_PORT) \
		--notebook-dir=notebooks $(ROOT_FLAG)

test: $(STAMP)
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) benchmarks/train_speed.py
	$(PY) benchmarks/compare.py --quick
	$(PY) benchmarks/widget_redraw.py
	$(PY) benchmarks/widget_latency.py
	@echo "More: see benchmarks/README.md (full tables, accuracy, the whole course, the profile)."

site: $(STAMP)
	$(PY) tools/build_site.py site

clean:
	rm -rf $(VENV)
