"""Each exception class raised by a bad input; Python's own checks give the tool's class and message."""

from __future__ import annotations

import numpy as np
import pytest

import implicitl1
from implicitl1 import api, errors

A4 = np.random.default_rng(0).standard_normal((4, 10))
Y4 = A4[:, :2] @ np.array([1.0, -1.0])


def _bad_inputs():
    nan_a = A4.copy()
    nan_a[2, 3] = np.nan
    inf_y = Y4.copy()
    inf_y[1] = -np.inf
    return [
        ("int A", A4.astype(np.int64), Y4, errors.UnsupportedTypeError,
         "A.npy: dtype '<i8' is a signed integer type; only little-endian float64 ('<f8') and float32 ('<f4') are supported"),
        ("complex y", A4, Y4.astype(np.complex128), errors.UnsupportedTypeError,
         "y.npy: dtype '<c16' is a complex type; only little-endian float64 ('<f8') and float32 ('<f4') are supported"),
        ("bool A", A4 > 0, Y4, errors.UnsupportedTypeError, "A.npy: dtype '|b1' is a boolean type"),
        ("float16 y", A4, Y4.astype(np.float16), errors.UnsupportedTypeError, "y.npy: dtype '<f2' is a 16-bit float"),
        ("1-D A", A4[0], Y4, errors.ShapeMismatchError,
         "A.npy: expected a matrix (2-D array) but found a 1-D array of shape (10,)"),
        ("3-D A", A4.reshape(2, 2, 10), Y4, errors.ShapeMismatchError,
         "A.npy: a 3-D array of shape (2, 2, 10) is not supported; only vectors (1-D) and matrices (2-D) are"),
        ("matrix y", A4, np.ones((4, 2)), errors.ShapeMismatchError,
         "y.npy: expected a vector (shape (m,), (m, 1) or (1, m)) but found a 2-D array of shape (4, 2)"),
        ("short y", A4, Y4[:3], errors.ShapeMismatchError, "y.npy has 3 entries but A.npy has 4 rows (A is 4×10)."),
        ("empty A", np.zeros((0, 5)), np.zeros(0), errors.ShapeMismatchError, "A must be non-empty but is 0×5."),
        ("NaN in A", nan_a, Y4, errors.NonFiniteError, "A[2, 3] is NaN; A and y must be finite."),
        ("-inf in y", A4, inf_y, errors.NonFiniteError, "y[1] is -Infinity; A and y must be finite."),
    ]


@pytest.mark.parametrize("what,A,y,cls,message", _bad_inputs(), ids=[b[0] for b in _bad_inputs()])
def test_python_checks_raise_the_tools_class_and_message_before_it_runs(what, A, y, cls, message, monkeypatch):
    def no_tool(*args, **kwargs):
        raise AssertionError("the tool ran although Python should have refused the input")

    monkeypatch.setattr(implicitl1._tool, "run", no_tool)
    with pytest.raises(cls) as caught:
        implicitl1.basis_pursuit(A, y)
    assert caught.value.message.startswith(message)
    assert caught.value.exit_code == cls.exit_code


@pytest.mark.parametrize("what,A,y,cls,message", _bad_inputs(), ids=[b[0] for b in _bad_inputs()])
def test_the_tool_itself_gives_the_same_class_and_message(what, A, y, cls, message, monkeypatch):
    monkeypatch.setattr(api, "CHECK_IN_PYTHON", False)
    with pytest.raises(cls) as caught:
        implicitl1.basis_pursuit(A, y)
    assert caught.value.message.startswith(message)
    monkeypatch.setattr(api, "CHECK_IN_PYTHON", True)
    with pytest.raises(cls) as python:
        implicitl1.basis_pursuit(A, y)
    assert python.value.message == caught.value.message


def test_a_list_is_not_an_array():
    with pytest.raises(errors.UnsupportedTypeError, match=r"A must be a numpy.ndarray .*got builtins.list"):
        implicitl1.limit(A4.tolist(), Y4)
    with pytest.raises(TypeError):  # UnsupportedTypeError is a TypeError too
        implicitl1.limit(A4, list(Y4))


def test_compare_checks_the_trained_vector_like_the_tool(monkeypatch, instance):
    x = np.zeros(49)
    with pytest.raises(errors.ShapeMismatchError) as python:
        implicitl1.compare(instance.A, instance.y, x)
    monkeypatch.setattr(api, "CHECK_IN_PYTHON", False)
    with pytest.raises(errors.ShapeMismatchError) as tool:
        implicitl1.compare(instance.A, instance.y, x)
    assert python.value.message == tool.value.message == "x.npy has 49 entries but A has 50 columns (A is 20×50)."
    nan = np.zeros(50)
    nan[7] = np.nan
    with pytest.raises(errors.NonFiniteError, match=r"^x\[7\] is NaN; x must be finite\.$"):
        implicitl1.compare(instance.A, instance.y, nan)
    monkeypatch.setattr(api, "CHECK_IN_PYTHON", True)
    with pytest.raises(errors.NonFiniteError, match=r"^x\[7\] is NaN; x must be finite\.$"):
        implicitl1.compare(instance.A, instance.y, nan)


