"""workshop.core.notebook: reading notebooks fast and turning code cells into a module."""

from __future__ import annotations

import json

import pytest

from tests.conftest import make_notebook
from workshop.core.notebook import NotebookError, code_cells, parse_notebook, to_module, translate_ipython


def test_cells_become_a_module_in_order_with_a_line_map():
    notebook = make_notebook([("markdown", "# Title"), "a = 1", "def f():\n    return a"])
    module = to_module(notebook)
    namespace: dict = {}
    exec(module.source, namespace)
    assert namespace["f"]() == 1
    lines = module.source.splitlines()
    line_of_return = next(i for i, line in enumerate(lines, start=1) if "return a" in line)
    assert module.locate(line_of_return) == (3, 2)


def test_sources_stored_as_lists_of_lines_are_joined():
    notebook = make_notebook(["x = 1"])
    notebook["cells"][0]["source"] = ["x = 1\n", "y = x + 1"]
    namespace: dict = {}
    exec(to_module(notebook).source, namespace)
    assert namespace["y"] == 2


@pytest.mark.parametrize("tag", ["skip-check", "skip"])
def test_tagged_cells_are_left_out(tag):
    notebook = make_notebook(["a = 1", "raise SystemExit"])
    notebook["cells"][1]["metadata"]["tags"] = [tag]
    assert [number for number, _ in code_cells(notebook)] == [1]


def test_the_check_cell_is_left_out_even_untagged():
    notebook = make_notebook(["a = 1", "from workshop import check\ncheck()"])
    assert [number for number, _ in code_cells(notebook)] == [1]


def test_magics_and_shell_lines_become_harmless_python():
    source = "%matplotlib inline\n!pip install x\nfiles = !ls\nlen?\nif True:\n    %time y = 2\nz = 3"
    namespace: dict = {}
    exec(translate_ipython(source), namespace)
    assert namespace["y"] == 2 and namespace["z"] == 3


def test_cell_magics_comment_out_the_cell_except_time():
    namespace: dict = {}
    exec(translate_ipython("%%bash\necho hi\nrm -rf /"), namespace)
    exec(translate_ipython("%%time\nw = 5"), namespace)
    assert namespace["w"] == 5


@pytest.mark.parametrize("data,needle", [
    (b"   ", "empty"),
    (b"PK\x03\x04", "zip"),
    (b"\xff\xfe", "UTF-8"),
    (b"[1, 2", "not valid JSON"),
    (b"[1, 2]", "not a Jupyter notebook"),
    (json.dumps({"nbformat": 3, "worksheets": []}).encode(), "version 3"),
    (json.dumps({"nbformat": 5, "cells": []}).encode(), "format version 5"),
])
def test_bad_files_say_what_is_wrong(data, needle):
    with pytest.raises(NotebookError, match=needle):
        parse_notebook(data)


def test_korean_text_survives():
    notebook = make_notebook(["인사 = '안녕하세요'"])
    namespace: dict = {}
    exec(to_module(parse_notebook(json.dumps(notebook, ensure_ascii=False).encode("utf-8"))).source, namespace)
    assert namespace["인사"] == "안녕하세요"
