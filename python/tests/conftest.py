"""Fixtures: a generated instance, the tool run directly (to compare the package's numbers with the CLI's JSON), and
fake tools for the exit-code and version paths."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys

import numpy as np
import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

import implicitl1  # noqa: E402
from implicitl1 import _tool  # noqa: E402


@pytest.fixture(scope="session")
def instance():
    """m = 20, N = 50, s = 3, seed 1 (the README's instance: unique BP, ϱ = 0.512)."""
    return implicitl1.generate(20, 50, 3, seed=1)


@pytest.fixture
def cli(tmp_path):
    """Runs the tool directly in tmp_path: cli(*args) → (exit code, parsed JSON or None, stderr)."""

    def run(*args, json_output=True):
        command = implicitl1.find_tool().command + [str(a) for a in args]
        done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True)
        data = json.loads(done.stdout, parse_int=_tool.parse_int) if json_output and done.returncode in (0, 10, 13) and done.stdout.strip() else done.stdout
        return done.returncode, data, done.stderr

    run.folder = tmp_path
    return run


@pytest.fixture
def problem_files(instance, tmp_path):
    """The instance as A.npy, y.npy in tmp_path (the cli fixture's folder)."""
    np.save(tmp_path / "A.npy", instance.A)
    np.save(tmp_path / "y.npy", instance.y)
    return ["--A", "A.npy", "--y", "y.npy"]


@pytest.fixture
def fake_tool(tmp_path, monkeypatch):
    """A stand-in tool: `--version` prints 'implicit-l1 $FAKE_VERSION' (or fails like a tool without the option when
    FAKE_VERSION is unset); any command prints 'error: $FAKE_MESSAGE' and exits with $FAKE_CODE."""
    script = tmp_path / "fake-implicit-l1"
    script.write_text(
        "#!/bin/sh\n"
        "if [ \"$1\" = \"--version\" ]; then\n"
        "  if [ -z \"$FAKE_VERSION\" ]; then echo \"error: Unexpected option 'version'.\" >&2; exit 2; fi\n"
        "  echo \"implicit-l1 $FAKE_VERSION\"; exit 0\n"
        "fi\n"
        "echo \"warning: fake warning\" >&2\n"
        "echo \"error: $FAKE_MESSAGE\" >&2\n"
        "exit ${FAKE_CODE:-1}\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("IMPLICITL1_CLI", str(script))
    monkeypatch.setattr(_tool, "_checked", {})
    monkeypatch.setattr(_tool, "_explicit", None)
    return script


def bits(a) -> np.ndarray:
    """The IEEE bit patterns of a float64 array (NaN compared as a pattern too)."""
    return np.ascontiguousarray(np.asarray(a, dtype=np.float64)).view(np.int64)


def assert_bits_equal(actual, expected):
    """Same shape and the same float64 bits (JSON null read as NaN)."""
    actual = np.asarray(actual, dtype=np.float64)
    expected = np.array(expected, dtype=np.float64)
    assert actual.shape == expected.shape
    np.testing.assert_array_equal(bits(actual), bits(expected))