def test_usage_error(instance):
    with pytest.raises(errors.UsageError, match="--u0 and --v0 must be given together"):
        implicitl1.train(instance.A, instance.y, param="product", u0=np.ones(50))


def test_invalid_values(instance):
    with pytest.raises(errors.InvalidValueError, match=r"^--alpha: '-1(\.0)?' is not greater than 0") as caught:
        implicitl1.limit(instance.A, instance.y, depth=2, alphas=[1e-3, -1.0])
    assert caught.value.exit_code == 3
    with pytest.raises(errors.InvalidValueError, match=r"^--depth must be a number ≥ 2, got '1.5'"):
        implicitl1.limit(instance.A, instance.y, depth=1.5)
    with pytest.raises(ValueError, match="needs C\\(N,s\\)·2\\^\\(s−1\\) = 240 LPs"):  # also a ValueError
        implicitl1.nsp(instance.A[:8, :16], 2, exact=True, max_lps=10)


def test_unreadable_spec(tmp_path):
    with pytest.raises(errors.UnreadableFileError, match="spec"):
        implicitl1.sweep(tmp_path / "missing.json", tmp_path / "s.db")


def test_corrupt_database(tmp_path):
    db = tmp_path / "not.db"
    db.write_text("this is not an SQLite database, just text " * 100)
    with pytest.raises(errors.CorruptFileError):
        implicitl1.sweep({"problem": {"m": 5, "n": 10, "s": 1}, "method": {"depth": 2, "alpha": 1e-3}}, db)


def test_infeasible():
    A = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
    y = np.array([1.0, 1.0])
    with pytest.raises(errors.InfeasibleError, match="not in the range of A"):
        implicitl1.limit(A, y)
    with pytest.raises(errors.InfeasibleError):
        implicitl1.basis_pursuit(A, y)


def test_database_of_another_spec(tmp_path):
    db = tmp_path / "s.db"
    implicitl1.sweep({"problem": {"m": 5, "n": 10, "s": 1}, "method": {"depth": 2, "alpha": 1e-3}}, db)
    with pytest.raises(errors.DatabaseMismatchError):
        implicitl1.sweep({"problem": {"m": 5, "n": 10, "s": 1}, "method": {"depth": 3, "alpha": 1e-3}}, db)


def test_unwritable_output(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("a file, not a folder")
    with pytest.raises(errors.UnwritableError):
        implicitl1.reproduce("tightness", blocker / "report", quick=True)


def test_a_warning_of_the_tool_becomes_a_python_warning():
    A = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    with pytest.warns(implicitl1.ImplicitL1Warning, match="not overparameterized"):
        implicitl1.basis_pursuit(A, A @ np.array([1.0, 2.0]))


@pytest.mark.parametrize("code,cls", sorted(errors.BY_EXIT_CODE.items()))
def test_every_exit_code_maps_to_its_class_with_the_message(code, cls, fake_tool, monkeypatch, instance):
    monkeypatch.setenv("FAKE_VERSION", implicitl1.TOOL_VERSION)
    monkeypatch.setenv("FAKE_CODE", str(code))
    monkeypatch.setenv("FAKE_MESSAGE", f"message of exit code {code}")
    with pytest.warns(implicitl1.ImplicitL1Warning, match="fake warning"):
        with pytest.raises(cls) as caught:
            implicitl1.basis_pursuit(instance.A, instance.y)
    e = caught.value
    assert type(e) is cls and e.exit_code == code and e.message == f"message of exit code {code}"
    assert isinstance(e, errors.ImplicitL1Error) and "message of exit code" in e.stderr and e.command[-1] == "json"


def test_an_unknown_exit_code_is_the_base_class(fake_tool, monkeypatch, instance):
    monkeypatch.setenv("FAKE_VERSION", implicitl1.TOOL_VERSION)
    monkeypatch.setenv("FAKE_CODE", "42")
    monkeypatch.setenv("FAKE_MESSAGE", "new failure")
    with pytest.warns(implicitl1.ImplicitL1Warning):
        with pytest.raises(errors.ImplicitL1Error) as caught:
            implicitl1.basis_pursuit(instance.A, instance.y)
    assert type(caught.value) is errors.ImplicitL1Error and caught.value.exit_code == 42
