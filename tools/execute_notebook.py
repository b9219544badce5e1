"""Execute notebooks from a fresh kernel, in place, as they are stored in the repository.

    python tools/execute_notebook.py notebooks/03_forward_pass.ipynb [more.ipynb ...]

Outputs and execution counts are kept (nbval compares them); what execution adds that is
not part of the course is dropped: the widget state (large, random, not compared) and each
cell's execution timestamps (noise in every diff); consecutive prints to the same stream
are stored as one output. Prints each notebook's
execution time. A cell that raises stops the run with the error.
"""

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def merge_streams(outputs):
    """Consecutive stream outputs of the same stream as one: how the kernel happened to
    flush a cell's prints is noise, not content."""
    merged = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if (output.output_type == "stream" and previous is not None
                and previous.output_type == "stream" and previous.name == output.name):
            previous.text += output.text
        else:
            merged.append(output)
    return merged


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
        if cell.cell_type == "code":
            cell.outputs = merge_streams(cell.outputs)
    nbformat.write(nb, path)
    return seconds


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(f"{name}: executed in {execute(name):.1f} s")
