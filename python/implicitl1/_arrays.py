"""Arrays in and out: inputs checked in Python with the tool's own messages, then written as .npy files."""

from __future__ import annotations

import math
import os
from typing import Optional

import numpy as np

from . import errors

_SUPPORTED = "only little-endian float64 ('<f8') and float32 ('<f4') are supported"


def _why(descr: str) -> str:
    """NpyFile.CheckDtype's reason for refusing a dtype (src/ImplicitL1/IO/NpyFile.cs), word for word."""
    order = descr[0] if descr and descr[0] in "<>|=" else ""
    body = descr[1:] if order else descr
    kind = body[:1]
    size = body[1:]
    if kind == "i":
        return "is a signed integer type"
    if kind == "u":
        return "is an unsigned integer type"
    if kind == "b":
        return "is a boolean type"
    if kind == "c":
        return "is a complex type"
    if kind == "O":
        return "is an object (Python pointer) type"
    if kind in ("U", "S", "a"):
        return "is a string type"
    if kind == "V":
        return "is a raw void/structured type"
    if kind == "M":
        return "is a datetime type"
    if kind == "m":
        return "is a timedelta type"
    if kind == "f":
        if order == ">":
            return "is big-endian"
        if size not in ("8", "4"):
            return f"is a {int(size) * 8}-bit float" if size.isdigit() else "is a non-standard float"
        if order == "|":
            return "has no byte order ('|')"
        if order == "=":
            return "uses native byte order ('='), which NumPy does not write to files"
        return "has no byte-order prefix"
    return "is not a recognized NumPy dtype"


def _shape_text(shape) -> str:
    if len(shape) == 0:
        return "()"
    if len(shape) == 1:
        return f"({shape[0]},)"
    return "(" + ", ".join(str(d) for d in shape) + ")"


def _describe(shape) -> str:
    return "a 0-d array (a scalar)" if len(shape) == 0 else f"a {len(shape)}-D array of shape {_shape_text(shape)}"


def _float_text(v: float) -> str:
    """How .NET prints a non-finite double (invariant culture)."""
    if math.isnan(v):
        return "NaN"
    return "Infinity" if v > 0 else "-Infinity"


def as_float_array(value, name: str, file: str) -> np.ndarray:
    """The array to write for argument ``name`` (file ``file``): a numpy array of float64 or float32.

    Big-endian floats are converted (exactly) to little-endian; anything else that is not '<f8' or '<f4' raises
    UnsupportedTypeError with the message the tool would give for that file."""
    if not isinstance(value, np.ndarray):
        raise errors.UnsupportedTypeError(
            f"{name} must be a numpy.ndarray of float64 or float32 (got {type(value).__module__}.{type(value).__qualname__}); "
            f"convert it with numpy.asarray({name}, dtype=float)")
    dtype = value.dtype
    if dtype.kind == "f" and dtype.itemsize in (4, 8) and dtype.byteorder == ">":
        value = value.astype(dtype.newbyteorder("<"))
    descr = value.dtype.str
    if descr not in ("<f8", "<f4"):
        raise errors.UnsupportedTypeError(f"{file}: dtype '{descr}' {_why(descr)}; {_SUPPORTED}")
    return value


def check_rank(value: np.ndarray, file: str, matrix: bool) -> None:
    """NpyFile.ReadArray/ReadMatrix/ReadVector's shape checks, with their messages."""
    shape = value.shape
    if len(shape) > 2:
        raise errors.ShapeMismatchError(
            f"{file}: {_describe(shape)} is not supported; only vectors (1-D) and matrices (2-D) are")
    if matrix and len(shape) != 2:
        raise errors.ShapeMismatchError(f"{file}: expected a matrix (2-D array) but found {_describe(shape)}")
    if not matrix and not (len(shape) == 1 or (len(shape) == 2 and 1 in shape)):
        raise errors.ShapeMismatchError(
            f"{file}: expected a vector (shape (m,), (m, 1) or (1, m)) but found {_describe(shape)}")


def check_finite(value: np.ndarray, name: str, cols: int, message_tail: str) -> None:
    """RegressionProblem.CheckFinite: the first non-finite entry in row-major order."""
    flat = value.ravel(order="C")
    bad = np.flatnonzero(~np.isfinite(flat))
    if bad.size:
        k = int(bad[0])
        where = f"{name}[{k}]" if cols == 1 else f"{name}[{k // cols}, {k % cols}]"
        raise errors.NonFiniteError(f"{where} is {_float_text(float(flat[k]))}; {message_tail}")


def write_problem(folder: str, A, y, *, validate: bool = True) -> list:
    """Checks (A, y) as the tool would (dtype, rank, lengths, non-empty, finite) and writes A.npy and y.npy into folder;
    returns the tool arguments ``["--A", "A.npy", "--y", "y.npy"]`` (relative to folder, the tool's working folder)."""
    if validate:
        A = as_float_array(A, "A", "A.npy")
        check_rank(A, "A.npy", matrix=True)
        y = as_float_array(y, "y", "y.npy")
        check_rank(y, "y.npy", matrix=False)
        rows, cols = A.shape
        if y.size != rows:
            raise errors.ShapeMismatchError(f"y.npy has {y.size} entries but A.npy has {rows} rows (A is {rows}×{cols}).")
        if rows == 0 or cols == 0:
            raise errors.ShapeMismatchError(f"A must be non-empty but is {rows}×{cols}.")
        check_finite(A, "A", cols, "A and y must be finite.")
        check_finite(y, "y", 1, "A and y must be finite.")
    save(os.path.join(folder, "A.npy"), A)
    save(os.path.join(folder, "y.npy"), y)
    return ["--A", "A.npy", "--y", "y.npy"]


def write_vector(folder: str, value, name: str, length: Optional[int] = None, cols_text: str = "", *,
                 validate: bool = True) -> str:
    """Checks a vector argument as the tool does (dtype, shape; with ``length``, also the length N and finiteness, as
    ``compare`` checks the trained x) and writes name.npy into folder."""
    file = f"{name}.npy"
    if validate:
        value = as_float_array(value, name, file)
        check_rank(value, file, matrix=False)
        if length is not None:
            if value.size != length:
                raise errors.ShapeMismatchError(f"{file} has {value.size} entries but {cols_text}.")
            check_finite(value, name, 1, f"{name} must be finite.")
    save(os.path.join(folder, file), value)
    return file


def save(path: str, value) -> None:
    """np.save without pickles (C or Fortran order as the array is; float32 stays float32)."""
    with open(path, "wb") as f:
        np.save(f, value, allow_pickle=isinstance(value, np.ndarray) and value.dtype.hasobject)


def load(folder: str, files: dict, name: str) -> np.ndarray:
    """Reads array ``name`` of the tool's ``"files"`` object (paths relative to the tool's working folder)."""
    return np.load(os.path.join(folder, files[name]), allow_pickle=False)
