"""Execute notebooks from a fresh kernel, in place, as they are stored in the repository.

    python tools/execute_notebook.py notebooks/03_forward_pass.ipynb [more.ipynb ...]

Outputs and execution counts are kept (nbval compares them); what execution adds that is
not part of the course is dropped: the widget state (large, random, not compared) and each
cell's execution timestamps (noise in every diff). Prints each notebook's
execution time. A cell that raises stops the run with the error.
"""

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def execute(path):
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    seconds = time.perf_counter() - start
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    nbformat.write(nb, path)
    return seconds


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(f"{name}: executed in {execute(name):.1f} s")
